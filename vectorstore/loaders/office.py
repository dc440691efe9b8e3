"""Legacy and other word-processor files (.doc, .wps, .rtf, .odt) → .docx, and Excel 97 sheets (.xls, WPS .et) →
.xlsx, through LibreOffice headless, then read as Word or as a workbook. Each conversion runs in its own temporary
directory with its own LibreOffice profile (so concurrent ingests do not clash) and a time limit; without
LibreOffice (or its spreadsheet part, for .xls) the file is refused with the way to fix it."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from scribe.errors import IngestError

log = logging.getLogger(__name__)

CONVERT_TIMEOUT_S = 180
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NO_SOFFICE = (
    "需要 LibreOffice 才能读取 {suffix} 文件：请安装（apt-get install libreoffice-writer-nogui），"
    "或在 Word / WPS 中另存为 .docx"
)
_NO_CALC = (
    "需要 LibreOffice 表格组件才能读取 {suffix} 文件：请安装（apt-get install libreoffice-calc-nogui），"
    "或在 Excel / WPS 中另存为 .xlsx"
)
_SHEET_FILTERS = {"MS Excel 97"}


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def input_filter(data: bytes) -> str | None:
    """The LibreOffice import filter for what the bytes are, whatever the extension says: Word 97 binary (also
    what WPS writes as .wps), RTF, OpenDocument, or an HTML page saved as .doc. Naming it stops LibreOffice from
    falling back to reading a damaged file as plain text."""
    head = data[:2048].lstrip()
    if data.startswith(_OLE_MAGIC):
        return "MS Excel 97" if _is_workbook(data) else "MS Word 97"
    if head.startswith(b"{\\rtf"):
        return "Rich Text Format"
    if data.startswith(b"PK\x03\x04"):
        return "writer8" if b"application/vnd.oasis.opendocument.text" in data[:200] else "MS Word 2007 XML"
    if head[:1] == b"<" and b"<html" in head.lower():
        return "HTML (StarWriter)"
    return None


def _is_workbook(data: bytes) -> bool:
    """An OLE compound file holding an Excel workbook: its directory names the ``Workbook`` (or ``Book``) stream."""
    return "Workbook".encode("utf-16-le") in data[: 1 << 20] or "Book\0".encode("utf-16-le") in data[: 1 << 20]


def calc_installed(exe: str) -> bool:
    """LibreOffice's spreadsheet part is there (Debian ships it apart: libreoffice-calc-nogui)."""
    program = Path(exe).resolve().parent
    return any((program / name).exists() for name in ("libsclo.so", "scalc", "scalc.exe")) or any(
        program.glob("libsclo*")
    )


def convert_to_docx(path: Path, data: bytes, *, timeout_s: float = CONVERT_TIMEOUT_S) -> bytes:
    """The file converted to .docx by LibreOffice; IngestError naming the file when it cannot be."""
    suffix = path.suffix.lower()
    in_filter = input_filter(data)
    if in_filter is None or in_filter in _SHEET_FILTERS:
        raise IngestError(
            path, f"无法识别这个 {suffix} 文件的格式（文件可能已损坏），请在 Word / WPS 中打开后另存为 .docx"
        )
    exe = soffice()
    if not exe:
        raise IngestError(path, _NO_SOFFICE.format(suffix=suffix))
    return _convert(path, data, exe, in_filter, "docx:MS Word 2007 XML", timeout_s)


def convert_to_xlsx(path: Path, data: bytes, *, timeout_s: float = CONVERT_TIMEOUT_S) -> bytes:
    """An Excel 97 workbook (.xls, WPS .et) converted to .xlsx by LibreOffice; IngestError naming the file."""
    suffix = path.suffix.lower()
    if input_filter(data) not in _SHEET_FILTERS:
        raise IngestError(
            path, f"无法识别这个 {suffix} 文件的格式（文件可能已损坏），请在 Excel / WPS 中打开后另存为 .xlsx"
        )
    exe = soffice()
    if not exe or not calc_installed(exe):
        raise IngestError(path, _NO_CALC.format(suffix=suffix))
    return _convert(path, data, exe, "MS Excel 97", "xlsx:Calc MS Excel 2007 XML", timeout_s)


def _convert(path: Path, data: bytes, exe: str, in_filter: str, convert_to: str, timeout_s: float) -> bytes:
    suffix = path.suffix.lower()
    target_ext = convert_to.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="scribe-lo-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"
        source.write_bytes(data)
        out_dir = work / "out"
        command = [
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"--infilter={in_filter}",
            "--convert-to",
            convert_to,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False, cwd=work)
        except subprocess.TimeoutExpired as e:
            raise IngestError(path, f"LibreOffice 转换超时（{timeout_s:g} 秒），请另存为 .{target_ext} 后再入库") from e
        except OSError as e:
            raise IngestError(path, f"无法启动 LibreOffice（{e.strerror or e}）") from e
        target = out_dir / f"input.{target_ext}"
        if done.returncode != 0 or not target.exists():
            log.warning("soffice failed on %s: %s", path, done.stderr.decode(errors="replace").strip()[:300])
            raise IngestError(path, f"LibreOffice 无法转换这个 {suffix} 文件（文件可能已损坏）")
        return target.read_bytes()
