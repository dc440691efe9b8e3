"""Summary lines written from a block: whole clauses, run-together text split, figures kept and checked."""

from __future__ import annotations

import pytest

from chains.summary import offline as ex
from chains.summary.chain import offline_lines
from chains.summary.lines import shortened, split_run_ons
from chains.summary.verifier import Verifier
from scribe.figures.models import PASSING_LABELS
from scribe.models import Document, DocumentMeta
from vectorstore.chunking import chunk_document
from vectorstore.sections import document_sections

# Our own report text, written in the shape of the reports we read (run-together clauses, 一是… items).
REPORT = """洞西区科学技术局2024年上半年工作总结

一、上半年工作进展

（一）主体培育稳步推进

指导华联等6家企业申报国家高新技术企业,完成率120%全市第3;新增科技型中小企业21家,完成率175%,预计全市第2截至目前,全区拥有国家高新技术企业31家,省级企业研究院2家。

（二）要素保障持续强化

围绕全区创新发展大局,制定《关于支持科技创新的若干政策》,将政策红利转化为发展动能截至6月,已兑现创新券等优惠政策9项,涉及企业52家,兑现金额816.2万元二是深化科技金融结合。

二、存在问题

一是孵化器集群建设成效不理想主要是缺乏科创基金、产业基金等科技金融支持,导致难以引入高质量项目。二是科创平台建设缓慢。我区经济总量偏小,平台建设支撑不够。

三、下步工作思路

（一）聚力核心指标提升

力争实现年度规上工业企业研发经费投入增速达16%以上;高新技术产业投资额达3.1亿元以上技术交易额达8亿元。
"""


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("完成率120%全市第3", ["完成率120%", "全市第3"]),
        ("完成率175%,预计全市第2截至目前,全区拥有", ["完成率175%", "预计全市第2", "截至目前", "全区拥有"]),
        ("兑现金额816.2万元二是深化科技金融结合", ["兑现金额816.2万元", "深化科技金融结合"]),
        ("投资额达3.1亿元以上技术交易额达8亿元", ["投资额达3.1亿元以上", "技术交易额达8亿元"]),
        ("一是孵化器集群建设成效不理想主要是缺乏科创基金", ["孵化器集群建设成效不理想", "主要是缺乏科创基金"]),
        ("缺乏科创基金、产业基金等支持", ["缺乏科创基金、产业基金等支持"]),  # a list stays one clause
        ("指导华联等6家企业申报", ["指导华联等6家企业申报"]),  # a count and its noun are one clause
    ],
)
def test_split_run_ons(text: str, clauses: list[str]) -> None:
    assert split_run_ons(text) == clauses


def test_shortened_keeps_whole_clauses() -> None:
    text = "新增科技型中小企业21家，完成率175%，预计全市第2，全区拥有国家高新技术企业31家。"
    assert shortened(text, 200) == text
    assert shortened(text, 25) == "新增科技型中小企业21家，完成率175%。"
    assert shortened(text, 5) == "新增科技型中小企业21家。"  # the first clause always, whole


@pytest.fixture(scope="module")
def lines() -> tuple[list, list, list]:
    doc_id = "dongxi"
    chunks = chunk_document(REPORT, doc_id=doc_id, chunk_size=160, chunk_min=40, chunk_overlap=0)
    meta = DocumentMeta(title="洞西区科学技术局2024年上半年工作总结", bureau="洞西区科学技术局", years=[2024])
    document = Document(
        doc_id=doc_id, source_path="/x/dongxi.txt", file_name="dongxi.txt", content_hash="0" * 64, meta=meta
    )
    return offline_lines(document_sections(chunks), "normal", Verifier(chunks, document), document)


def test_a_review_line_is_its_heading_and_key_clauses(lines: tuple[list, list, list]) -> None:
    highlights, _problems, _plans = lines
    first = highlights[0]
    assert first.topic == "主体培育稳步推进"
    assert first.text.startswith("指导华联等6家企业申报国家高新技术企业，完成率120%，全市第3，新增科技型中小企业21家")
    assert "截至目前全区" not in first.text and "第2截至" not in first.text
    assert first.text.endswith("。") and "……" not in first.text
    assert first.verdicts and {v.label for v in first.verdicts} <= PASSING_LABELS
    assert all(c.quote in first.citations[0].quote or c.quote for c in first.citations)


def test_a_framing_clause_is_left_out_and_a_run_on_item_marker_is_cut(lines: tuple[list, list, list]) -> None:
    highlights, _problems, _plans = lines
    second = next(line for line in highlights if line.topic == "要素保障持续强化")
    assert second.text.startswith("截至6月，已兑现创新券等优惠政策9项")  # not 围绕… nor 将政策红利转化为发展动能
    assert "816.2万元" in second.text and "二是" not in second.text
    assert {v.label for v in second.verdicts} <= PASSING_LABELS


def test_each_problem_is_its_statement_and_its_cause(lines: tuple[list, list, list]) -> None:
    _highlights, problems, _plans = lines
    assert [p.text for p in problems] == [
        "孵化器集群建设成效不理想，主要是缺乏科创基金、产业基金等科技金融支持，导致难以引入高质量项目。",
        "科创平台建设缓慢，我区经济总量偏小，平台建设支撑不够。",
    ]


def test_a_plan_line_keeps_its_targets_checked_as_targets(lines: tuple[list, list, list]) -> None:
    _highlights, _problems, plans = lines
    assert plans[0].topic == "聚力核心指标提升"
    assert "16%" in plans[0].text
    assert {v.label.value for v in plans[0].verdicts} <= {"target", "supported"}


def test_every_line_is_shorter_than_its_block(lines: tuple[list, list, list]) -> None:
    for line in [*lines[0], *lines[1], *lines[2]]:
        assert len(line.text) <= 80
        assert ex.topic(line.section_path)
