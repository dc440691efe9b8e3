"""bureau-scribe 的 Streamlit 应用入口：页面配置、导航和侧栏的模式标识。运行：streamlit run app.py"""

from __future__ import annotations

import logging

import streamlit as st

from scribe.app.state import load_settings, mode_badge
from scribe.app.ui import app_style

if not logging.getLogger().handlers:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

APP_NAME = "科技局报告助手"
# Set before anything else on every run, whichever URL was opened first: the layout is wide from the first request.
st.set_page_config(page_title=APP_NAME, page_icon=":material/description:", layout="wide")

CHAT = st.Page(
    "app_pages/chat.py", title="问答", icon=":material/forum:", url_path="qa", default=True, help="带来源引用的问答"
)


def _chat_alias() -> None:
    """``/chat`` (the chat page's address before it became the start page) still opens it, for old bookmarks."""
    st.switch_page(CHAT)


PAGES = [
    CHAT,
    st.Page(
        "app_pages/draft.py",
        title="起草",
        icon=":material/edit_document:",
        url_path="draft",
        help="起草下一时期工作思路",
    ),
    st.Page(
        "app_pages/library.py",
        title="资料库",
        icon=":material/folder_open:",
        url_path="library",
        help="上传、更正、摘要",
    ),
    st.Page(
        "app_pages/indicators.py",
        title="指标",
        icon=":material/bar_chart:",
        url_path="indicators",
        help="指标台账与对比",
    ),
    st.Page(
        "app_pages/evaluation.py", title="评估", icon=":material/fact_check:", url_path="evaluation", help="运行评估"
    ),
    st.Page(
        "app_pages/settings.py",
        title="设置",
        icon=":material/settings:",
        url_path="settings",
        help="当前设置与连接测试",
    ),
    st.Page(_chat_alias, title="问答", url_path="chat", visibility="hidden"),
]

page = st.navigation(PAGES)
st.set_page_config(page_title=f"{page.title}｜{APP_NAME}")  # the browser tab names the page, in Chinese
st.html(app_style())  # Streamlit's own English widget texts, replaced
settings = load_settings()
with st.sidebar:
    mode_badge(settings)
page.run()
