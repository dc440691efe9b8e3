"""指标：数字台账（可筛选，每行附来源句）和同一指标在各单位、各时期间的对比图。"""

from __future__ import annotations

import altair as alt
import streamlit as st

from scribe.app.frames.indicators import (
    KIND_WORDS,
    OTHER_ROW,
    comparable_metrics,
    compare_frame,
    comparison_frame,
    filter_ledger,
    indicator_names,
    indicator_share,
    ledger_frame,
    period_warning,
)
from scribe.app.state import get_catalog, guard, load_settings

settings = load_settings()
st.title("指标")
st.caption(
    "已入库报告中的指标数字（台账），指标名按指标词典统一。数值已换算：金额以万元计，排名以名次计。"
    "活动、会议、党建等其他数字默认不显示。"
)

frame = None
with guard("读取数字台账"):
    catalog = get_catalog(settings)
    frame = ledger_frame(catalog.figure_rows(), catalog.list_documents())
if frame is None or frame.empty:
    st.info("台账为空：请先在“资料库”页上传并入库报告。")
    st.stop()

c1, c2, c3 = st.columns(3)
bureaus = c1.multiselect("单位", sorted(frame["单位"].unique()), placeholder="全部单位", key="ind_bureaus")
periods = c2.multiselect("时期", sorted(frame["时期"].unique()), placeholder="全部时期", key="ind_periods")
chosen = c3.multiselect("指标", indicator_names(frame), placeholder="全部指标", key="ind_indicators")
c4, c5, c6 = st.columns([2, 3, 2])
kinds = c4.multiselect(
    "类别", [k for k in KIND_WORDS.values() if k in set(frame["类别"])], placeholder="全部类别", key="ind_kinds"
)
metric = c5.text_input("指标名包含", placeholder="如 研发费用", key="ind_metric")
others = c6.checkbox(f"显示{OTHER_ROW}", key="ind_others", help="活动次数、会议、党建、具名企业等不属于指标词典的数字")
shown = filter_ledger(
    frame, bureaus=bureaus, periods=periods, kinds=kinds, metric=metric, indicators=chosen, others=others
)
hidden = int((frame["台账"] == OTHER_ROW).sum())
classes = frame[frame["台账"] == OTHER_ROW]["其他类别"].value_counts()
st.caption(
    f"共 {len(shown)} 条（全部 {len(frame)} 条，其中{OTHER_ROW} {hidden} 条"
    + ("已显示" if others else "未显示")
    + ("：" + "、".join(f"{name} {n}" for name, n in classes.items()) if hidden else "")
    + f"）；所显示的行中指标占 {indicator_share(shown):.0%}"
)
st.dataframe(
    shown.drop(columns=["台账"] if others else ["台账", "其他类别"]),
    hide_index=True,
    key="ledger",
    column_config={
        "指标": st.column_config.TextColumn("指标", help="指标词典中的名称（其他数字为原文用词）"),
        "原文指标": st.column_config.TextColumn("原文指标", help="报告原文中的指标用词"),
        "来源句": st.column_config.TextColumn("来源句", width="large", help="数字所在的原文句子"),
        "数值": st.column_config.NumberColumn("数值", format="%.4g"),
        "核对": st.column_config.TextColumn("核对", help="扫描件经 OCR 识别的数字，请对照原件核对"),
    },
)

st.subheader("口径对比（逐行标注统计期与原文用词）")
query = st.text_input("指标", value="规上工业研发费用", key="ind_compare_metric")
include_targets = st.checkbox("包含计划目标", key="ind_compare_targets")
if query.strip():
    with guard("对比指标"):
        from chains.compare import compare_metric
        from chains.summary.export import comparison_blocks, docx_bytes, to_markdown

        result = compare_metric(catalog, query.strip(), include_targets=include_targets)
        if not result.rows:
            st.info("各报告中没有找到该指标。")
        else:
            st.dataframe(compare_frame(result), hide_index=True, key="ind_compare_rows")
            st.write(result.paragraph)
            blocks = comparison_blocks(result)
            md_col, docx_col = st.columns(2)
            md_col.download_button("下载对比 .md", to_markdown(blocks), file_name="指标对比.md", on_click="ignore")
            docx_col.download_button("下载对比 .docx", docx_bytes(blocks), file_name="指标对比.docx", on_click="ignore")

st.subheader("指标对比图")
choices = comparable_metrics(shown) or comparable_metrics(frame)
if not choices:
    st.info("没有两个以上单位或时期都报告了的同一指标，暂无可对比的图。")
    st.stop()
default = next((i for i, k in enumerate(choices) if k == "规上工业研发费用（增速）"), 0)
key = st.selectbox("选择指标（只比较完成数，不含目标）", choices, index=default, key="ind_chart_metric")
data = comparison_frame(frame, key)
unit = data["计量单位"].iloc[0] if not data.empty else ""
warning = period_warning(data)
if warning:
    st.warning(warning + "。图中每根柱子上标出了它的统计期。")
bars = (
    alt.Chart(data)
    .mark_bar()
    .encode(
        x=alt.X("单位:N", title="单位", axis=alt.Axis(labelAngle=0)),
        xOffset="时期:N",
        y=alt.Y("数值:Q", title=f"数值（{unit}）"),
        color=alt.Color("时期:N", title="统计期"),
        tooltip=["单位", "时期", "原文", "来源句"],
    )
)
labels = bars.mark_text(dy=-8, fontSize=12).encode(text="时期:N")
chart = (bars + labels).properties(height=360, title=warning or f"{key}：同一统计期口径")
st.altair_chart(chart, key="ind_chart")
st.dataframe(data, hide_index=True, key="ind_chart_rows")
