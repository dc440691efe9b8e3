"""Build a deterministic synthetic corpus from the sample reports: N reports by recombining sections.

Each synthetic report takes a new bureau name and year, 3–6 level-one sections drawn from
different sample reports (renumbered), and figures scaled by a per-report factor so no two
reports embed to the same text. Same seed, same corpus.

    python -m bench.make_corpus --reports 1000 --out bench/out/synthetic
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from pathlib import Path

from scribe.settings import REPO_ROOT
from vectorstore.chunking import chunk_document

PLACES = [
    "安澜",
    "白鹭",
    "碧溪",
    "长丰",
    "春江",
    "东湖",
    "枫桥",
    "凤鸣",
    "谷雨",
    "海宁",
    "禾丰",
    "红叶",
    "鸿山",
    "虎跃",
    "华亭",
    "嘉禾",
    "金川",
    "锦屏",
    "静海",
    "九龙",
    "兰溪",
    "乐清",
    "莲花",
    "临川",
    "龙泉",
    "梅岭",
    "明湖",
    "南浔",
    "宁远",
    "平湖",
    "清河",
    "秋浦",
    "瑞丰",
    "三门",
    "山阳",
    "石门",
    "松阳",
    "泰和",
    "桃源",
    "天台",
    "文成",
    "西江",
    "仙居",
    "新昌",
    "雁荡",
]
LEVELS = ["区", "县", "市"]
NUMERALS = "一二三四五六七八九十"
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=\s*(?:万元|亿元|家|个|项|人|万平方米))")
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")


def _sections(sample_dir: Path) -> list[str]:
    """Level-one sections of every sample report, as text."""
    out: list[str] = []
    for path in sorted(sample_dir.glob("*.txt")):
        chunks = chunk_document(path.read_text(encoding="utf-8"), doc_id=path.stem)
        grouped: dict[str, list[str]] = defaultdict(list)
        for chunk in chunks:
            if chunk.section_path and _LEVEL1.match(chunk.section_path[0]):
                grouped[chunk.section_path[0]].append(chunk.text)
        out.extend(_LEVEL1.sub("", head) + "\n" + "\n".join(body) for head, body in grouped.items())
    return out


def _scale(text: str, factor: float) -> str:
    def repl(m: re.Match[str]) -> str:
        value = float(m.group(1)) * factor
        decimals = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
        return f"{value:.{decimals}f}"

    return _NUMBER.sub(repl, text)


def build(reports: int, out: Path, seed: int = 20241210, sample_dir: Path | None = None) -> list[Path]:
    rng = random.Random(seed)
    sections = _sections(sample_dir or REPO_ROOT / "data" / "sample")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for n in range(reports):
        place = rng.choice(PLACES) + rng.choice(PLACES)[0]
        level = rng.choice(LEVELS)
        year = rng.randint(2019, 2025)
        half = rng.choice(["上半年", "全年"])
        bureau = f"{place}{level}科学技术局"
        picked = rng.sample(sections, rng.randint(3, 6))
        factor = rng.uniform(0.5, 1.8)
        body = [f"{bureau}{year}年{half}工作总结", ""]
        for i, section in enumerate(picked):
            head, _, text = section.partition("\n")
            body.append(f"{NUMERALS[i]}、{head}")
            body.append(_scale(text, factor))
        path = out / f"synthetic_{n:04d}.txt"
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "out" / "synthetic")
    parser.add_argument("--seed", type=int, default=20241210)
    args = parser.parse_args()
    files = build(args.reports, args.out, args.seed)
    size = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} reports, {size / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
