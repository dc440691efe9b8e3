"""Helpers shared by the loaders: file sizes for messages."""

from __future__ import annotations


def format_size(n: int) -> str:
    """60 MB / 512 KB / 100 字节 — for messages."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} 字节"
