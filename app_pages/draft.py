"""起草：按本单位文风起草下一期工作思路；数字逐个核对，存在问题逐条回应，可下载 .docx / .md。"""

from __future__ import annotations

import streamlit as st

from scribe.app.frames.draft import coverage_frame, draft_figures_frame, draft_html, draft_targets, split_list
from scribe.app.state import (
    focus_search,
    get_catalog,
    get_chat_model,
    get_run_log,
    guard,
    load_settings,
    mode_badge,
)
from scribe.app.ui import DRAFT_STATE_STYLES, progress_text

settings = load_settings()
st.title("起草")
mode_badge(settings)

targets = []
with guard("读取资料库"):
    from chains.style import build_profile
    from vectorstore.anatomy import corpus_parts

    corpus = corpus_parts(get_catalog(settings))
    targets = draft_targets(corpus)
if not targets:
    st.info("资料库中还没有报告：请先在“资料库”页上传本单位以往的工作总结或计划。")
    st.stop()

by_label = {t.label: t for t in targets}
left, right = st.columns([1, 1])
label = left.selectbox("单位", list(by_label), key="draft_bureau")
target = by_label[label]
period = right.text_input(
    "计划时期", value=target.period, placeholder="如 2024年下半年、2025年", key=f"draft_period-{target.key}"
)
focus_text = st.text_input(
    "重点方面（可选，多个用逗号分隔）", placeholder="如 科技企业培育，人才引进", key="draft_focus"
)
suggest = st.checkbox("目标给出建议值（标注依据），而不是留 X 待填", key="draft_suggest")

with st.expander("将遵循的文风", expanded=False), guard("分析文风"):
    st.text(build_profile(target.key, corpus).describe())

if st.button("生成草稿", type="primary", icon=":material/edit_note:"):
    with guard("起草"), st.status("正在起草…", expanded=True) as status:
        from chains.draft import DraftRequest, draft_plan

        focus = split_list(focus_text)
        request = DraftRequest(bureau=target.key, period=period.strip(), focus=focus, suggest_targets=suggest)
        llm = get_chat_model(settings)
        st.write("收集本单位的总结、存在问题、以往计划和数字台账…")
        search = focus_search(settings, target.key) if focus else None
        st.write(
            "按本单位文风起草并核对每个数字…" if llm is None else f"由 {settings.llm_model} 起草，随后核对每个数字…"
        )
        bar = st.progress(0.0, text="起草：准备提纲…")

        def on_section(n: int, total: int, title: str) -> None:
            bar.progress(min(1.0, n / total) if total else 1.0, text=progress_text("起草", n, total, title))

        plan = draft_plan(
            get_catalog(settings),
            request,
            llm=llm,
            run_log=get_run_log(settings) if llm is not None else None,
            search=search,
            progress=on_section,
        )
        bar.progress(1.0, text="起草：完成")
        st.session_state["draft_plan"] = plan
        status.update(label="草稿已生成", state="complete", expanded=False)

plan = st.session_state.get("draft_plan")
if plan is not None:
    from chains.draft.export import plan_docx_bytes, plan_markdown

    st.divider()
    legend = "　".join(
        f'<span style="color:{s.colour};font-weight:600">■ {s.label}</span>' for s in DRAFT_STATE_STYLES.values()
    )
    st.html(f'<div style="font-size:0.9em">{legend}</div>')
    notes = st.toggle("在每条下显示依据（上期成效、存在问题、以往计划、目标）", value=True, key="draft_notes")
    st.html(draft_html(plan, notes=notes))
    st.caption(f"{'离线起草' if plan.mode == 'offline' else '生成模式起草'}｜约 {plan.chars} 字")
    for note in plan.notes:
        st.info(note)
    if plan.issues:
        with st.expander(f"核对提示（{len(plan.issues)}）"):
            for issue in plan.issues:
                st.text(f"{issue.item or ''} {issue.detail}".strip())
    st.subheader("存在问题的回应情况")
    if plan.coverage:
        st.dataframe(coverage_frame(plan), hide_index=True, key="draft_coverage")
    else:
        st.caption("本单位报告中没有识别出“存在问题”部分。")
    with st.expander("数字来源"):
        st.dataframe(draft_figures_frame(plan), hide_index=True, key="draft_figures")
    d1, d2 = st.columns(2)
    d1.download_button(
        "下载 .docx",
        plan_docx_bytes(plan),
        file_name=f"{plan.title}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        icon=":material/download:",
        key="download_docx",
        on_click="ignore",
    )
    d2.download_button(
        "下载 .md",
        plan_markdown(plan),
        file_name=f"{plan.title}.md",
        mime="text/markdown",
        icon=":material/download:",
        key="download_md",
        on_click="ignore",
    )
