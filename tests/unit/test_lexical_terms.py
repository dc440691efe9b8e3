"""A question's lexical search terms: its own words, short forms written out and its indicator's other names."""

from __future__ import annotations

import pytest

from vectorstore.lexical import expanded_terms


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("文成县去年高企数量有多少", "高新技术企业"),  # the lexicon's synonym of 高企
        ("文成县上半年新入库科小几家", "科技型中小企业"),  # a short form written out
    ],
)
def test_an_indicator_is_also_searched_by_its_other_names(question: str, term: str) -> None:
    assert term in expanded_terms(question)


def test_a_merely_related_indicator_is_not_added() -> None:
    assert "高新技术产业增加值" not in expanded_terms("文成县去年高企数量有多少")
