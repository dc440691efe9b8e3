"""设置：当前生效的设置（API Key 从不显示），测试大模型接口与向量库的连接。"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from dotenv import dotenv_values

from scribe.app.state import check_chroma, check_llm, get_store, guard, load_settings, mode_badge
from scribe.app.ui import settings_groups

settings = load_settings()

st.title("设置")
mode_badge(settings)
st.caption(
    "每项设置取自环境变量（前缀 SCRIBE_），其次是 .env 文件，都没有时用默认值；修改后请重启应用。"
    "接口密钥（API Key）只显示是否已设置。"
)
dotenv = dotenv_values(Path(".env")) if Path(".env").is_file() else {}
for group, rows in settings_groups(settings, os.environ, dotenv).items():
    st.markdown(f"**{group}**")
    st.table(rows.set_index("设置项"))

st.subheader("连接测试")
llm_col, chroma_col = st.columns(2)
with llm_col:
    st.markdown("**大模型接口**")
    st.caption(settings.llm_base_url or "未配置（离线模式）")
    if st.button("测试连接", key="test_llm", icon=":material/network_check:"):
        with guard("测试大模型连接"), st.spinner("正在连接…"):
            st.session_state["check_llm"] = check_llm(settings)
    if "check_llm" in st.session_state:
        result = st.session_state["check_llm"]
        (st.success if result.ok else st.error)(result.message)
with chroma_col:
    st.markdown("**向量库 Chroma**")
    st.caption(f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.chroma_dir))
    if st.button("测试连接", key="test_chroma", icon=":material/database:"):
        with guard("测试向量库连接"), st.spinner("正在连接…"):
            st.session_state["check_chroma"] = check_chroma(settings)
    if "check_chroma" in st.session_state:
        result = st.session_state["check_chroma"]
        (st.success if result.ok else st.error)(result.message)

st.subheader("资料库统计")
with guard("读取资料库统计"):
    stats = get_store(settings).stats()
    cols = st.columns(4)
    for col, (label, key) in zip(
        cols, [("文档", "documents"), ("文本块", "chunks"), ("数字", "figures"), ("向量", "vectors")], strict=True
    ):
        col.metric(label, stats.get(key, 0))
    st.caption(
        f"嵌入模型：{stats.get('embedding_model')}（{stats.get('embedding_dim')} 维）｜数据目录：{stats.get('data_dir')}"
    )
