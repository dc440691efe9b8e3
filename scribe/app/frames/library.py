"""View models for the library page: the documents table, filter options, upload checks and ingest feedback."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from scribe.models import Document
    from vectorstore.ingest import IngestSummary, Stage

DOCUMENT_COLUMNS = ["文件", "单位", "单位依据", "年份", "时期", "类型", "块数", "数字数", "入库时间"]
# How a report's bureau was decided (scribe.models.BureauBasis), in the words the library shows.
BASIS_WORDS = {
    "title": "标题",
    "metadata": "发布信息（发布机构/来源）",
    "opening": "正文开头",
    "signature": "落款或附件标题",
    "site": "发布网站",
    "file_name": "文件名",
    "text": "正文多次提及本地",
    "user": "人工更正",
}


def documents_frame(docs: Sequence[Document]) -> pd.DataFrame:
    rows = [
        {
            "文件": d.file_name,
            "单位": d.meta.bureau or "（未识别）",
            "单位依据": BASIS_WORDS.get(d.meta.bureau_basis or "", "") if d.meta.bureau else "",
            "年份": "、".join(str(y) for y in d.meta.years),
            "时期": d.meta.period or "",
            "类型": d.meta.doc_type.value,
            "块数": d.chunks,
            "数字数": d.figures,
            "入库时间": d.ingested_at.astimezone().strftime("%Y-%m-%d %H:%M") if d.ingested_at else "",
        }
        for d in docs
    ]
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)


@dataclass(frozen=True)
class FilterOptions:
    bureaus: list[str]
    years: list[int]
    periods: list[str]


def filter_options(docs: Sequence[Document], chunk_bureaus: Iterable[str] = ()) -> FilterOptions:
    bureaus = {d.meta.bureau for d in docs if d.meta.bureau} | set(chunk_bureaus)
    years = {y for d in docs for y in d.meta.years}
    periods = {d.meta.period for d in docs if d.meta.period}
    return FilterOptions(sorted(bureaus), sorted(years, reverse=True), sorted(periods))


_MAX_NAME_BYTES = 200


def safe_file_name(name: str) -> str:
    """The base name of an uploaded file, without any directory part or characters a file system dislikes."""
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r'[\x00-\x1f<>:"/|?*]', "_", base).strip(" .")
    if not base:
        return "upload.txt"
    suffix = PurePath(base).suffix[:10]
    stem = base[: len(base) - len(suffix)] if suffix else base
    while len((stem + suffix).encode("utf-8")) > _MAX_NAME_BYTES:  # file systems refuse names over 255 bytes
        stem = stem[:-1]
    return (stem + suffix) or "upload.txt"


# Files the uploader takes in (so that the refusal is ours, in Chinese) that have a .docx to be saved as.
_SAVE_AS = {".doc": "旧版 Word（.doc）", ".wps": "WPS 文字（.wps）", ".rtf": "RTF（.rtf）"}


def check_upload(name: str, size: int, *, max_mb: float, suffixes: Iterable[str]) -> str | None:
    """Why an uploaded file cannot be ingested, in Chinese, or None when it may go on to ingestion."""
    allowed = sorted(suffixes)
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        hint = _SAVE_AS.get(suffix)
        if hint:
            return f"不支持{hint}文件；请在 Word 或 WPS 中“另存为” .docx 后再上传"
        return f"不支持的文件类型“{suffix or '无扩展名'}”；请上传 {' '.join(allowed)} 文件"
    if size == 0:
        return "文件是空的（0 字节）；请检查后重新上传"
    if size > max_mb * 1024 * 1024:
        return f"文件过大（{size / 1024 / 1024:.1f} MB），上限 {max_mb:g} MB；请拆分后上传或调大 SCRIBE_MAX_FILE_MB"
    return None


@dataclass(frozen=True)
class FileMessage:
    """One line of feedback about one file: ``level`` is success / info / warning / error."""

    file_name: str
    level: str
    text: str


_STATUS_WORDS = {
    "added": ("success", "已入库"),
    "updated": ("success", "已更新"),
    "unchanged": ("info", "内容未变，跳过"),
    "duplicate": ("warning", "重复"),
    "failed": ("error", "入库失败"),
}


def ingest_messages(summary: IngestSummary) -> list[FileMessage]:
    out: list[FileMessage] = []
    for r in summary.results:
        level, word = _STATUS_WORDS.get(r.status.value, ("info", r.status.value))
        name = Path(r.path).name
        if r.status.value in ("added", "updated"):
            text = f"{name}：{word}（{r.chunks} 块，{r.figures} 个数字）"
        elif r.status.value == "failed":
            text = f"{name}：{word}——{r.message or '原因未知'}"
        else:
            text = f"{name}：{r.message or word}"
        out.append(FileMessage(name, level, text))
    return out


def save_upload(folder: Path, name: str, data: bytes) -> Path:
    """Write an uploaded file under ``folder`` (never outside it) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_file_name(name)
    path.write_bytes(data)
    return path


# --- progress -----------------------------------------------------------------------------------------------

STAGE_WORDS = {"read": "读取", "chunk": "切块", "embed": "计算向量", "write": "写入资料库"}
# share of one file's time each stage starts at: embedding dominates on a CPU
_STAGE_START = {"read": 0.0, "chunk": 0.1, "embed": 0.2, "write": 0.95}
_STAGE_SPAN = {"read": 0.1, "chunk": 0.1, "embed": 0.75, "write": 0.05}


@dataclass
class IngestProgress:
    """Overall progress of a batch as the ingest reports it: per file, and within a file per stage and batch."""

    files: int = 0
    current: int = 0
    fraction: float = 0.0
    text: str = "准备入库…"

    def on_file(self, name: str, done: int, total: int) -> None:
        self.files, self.current = total, done
        if not name:
            self.fraction, self.text = 1.0, f"入库完成（{total} 个文件）"
            return
        self.fraction = done / total if total else 1.0
        self.text = f"{name}（第 {done + 1}/{total} 个）：{STAGE_WORDS['read']}…"

    def on_stage(self, name: str, stage: Stage, done: int, total: int) -> None:
        key = str(stage.value)
        within = _STAGE_START[key] + _STAGE_SPAN[key] * (done / total if total else 1.0)
        files = max(self.files, 1)
        self.fraction = min(1.0, (self.current + within) / files)
        where = f"{name}（第 {self.current + 1}/{files} 个）" if self.files > 1 else name
        count = f" {done}/{total} 块" if key == "embed" else ""
        self.text = f"{where}：{STAGE_WORDS[key]}{count}…"


def duplicate_lines(groups: Sequence[Sequence[Document]]) -> list[str]:
    """One line per set of stored documents with one text: the copy kept (the earliest) and the copies."""
    out = []
    for group in groups:
        kept, *copies = group
        names = "、".join(f"“{d.file_name}”" for d in copies)
        out.append(f"“{kept.file_name}”（最早入库）与 {names} 正文相同")
    return out
