"""Reading JSONL datasets: one pydantic model per line; a bad line is reported with its file and line number."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from scribe.errors import DatasetError

M = TypeVar("M", bound=BaseModel)


def read_jsonl(path: Path, model: type[M]) -> list[M]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as e:
        raise DatasetError(path, 0, f"无法读取（{e.strerror or e}）") from e
    except UnicodeDecodeError as e:
        raise DatasetError(path, 0, "不是 UTF-8 文本") from e
    items: list[M] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append(model.model_validate(json.loads(line)))
        except json.JSONDecodeError as e:
            raise DatasetError(path, number, f"不是合法的 JSON（{e.msg}）") from e
        except ValidationError as e:
            fields = "、".join(".".join(str(p) for p in err["loc"]) or "整行" for err in e.errors())
            raise DatasetError(path, number, f"字段不符合格式：{fields}") from e
    return items
