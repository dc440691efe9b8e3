"""Heading detection (line-broken and flattened text) and structure-aware chunks."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from scribe.models import Chunk
from vectorstore.chunking import chunk_document, embedding_text
from vectorstore.metadata import extract_metadata, split_parts
from vectorstore.structure import detect_headings, find_header_end

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
NAMES = sorted(p.name for p in SAMPLE.glob("*.txt"))
FLAT = ("district_and_wenzhou_city_2021_2022.txt", "shinan_2023_2024.txt")
CHUNK_SIZE = 450
CHUNK_COUNTS = {
    "county_2021h1.txt": (8, 30),
    "district_and_wenzhou_city_2021_2022.txt": (35, 90),
    "dongtou_2024h1.txt": (12, 40),
    "qingtian_2023h1.txt": (10, 35),
    "shinan_2023_2024.txt": (10, 35),
}
_NUMBER_TAIL = re.compile(r"[\d.．%‰万亿千百元个家项人次]")


def sample(name: str) -> str:
    return (SAMPLE / name).read_text(encoding="utf-8")


def chunks_of(name: str, **kwargs: int) -> tuple[str, list[Chunk]]:
    text = sample(name)
    return text, chunk_document(text, doc_id="doc", parts=split_parts(text), **kwargs)


# --- headings ---------------------------------------------------------------------------------


def test_flattened_headings_follow_their_ordinals() -> None:
    text = (
        "今年以来，我局推进工作。一、2023年工作情况(一)强化战略布局规划,夯实科技创新基础支撑一是打造全域创新标杆。"
        "全区技术合同成交额超68亿元,增长25机(二)做大做强企业主体,引领产业集聚发展一是壮大企业梯队。"
        "二、2024年工作计划2024年是攻坚之年。(一)抓关键、强布局一是完善体系。"
    )
    labels = [h.label for h in detect_headings(text)]
    assert labels == [
        "一、2023年工作情况",
        "（一）强化战略布局规划,夯实科技创新基础支撑",
        "（二）做大做强企业主体,引领产业集聚发展",
        "二、2024年工作计划",
        "（一）抓关键、强布局",
    ]


def test_numbers_are_not_headings() -> None:
    text = "1.平台建设。研发费用6099.1万元，技术合同2.97亿元，增长1.5倍。2.主体培育。新增19家，3.O版上线。"
    assert [(h.level, h.marker) for h in detect_headings(text)] == [(3, "1."), (3, "2.")]


def test_title_without_terminator_stops_where_the_figures_start() -> None:
    text = "一、上半年科技创新工作进展（一）科技创新核心指标情况1-5月，规上工业研发费用完成6099.1万元。"
    assert [h.label for h in detect_headings(text)] == ["一、上半年科技创新工作进展", "（一）科技创新核心指标情况"]


def test_long_title_is_cut_at_a_comma() -> None:
    text = "(一)荣获省科技最高荣誉“科技创新鼎”,再获省年度党政领导科技进步目标责任制优秀单位。全面推进。"
    assert detect_headings(text)[0].title == "荣获省科技最高荣誉“科技创新鼎”"


def test_out_of_sequence_markers_are_text() -> None:
    text = "一、总体情况\n全省仅有（三）类平台，第一、二批已认定。\n二、存在问题\n（一）投入不足。"
    assert [h.label for h in detect_headings(text)] == ["一、总体情况", "二、存在问题", "（一）投入不足"]


def test_missing_first_level_one_heading() -> None:
    # A summary whose （一）…（三） stand under no 一、, then 二、 opens the plan.
    text = "2021年，全市推进创新。(一)狠抓平台。建成3家。(二)狠抓人才。引进5人。二、2022年工作思路2022年,全市将继续。(一)目标要求。"
    labels = [h.label for h in detect_headings(text)]
    assert labels == ["（一）狠抓平台", "（二）狠抓人才", "二、2022年工作思路", "（一）目标要求"]


def test_web_header_is_found() -> None:
    text = sample("dongtou_2024h1.txt")
    body = text[find_header_end(text) :]
    assert body.lstrip().startswith("2024年以来")
    assert find_header_end(sample("qingtian_2023h1.txt")) == 0


# --- chunks of the samples --------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_chunk_counts_and_paths(name: str) -> None:
    _text, chunks = chunks_of(name)
    low, high = CHUNK_COUNTS[name]
    assert low <= len(chunks) <= high, len(chunks)
    with_path = [c for c in chunks if c.section_path]
    assert len(with_path) >= 0.8 * len(chunks)
    assert chunks[0].section_path == []  # the opening before the first heading


@pytest.mark.parametrize("name", FLAT)
def test_flattened_files_have_many_sections(name: str) -> None:
    _text, chunks = chunks_of(name)
    assert len({tuple(c.section_path) for c in chunks}) >= 8


@pytest.mark.parametrize("name", NAMES)
def test_chunks_are_slices_within_size(name: str) -> None:
    text, chunks = chunks_of(name)
    for chunk in chunks:
        assert text[chunk.char_start : chunk.char_start + len(chunk.text)] == chunk.text
        assert chunk.text == chunk.text.strip()
        assert len(chunk.text) <= CHUNK_SIZE, (chunk.index, len(chunk.text))


@pytest.mark.parametrize("name", NAMES)
def test_no_chunk_boundary_cuts_a_number(name: str) -> None:
    text, chunks = chunks_of(name)
    for chunk in chunks:
        end = chunk.char_start + len(chunk.text)
        for pos in (chunk.char_start, end):
            if 0 < pos < len(text):
                before, after = text[pos - 1], text[pos]
                assert not (before.isdigit() and _NUMBER_TAIL.match(after)), (chunk.index, text[pos - 8 : pos + 8])
                assert not (before in ".．" and after.isdigit()), (chunk.index, text[pos - 8 : pos + 8])


@pytest.mark.parametrize("name", NAMES)
def test_chunks_cover_every_sentence_of_the_body(name: str) -> None:
    text, chunks = chunks_of(name)
    covered = bytearray(len(text))
    for chunk in chunks:
        covered[chunk.char_start : chunk.char_start + len(chunk.text)] = b"\1" * len(chunk.text)
    body_start = find_header_end(text)
    missing = [i for i in range(body_start, len(text)) if not text[i].isspace() and not covered[i]]
    assert not missing, text[missing[0] : missing[0] + 30]
    joined = "\n".join(c.text for c in chunks)
    cuts = sorted({body_start, *(h.start for p in split_parts(text) for h in detect_headings(text, p.start, p.end))})
    pieces = [
        text[a:b] for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)
    ]  # a section boundary ends a sentence
    for piece in pieces:
        for sentence in re.split(r"(?<=[。；！？])", piece):
            sentence = sentence.strip()
            if sentence and "\n" not in sentence and len(sentence) <= CHUNK_SIZE:
                assert sentence in joined, sentence


def test_web_header_boilerplate_is_not_chunked() -> None:
    _text, chunks = chunks_of("dongtou_2024h1.txt")
    for word in ("索引号", "组配分类", "公开方式", "浏览次数", "001008003006005"):
        assert not any(word in c.text for c in chunks), word
    assert chunks[0].section_path == []
    assert chunks[0].text.startswith("2024年以来")


def test_dongtou_figure_lies_in_its_section() -> None:
    _text, chunks = chunks_of("dongtou_2024h1.txt")
    hits = [c for c in chunks if "6099.1万元" in c.text]
    assert hits
    assert hits[0].section_path[0].startswith("一、上半年科技创新工作进展")
    assert hits[0].section_path == ["一、上半年科技创新工作进展", "（一）科技创新核心指标情况"]


def test_chunk_ids_are_deterministic() -> None:
    _text, first = chunks_of("shinan_2023_2024.txt")
    _text, second = chunks_of("shinan_2023_2024.txt")
    assert [c.model_dump() for c in first] == [c.model_dump() for c in second]
    assert [c.chunk_id for c in first] == [f"doc:{i:04d}" for i in range(len(first))]
    assert [c.index for c in first] == list(range(len(first)))


def test_parts_carry_their_bureau_into_chunks() -> None:
    text, chunks = chunks_of("district_and_wenzhou_city_2021_2022.txt")
    city_start = split_parts(text)[1].start
    district = [c for c in chunks if c.char_start < city_start]
    city = [c for c in chunks if c.char_start >= city_start]
    assert district and city
    assert all(c.char_start + len(c.text) <= city_start for c in district)  # no chunk spans two reports
    assert {c.bureau for c in district} == {None} and {tuple(c.years or []) for c in district} == {(2021, 2022)}
    assert {c.bureau for c in city} == {"温州市科技局"} and {tuple(c.years or []) for c in city} == {()}
    assert any(c.section_path and c.section_path[0] == "二、20XX年工作思路" for c in city)


def test_single_report_chunks_defer_to_the_document() -> None:
    _text, chunks = chunks_of("dongtou_2024h1.txt")
    assert all(c.bureau is None and c.period is None and c.years is None for c in chunks)


def test_long_section_is_split_with_sentence_overlap() -> None:
    sentences = [f"第{i}项工作完成，新增企业{i}家，增长{i}.5%。" for i in range(1, 41)]
    text = "一、工作情况\n（一）企业培育\n" + "".join(sentences)
    chunks = chunk_document(text, doc_id="d", chunk_size=200, chunk_min=50, chunk_overlap=40)
    assert len(chunks) >= 4
    assert all(len(c.text) <= 200 for c in chunks)
    assert all(c.section_path == ["一、工作情况", "（一）企业培育"] for c in chunks)
    for previous, current in itertools.pairwise(chunks):
        assert previous.text.endswith("。") and current.text.endswith("。")
        shared = previous.char_start + len(previous.text) - current.char_start
        assert 0 < shared <= 40  # whole trailing sentence(s) repeated
        assert current.text[:shared] in sentences


def test_sentence_longer_than_chunk_size_is_cut_at_commas_only() -> None:
    long_sentence = "，".join(f"完成项目{i}个投资{i}.25亿元" for i in range(1, 60)) + "。"
    chunks = chunk_document("一、工作情况\n" + long_sentence, doc_id="d", chunk_size=120, chunk_min=30, chunk_overlap=0)
    assert len(chunks) > 3
    for chunk in chunks:
        assert len(chunk.text) <= 120
        assert chunk.text.endswith(("，", "。"))


def test_small_siblings_merge_under_their_parent() -> None:
    text = (
        "一、存在问题\n（一）创新氛围不浓。企业重视不够。\n（二）平台偏少。仅5家。\n二、下步计划\n（一）抓项目。"
        + "力争新增项目。" * 30
    )
    chunks = chunk_document(text, doc_id="d", chunk_size=300, chunk_min=80, chunk_overlap=30)
    assert chunks[0].section_path == ["一、存在问题"]
    assert "（一）创新氛围不浓" in chunks[0].text and "（二）平台偏少" in chunks[0].text
    assert chunks[1].section_path == ["二、下步计划", "（一）抓项目"]
    assert chunks[1].text.startswith("二、下步计划")


# --- embedding text and speed ------------------------------------------------------------------


def test_embedding_text_names_bureau_period_and_section() -> None:
    text = sample("dongtou_2024h1.txt")
    meta = extract_metadata(text, "dongtou_2024h1.txt")
    chunks = chunk_document(text, doc_id="doc", parts=split_parts(text))
    hit = next(c for c in chunks if "增速17.7%" in c.text)
    assert embedding_text(hit, meta).startswith(
        "洞头区科学技术局 2024年 上半年（1-5月） | 一、上半年科技创新工作进展 > （一）科技创新核心指标情况 | "
    )
    preamble = chunks[0]
    assert embedding_text(preamble, meta) == f"洞头区科学技术局 2024年 上半年（1-5月） | {preamble.text}"


def test_embedding_text_uses_the_part_of_a_multi_report_file() -> None:
    text = sample("district_and_wenzhou_city_2021_2022.txt")
    meta = extract_metadata(text, "district_and_wenzhou_city_2021_2022.txt")
    chunks = chunk_document(text, doc_id="doc", parts=split_parts(text))
    assert embedding_text(chunks[-1], meta).startswith("温州市科技局 全年 | ")
    assert embedding_text(chunks[1], meta).startswith("2021-2022年 全年 | 一、亮点工作")


def test_chunking_a_40k_character_text_of_several_reports() -> None:
    # its speed is measured by bench/bench_ingest.py against the embedder in the same run, not timed here
    text = "\n\n".join(sample(name) for name in [*NAMES, "dongtou_2024h1.txt", "qingtian_2023h1.txt"])
    text = text.replace("科技局", "科学技术局")  # a text no cache has seen
    assert len(text) >= 40_000
    chunks = chunk_document(text, doc_id="big", parts=split_parts(text))
    assert len(chunks) > 100
    assert all(c.text.strip() for c in chunks)


def test_an_annex_after_the_plan_is_a_part_of_its_own() -> None:
    """附件：…完成情况表 after 三、下半年工作打算 holds the half-year's results, not the plan's targets."""
    from vectorstore.structure import section_spans

    text = (
        "一、主要工作成效\n全年新增企业35家。\n"
        "三、下半年工作打算\n确保全年科小入库120家。\n"
        "## 附件：2026年上半年主要指标完成情况表\n"
        "科技型中小企业入库年度目标120家，上半年完成71家，完成率59.2%。\n"
    )
    spans = section_spans(text, 0, len(text))
    paths = [(path, text[s:e]) for path, s, e, _only in spans]
    annex = next(p for p, body in paths if "上半年完成71家" in body)
    assert annex == ["附件：2026年上半年主要指标完成情况表"]
    plan = next(p for p, body in paths if "确保全年科小入库120家" in body)
    assert plan == ["三、下半年工作打算"]
    assert not any("上半年完成71家" in body for p, body in paths if p == plan)
