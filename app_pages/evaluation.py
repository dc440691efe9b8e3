"""评估：在当前资料库上运行问答、数字核查、起草和摘要评估，查看指标与失败案例。"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import streamlit as st

from scribe.app.frames.evaluation import (
    claims_sources_dir,
    dataset_candidates,
    history_frame,
    models_frame,
    qa_failures_frame,
    qa_metrics_frame,
)
from scribe.app.state import get_catalog, get_offline_qa_chain, get_qa_chain, guard, load_settings
from scribe.settings import REPO_ROOT

settings = load_settings()
st.session_state.setdefault("eval_runs", [])  # this session's runs: (time, kind, mode, headline)

st.title("评估")
st.caption(
    "在当前资料库上运行评估。运行历史尚未持久保存（eval/history.py 尚不存在），下方“本次会话的运行”只记录当前浏览器会话。"
)
FOLDERS = [REPO_ROOT / "eval" / "datasets", REPO_ROOT.parent / "shared" / "eval"]


def record(kind: str, headline: str) -> None:
    st.session_state["eval_runs"].append(
        {"时间": datetime.now().strftime("%H:%M:%S"), "评估": kind, "模式": settings.mode_label, "结果": headline}
    )


qa_tab, claims_tab, draft_tab, summary_tab, runs_tab, history_tab = st.tabs(
    ["问答", "数字核查", "起草", "摘要", "本次会话的运行", "历史（scribe eval all）"]
)

with qa_tab:
    datasets = dataset_candidates(FOLDERS, "*qa*.jsonl")
    if not datasets:
        st.info("没有找到问答评估数据集（eval/datasets/*qa*.jsonl）。")
    else:
        path = st.selectbox("数据集", datasets, format_func=lambda p: str(p), key="qa_dataset")
        offline = st.checkbox("只用离线引擎（不调用大模型）", value=True, key="qa_offline")
        if st.button("运行问答评估", type="primary", key="run_qa"):
            with guard("问答评估"):
                from eval.qa_eval import load_items, run_qa

                items = load_items(Path(path))
                known = {d.file_name for d in get_catalog(settings).list_documents()}
                missing = sorted({i.doc for i in items if i.doc and i.doc not in known})
                if missing:
                    st.warning(f"资料库中缺少数据集引用的文档：{'、'.join(missing)}；相关题目会失分。")
                chain = get_offline_qa_chain(settings) if offline else get_qa_chain(settings)
                bar = st.progress(0.0, text="问答评估")
                report = run_qa(
                    chain,
                    items,
                    progress=lambda done, total: bar.progress(done / max(total, 1), text=f"问答评估 {done}/{total}"),
                )
                st.session_state["qa_report"] = report
                record("问答", f"{report.n} 题，数字准确率 {report.figure_accuracy:.1%}，MRR {report.mrr:.3f}")
        report = st.session_state.get("qa_report")
        if report is not None:
            st.dataframe(qa_metrics_frame(report), hide_index=True, key="qa_metrics")
            st.caption(f"延迟 p50 {report.latency_p50_ms:.0f} ms，p95 {report.latency_p95_ms:.0f} ms")
            failures = qa_failures_frame(report)
            st.markdown(f"**失败案例（{len(failures)}）**")
            st.dataframe(failures, hide_index=True, key="qa_failures")

with claims_tab:
    datasets = dataset_candidates(FOLDERS, "*claims*.jsonl")
    if not datasets:
        st.info("没有找到数字核查数据集（eval/datasets/*claims*.jsonl）。")
    else:
        path = st.selectbox("数据集", datasets, format_func=lambda p: str(p), key="claims_dataset")
        if st.button("运行数字核查评估", type="primary", key="run_claims"):
            with guard("数字核查评估"), st.spinner("逐条核对中…"):
                from eval.claims import load_claims, run_claims

                items = load_claims(Path(path))
                folder = claims_sources_dir((i.doc for i in items), get_catalog(settings).list_documents())
                if folder is None:
                    st.error("资料库中没有该数据集引用的任何文档；请先入库对应报告（如 data/sample）。")
                    st.stop()
                claims = run_claims(items, folder)
                st.session_state["claims_report"] = claims
                record(
                    "数字核查",
                    f"{claims.n} 条，准确率 {claims.accuracy:.1%}，均衡准确率 {claims.balanced_accuracy:.1%}",
                )
        claims = st.session_state.get("claims_report")
        if claims is not None:
            st.dataframe(
                models_frame(
                    [claims, claims.baseline],
                    {
                        "n": "条数",
                        "accuracy": "准确率",
                        "balanced_accuracy": "均衡准确率",
                        "unsupported_precision": "无来源精确率",
                        "unsupported_recall": "无来源召回率",
                        "false_alarm_rate": "误报率",
                    },
                ).assign(系统=["本系统", "朴素基线"]),
                hide_index=True,
                key="claims_metrics",
            )
            if claims.missing_docs:
                st.warning(f"缺少文档：{'、'.join(claims.missing_docs)}")
            wrong = [r for r in claims.items if not r.correct and not r.missing_doc]
            st.markdown(f"**失败案例（{len(wrong)}）**")
            st.dataframe(
                models_frame(
                    wrong,
                    {
                        "id": "编号",
                        "doc": "文档",
                        "kind": "类型",
                        "label": "标注",
                        "predicted": "判定",
                        "reason": "原因",
                    },
                ),
                hide_index=True,
                key="claims_failures",
            )

with draft_tab:
    st.caption("为每个有总结的单位离线起草下一期计划，与其真实计划用同一套指标比较。")
    if st.button("运行起草评估", type="primary", key="run_draft_eval"):
        with guard("起草评估"), st.spinner("起草并评分中…"):
            from eval.draft_eval import evaluate_drafts

            results = evaluate_drafts(get_catalog(settings))
            st.session_state["draft_eval"] = results
            record("起草", f"{len(results)} 个单位")
    results = st.session_state.get("draft_eval")
    if results is not None:
        columns = {
            "bureau": "单位",
            "period": "时期",
            "skipped": "跳过原因",
            "draft.figure_faithfulness": "草稿数字可信",
            "draft.problem_coverage": "草稿问题覆盖",
            "draft.style_conformity": "草稿文风一致",
            "draft.leakage": "草稿串单位",
            "real.figure_faithfulness": "真实计划数字可信",
            "real.style_conformity": "真实计划文风一致",
        }
        st.dataframe(models_frame(results, columns), hide_index=True, key="draft_eval_table")

with summary_tab:
    st.caption("为每篇报告生成离线摘要，统计章节覆盖、关键指标收录和数字可信度。")
    if st.button("运行摘要评估", type="primary", key="run_summary_eval"):
        with guard("摘要评估"), st.spinner("摘要并评分中…"):
            from eval.summary_eval import evaluate_summaries

            summary_report = evaluate_summaries(get_catalog(settings))
            st.session_state["summary_eval"] = summary_report
            record("摘要", f"{len(summary_report.documents)} 篇")
    summary_report = st.session_state.get("summary_eval")
    if summary_report is not None:
        columns = {
            "doc": "文档",
            "bureau": "单位",
            "sections_covered": "覆盖章节",
            "sections_total": "章节数",
            "key_included": "收录关键指标",
            "key_indicators": "关键指标数",
            "faithful": "可信数字",
            "figures": "数字数",
            "clean": "全部通过",
        }
        st.dataframe(models_frame(summary_report.documents, columns), hide_index=True, key="summary_eval_table")

with runs_tab:
    if st.session_state["eval_runs"]:
        st.dataframe(st.session_state["eval_runs"], hide_index=True, key="eval_runs_table")
    else:
        st.caption("本次会话还没有运行评估。")

with history_tab:
    st.caption("`scribe eval all` 和 `scribe eval gate` 每次运行都记入历史；箭头表示与上一次相比的变化。")
    with guard("读取评估历史"):
        from eval.history import HISTORY_FILE, History

        past = History(settings.data_dir / HISTORY_FILE).runs(limit=30)
        if past:
            st.dataframe(history_frame(past), hide_index=True, key="eval_history_table")
        else:
            st.caption("还没有历史记录：在命令行运行 `scribe eval all` 后这里会显示每次的指标。")
