"""Legacy and other word-processor files (.doc, .wps, .rtf, .odt) → .docx through LibreOffice headless, then read
as Word. Each conversion runs in its own temporary directory with its own LibreOffice profile (so concurrent
ingests do not clash) and a time limit; without LibreOffice the file is refused with the way to fix it."""

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


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def input_filter(data: bytes) -> str | None:
    """The LibreOffice import filter for what the bytes are, whatever the extension says: Word 97 binary (also
    what WPS writes as .wps), RTF, OpenDocument, or an HTML page saved as .doc. Naming it stops LibreOffice from
    falling back to reading a damaged file as plain text."""
    head = data[:2048].lstrip()
    if data.startswith(_OLE_MAGIC):
        return "MS Word 97"
    if head.startswith(b"{\\rtf"):
        return "Rich Text Format"
    if data.startswith(b"PK\x03\x04"):
        return "writer8" if b"application/vnd.oasis.opendocument.text" in data[:200] else "MS Word 2007 XML"
    if head[:1] == b"<" and b"<html" in head.lower():
        return "HTML (StarWriter)"
    return None


def convert_to_docx(path: Path, data: bytes, *, timeout_s: float = CONVERT_TIMEOUT_S) -> bytes:
    """The file converted to .docx by LibreOffice; IngestError naming the file when it cannot be."""
    suffix = path.suffix.lower()
    in_filter = input_filter(data)
    if in_filter is None:
        raise IngestError(
            path, f"无法识别这个 {suffix} 文件的格式（文件可能已损坏），请在 Word / WPS 中打开后另存为 .docx"
        )
    exe = soffice()
    if not exe:
        raise IngestError(path, _NO_SOFFICE.format(suffix=suffix))
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
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False, cwd=work)
        except subprocess.TimeoutExpired as e:
            raise IngestError(path, f"LibreOffice 转换超时（{timeout_s:g} 秒），请另存为 .docx 后再入库") from e
        except OSError as e:
            raise IngestError(path, f"无法启动 LibreOffice（{e.strerror or e}）") from e
        target = out_dir / "input.docx"
        if done.returncode != 0 or not target.exists():
            log.warning("soffice failed on %s: %s", path, done.stderr.decode(errors="replace").strip()[:300])
            raise IngestError(path, f"LibreOffice 无法转换这个 {suffix} 文件（文件可能已损坏）")
        return target.read_bytes()
