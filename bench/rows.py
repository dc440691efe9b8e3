"""One JSON line per measured row, the form every ``bench_llm_*`` script prints as it goes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any


def print_row(row: Mapping[str, Any], *, keys: Iterable[str] | None = None, omit: Iterable[str] = ()) -> None:
    """Print ``row`` (only ``keys`` when given, never ``omit``) as one JSON line, flushed so a long run shows
    each row when it is measured."""
    wanted = list(keys) if keys is not None else list(row)
    dropped = set(omit)
    print(json.dumps({k: row[k] for k in wanted if k not in dropped}, ensure_ascii=False), flush=True)
