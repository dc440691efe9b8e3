"""资料库：上传并入库报告，查看、删除文档，更正单位/年份/时期，生成摘要。"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from scribe.app.frames.draft import parse_years
from scribe.app.frames.indicators import summary_indicator_frame
from scribe.app.frames.library import (
    STAGE_WORDS,
    FileMessage,
    IngestProgress,
    check_upload,
    documents_frame,
    duplicate_lines,
    ingest_messages,
    save_upload,
)
from scribe.app.state import get_catalog, get_chat_model, get_run_log, get_store, guard, load_settings
from scribe.app.ui import answer_segments, progress_text, segments_html
from vectorstore.loaders import SUPPORTED_SUFFIXES

settings = load_settings()
st.session_state.setdefault("upload_round", 0)
st.session_state.setdefault("ingest_messages", [])

st.title("资料库")

show = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}
for message in st.session_state["ingest_messages"]:
    show[message.level](message.text)

# --- upload and ingest --------------------------------------------------------------------------------------
st.subheader("上传报告")
suffixes = sorted(SUPPORTED_SUFFIXES)
files = st.file_uploader(
    f"选择报告文件（可多选）：支持 {' '.join(suffixes)}，单个文件不超过 {settings.max_file_mb:g} MB",
    accept_multiple_files=True,  # every type is taken in, so that a refusal (such as .doc) is ours and in Chinese
    max_upload_size=max(1, int(settings.max_file_mb)),
    key=f"uploader-{st.session_state['upload_round']}",
    help="点击“选择文件”或把文件拖到框内；选好后点“入库”。旧版 .doc 请先另存为 .docx。",
)
if files and st.button("入库", type="primary", icon=":material/upload:"):
    with guard("入库"):
        from vectorstore.ingest import Stage, ingest_paths

        store = get_store(settings)
        folder = settings.data_dir / "uploads"
        rejected, saved = [], []
        for f in files:
            problem = check_upload(f.name, f.size, max_mb=settings.max_file_mb, suffixes=SUPPORTED_SUFFIXES)
            if problem:
                rejected.append((f.name, problem))
            else:
                saved.append(save_upload(folder, f.name, f.getvalue()))
        bar = st.progress(0.0, text="准备入库…")
        tracker = IngestProgress()

        def on_file(name: str, done: int, total: int) -> None:
            tracker.on_file(name, done, total)
            bar.progress(tracker.fraction, text=tracker.text)

        def on_stage(name: str, stage: Stage, done: int, total: int) -> None:
            tracker.on_stage(name, stage, done, total)
            bar.progress(tracker.fraction, text=tracker.text)

        summary = (
            ingest_paths(store, saved, progress=on_file, stages=on_stage, lock_wait_seconds=10.0) if saved else None
        )
        messages = [FileMessage(name, "error", f"{name}：未入库——{problem}") for name, problem in rejected]
        messages += ingest_messages(summary) if summary else []
        st.session_state["ingest_messages"] = messages
        st.session_state["upload_round"] += 1  # a fresh uploader: the same files are not ingested twice
        st.rerun()

# --- documents ----------------------------------------------------------------------------------------------
st.subheader("已入库的文档")
docs = []
with guard("读取资料库"):
    docs = get_catalog(settings).list_documents()
if not docs:
    st.info("资料库还是空的。请在上方上传报告，或在命令行运行 scribe ingest data/sample。")
    st.stop()

st.dataframe(documents_frame(docs), hide_index=True, key="documents")

with guard("查找重复文档"):
    from vectorstore.duplicates import backfill_fingerprints, duplicate_groups

    catalog = get_catalog(settings)
    limits = {
        "max_bytes": int(settings.max_file_mb * 1024 * 1024),
        "max_unzipped_bytes": int(settings.max_unzipped_mb * 1024 * 1024),
    }
    if backfill_fingerprints(catalog, **limits).filled:  # a store built before fingerprints: its copies show now
        docs = catalog.list_documents()
    groups = duplicate_groups(docs)
    if groups:
        st.warning(
            "发现重复入库的报告（正文相同）：问答会引用副本、对比会重复列出。建议删除副本，保留最早入库的一份。\n\n"
            + "\n".join(f"- {line}" for line in duplicate_lines(groups))
        )
        if st.button("删除副本（保留最早入库的一份）", key="delete_copies", icon=":material/delete_sweep:"):
            from vectorstore.ingest import delete_document

            store = get_store(settings)
            gone = [delete_document(store, copy.doc_id).file_name for group in groups for copy in group[1:]]
            st.session_state["ingest_messages"] = [FileMessage(name, "success", f"已删除副本 {name}") for name in gone]
            st.rerun()

by_name = {d.file_name: d for d in docs}
name = st.selectbox("选择文档", list(by_name), key="library_doc")
doc = by_name[name]
correct_tab, summary_tab, delete_tab = st.tabs(["更正元数据", "摘要", "删除"])

with correct_tab, st.form("correct"):
    st.caption(
        "更正立即生效（问答筛选、引用、指标台账）；正文未变的文本块沿用已算好的向量，不必重新计算。"
        "以后再次入库同名文件时，更正仍然有效。"
    )
    bureau = st.text_input("单位", value=doc.meta.bureau or "")
    years = st.text_input("年份（多个用逗号分隔）", value="，".join(str(y) for y in doc.meta.years))
    period = st.text_input("时期（如 上半年、1-5月、全年）", value=doc.meta.period or "")
    if st.form_submit_button("保存并重新入库"):
        with guard("更正"):
            from vectorstore.ingest import MetaOverride, Stage, ingest_paths

            parsed = parse_years(years)
            if parsed is None:
                st.error("年份请写四位数字，如 2024；多个年份用逗号分隔。")
                st.stop()
            override = MetaOverride(bureau=bureau.strip() or None, years=parsed or None, period=period.strip() or None)
            source = Path(doc.source_path)
            if not source.is_file():
                st.error(f"原文件 {source} 已不存在，无法重新入库；请重新上传该文件。")
                st.stop()
            with st.status(f"正在更正 {doc.file_name}…", expanded=True) as status:
                store = get_store(settings)
                store.catalog.set_override(doc.file_name, override.fields())
                steps: list[str] = []

                def on_stage(name: str, stage: Stage, done: int, total: int) -> None:
                    word = STAGE_WORDS[stage.value]
                    if word not in steps:
                        steps.append(word)
                        status.write(f"{word}…")

                result = ingest_paths(
                    store, [source], override=override, stages=on_stage, keep_vectors=True, lock_wait_seconds=10.0
                )
                status.update(label=f"已更正 {doc.file_name}（{result.seconds:.1f} 秒）", state="complete")
            st.session_state["ingest_messages"] = ingest_messages(result)
            st.rerun()

with summary_tab:
    if st.button("摘要", key="summarize", icon=":material/summarize:"):
        with guard("摘要"), st.status("正在生成摘要…", expanded=True) as status:
            from chains.summary import summarize

            llm = get_chat_model(settings)
            bar = st.progress(0.0, text="读取报告…")

            def on_section(n: int, total: int, what: str) -> None:
                bar.progress(min(1.0, n / total) if total else 1.0, text=progress_text("摘要", n, total, what))

            st.session_state["summary"] = summarize(
                get_catalog(settings),
                doc.doc_id,
                llm=llm,
                run_log=get_run_log(settings) if llm else None,
                progress=on_section,
            )
            status.update(label="摘要已生成", state="complete", expanded=False)
    summary = st.session_state.get("summary")
    if summary is not None and summary.doc_id == doc.doc_id:
        from chains.summary.export import docx_bytes, fitted_page, summary_blocks, to_markdown

        page = fitted_page(summary)  # what the one-page .docx holds, shown the same way here
        st.markdown(f"**{summary.title}**")
        st.caption(
            f"{summary.bureau or '单位未识别'}｜{summary.period or '时期未注明'}｜"
            f"{'离线' if summary.mode == 'offline' else '生成'}摘要｜A4 一页"
            + (f"（另有 {page.omitted} 条未列入，见原文）" if page.omitted else "")
        )
        if not summary.clean:
            st.warning(f"摘要中有 {len(summary.failing)} 个数字未通过核对（红色）。")
        if page.rows:
            st.markdown("**一、核心指标**")
            st.dataframe(summary_indicator_frame(page.rows, page.row_marks), hide_index=True, key="summary-indicators")
        verdicts = [v for line in summary.lines() for v in line.verdicts]
        for heading, lines in page.sections:
            st.markdown(f"**{heading}**")
            items = "".join(f"<li>{segments_html(answer_segments(line, verdicts))}</li>" for line in lines)
            st.html(f'<ol class="scribe-summary" style="line-height:1.8">{items}</ol>')
        if page.references:
            st.caption(f"来源（{summary.file_name}）：" + "；".join(page.references))
        blocks = summary_blocks(summary)
        md_col, docx_col = st.columns(2)
        md_col.download_button(
            "下载摘要 .md", to_markdown(blocks), file_name=f"{Path(doc.file_name).stem}_摘要.md", on_click="ignore"
        )
        docx_col.download_button(
            "下载摘要 .docx（A4 一页）",
            docx_bytes(blocks),
            file_name=f"{Path(doc.file_name).stem}_摘要.docx",
            on_click="ignore",
        )

with delete_tab:
    confirm = st.checkbox(f"确认删除 {doc.file_name}（向量与目录记录都会删除）", key="confirm_delete")
    if st.button("删除", type="primary", disabled=not confirm, icon=":material/delete:"):
        with guard("删除"):
            from vectorstore.ingest import delete_document

            gone = delete_document(get_store(settings), doc.doc_id)
            st.session_state["ingest_messages"] = [FileMessage(gone.file_name, "success", f"已删除 {gone.file_name}")]
            st.session_state.pop("summary", None)
            st.rerun()
