"""Decoding of .txt/.md bytes (BOMs, UTF-8/GBK/GB18030, mixed-encoding lines) and normalisation of text;
binary content refused."""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from scribe.errors import IngestError

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u3000\u00a0\u2002-\u200a\u202f\u205f]")
_BLANK_LINES = re.compile(r"\n{3,}")
_CONTROL_LIMIT = 0.01
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BLOCK_CHARS = 1 << 22


def normalize_text(text: str) -> str:
    """Unified line ends, no BOM / zero-width characters, ordinary spaces, trimmed lines; punctuation kept.

    Long texts go block by block (cut after a line end), so memory stays a small multiple of the file size
    even for a file of millions of short or blank lines.
    """
    if len(text) > _BLOCK_CHARS:
        blocks, start = [], 0
        while start < len(text):
            cut = text.find("\n", start + _BLOCK_CHARS)
            end = len(text) if cut < 0 else cut + 1
            blocks.append(_normalize_lines(text[start:end]))  # whole lines each, so they join with ""
            start = end
        return _BLANK_LINES.sub("\n\n", "".join(blocks)).strip()
    return _BLANK_LINES.sub("\n\n", _normalize_lines(text)).strip()


def _normalize_lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip(" \t") for line in text.split("\n"))


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Text of a .txt/.md file and its encoding: a BOM, else strict UTF-8, else GBK/GB18030, else a detector."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(path, data.decode(encoding)), encoding
            except UnicodeDecodeError as e:
                raise IngestError(path, f"文件以 {encoding} 标记开头但内容无法解码") from e
    if b"\x00" in data:
        raise IngestError(path, "不是文本文件（含二进制内容）")
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return _check_text(path, data.decode(encoding)), encoding
        except UnicodeDecodeError:
            continue
    mixed = _decode_lines(data)
    if mixed is not None:
        log.warning("%s: lines in %s", path, mixed[1])
        return _check_text(path, mixed[0]), mixed[1]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(path, "不是文本文件（含二进制内容）")
    log.info("%s: encoding guessed as %s", path, best.encoding)
    return _check_text(path, str(best)), best.encoding


def _decode_lines(data: bytes) -> tuple[str, str] | None:
    """A file pasted together from UTF-8 and GBK parts (or cut inside its last character), decoded line by line.

    Each line is strict UTF-8, else strict GB18030; a line neither can read means this is not such a file.
    """
    lines = data.split(b"\n")
    if lines and len(lines[-1]) < 4 and lines[-1].decode("utf-8", "ignore") != lines[-1].decode("utf-8", "replace"):
        lines[-1] = lines[-1].decode("utf-8", "ignore").encode()  # a character cut off at the end of the file
    out: list[str] = []
    used: set[str] = set()
    for line in lines:
        for encoding in ("utf-8", "gb18030"):
            try:
                out.append(line.decode(encoding))
                used.add(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    return "\n".join(out), "+".join(e for e in ("utf-8", "gb18030") if e in used)


def _check_text(path: Path, text: str) -> str:
    if not text:
        return text
    controls = sum(1 for _ in _CONTROLS.finditer(text))  # category Cc except \t \n \v \f \r
    if controls / len(text) > _CONTROL_LIMIT:
        raise IngestError(path, "不是文本文件（含二进制内容）")
    return text
