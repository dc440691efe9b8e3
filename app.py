"""bureau-scribe 的 Streamlit 应用入口：页面配置、导航和侧栏的模式标识。运行：streamlit run app.py"""

from __future__ import annotations

import logging

import streamlit as st

from scribe.app.state import load_settings, mode_badge

if not logging.getLogger().handlers:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

APP_NAME = "科技局报告助手"
# Set before anything else on every run, whichever URL was opened first: the layout is wide from the first request.
st.set_page_config(page_title=APP_NAME, page_icon=":material/description:", layout="wide")

PAGES = [
    st.Page("app_pages/chat.py", title="问答", icon=":material/forum:", url_path="chat", default=True),
    st.Page("app_pages/draft.py", title="起草", icon=":material/edit_document:", url_path="draft"),
    st.Page("app_pages/library.py", title="资料库", icon=":material/folder_open:", url_path="library"),
    st.Page("app_pages/indicators.py", title="指标", icon=":material/bar_chart:", url_path="indicators"),
    st.Page("app_pages/evaluation.py", title="评估", icon=":material/fact_check:", url_path="evaluation"),
    st.Page("app_pages/settings.py", title="设置", icon=":material/settings:", url_path="settings"),
]

page = st.navigation(PAGES)
st.set_page_config(page_title=f"{page.title}｜{APP_NAME}")  # the browser tab names the page, in Chinese
settings = load_settings()
with st.sidebar:
    mode_badge(settings)
page.run()
