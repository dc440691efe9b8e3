"""问答：带来源引用的回答，每个数字按核对结果着色。"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from scribe.app.frames.library import filter_options
from scribe.app.state import get_catalog, get_qa_chain, guard, load_settings, mode_badge, warm_up
from scribe.app.ui import (
    citation_title,
    failing_breakdown,
    highlight_html,
    quote_html,
    verdict_counts,
    verdict_table,
)

if TYPE_CHECKING:
    from chains.models import Answer

ALL = "全部"
EXAMPLE = "洞头区上半年规上工业研发费用是多少？"

settings = load_settings()
st.session_state.setdefault("chat_messages", [])  # list[tuple[str, Answer]]
st.session_state.setdefault("chat_turns", [])  # list[Turn]

st.title("问答")
mode_badge(settings)


def render_answer(answer: Answer, key: str) -> None:
    st.html(highlight_html(answer.text, answer.verdicts))
    figures, failing = verdict_counts(answer.verdicts)
    where = answer.model or ("抽取式" if answer.mode == "offline" else "生成式")
    st.caption(f"{where}｜{answer.latency_ms} ms｜{figures} 个数字：{failing_breakdown(answer.verdicts)}")
    if failing:
        st.warning(f"注意：回答中有 {failing} 个数字未通过核对（红色），请展开“数字核对”查看原因。")
    if answer.verdicts:
        with st.expander(f"数字核对（{figures}）", expanded=bool(failing)):
            st.dataframe(verdict_table(answer.verdicts), hide_index=True, key=f"{key}-verdicts")
    for c in answer.citations:
        with st.expander(citation_title(c)):
            st.html(quote_html(c))


with st.sidebar:
    st.subheader("筛选")
    options = filter_options([])
    with guard("读取资料库"):
        catalog = get_catalog(settings)
        options = filter_options(catalog.list_documents(), catalog.bureaus())
    bureau = st.selectbox("单位", [ALL, *options.bureaus], key="chat_bureau")
    year = st.selectbox("年份", [ALL, *options.years], key="chat_year")
    period = st.selectbox("时期", [ALL, *options.periods], key="chat_period")
    if st.button("清空对话", icon=":material/delete_sweep:", width="stretch"):
        st.session_state["chat_messages"] = []
        st.session_state["chat_turns"] = []
        st.rerun()

if not st.session_state["chat_messages"]:
    st.info(
        f"请在下方输入问题，例如：{EXAMPLE}  回答中的数字均与原文核对：绿色有来源，蓝色为推算，灰色为占位，红色未通过。"
    )

for i, (question, answer) in enumerate(st.session_state["chat_messages"]):
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        render_answer(answer, f"a{i}")

question = st.chat_input(f"请输入问题，如：{EXAMPLE}")
if question:
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"), guard("回答"):
        from chains.followup import Turn
        from vectorstore.retrieval import Filters

        filters = Filters(
            bureau=None if bureau == ALL else bureau,
            year=None if year == ALL else int(year),
            period=None if period == ALL else period,
        )
        chain = get_qa_chain(settings)
        slot = st.empty()
        with st.spinner("正在查找资料…"):
            stream = chain.stream(question, filters=filters, history=st.session_state["chat_turns"])
            preview = stream.wait_preview()  # the checked source quotes, before the model is asked
        with slot.container():
            if preview is not None:  # shown at once; the model's wording streams in below and then replaces it
                st.caption("资料原文摘录（已核对）——模型正在据此组织回答，完成并核对后替换为下方的最终回答：")
                st.html(highlight_html(preview.text, preview.verdicts))
                st.caption("模型回答（生成中，尚未核对）：")
            st.write_stream(stream)  # tokens as they arrive; replaced below by the checked answer
        answer = stream.answer
        slot.empty()
        render_answer(answer, f"a{len(st.session_state['chat_messages'])}")
        st.session_state["chat_messages"].append((question, answer))
        st.session_state["chat_turns"].append(
            Turn(
                question=question,
                resolved_question=answer.resolved_question,
                answer=answer.text,
                bureaus=list(answer.scope.bureaus),
            )
        )

warm_up(settings)  # after the page is drawn: loads the models so that the first answer is quick
