"""The generative drafter's handling of a model's reply, without a model: run-on items and which items it writes."""

from __future__ import annotations

import pytest

from chains.draft.generative import MODEL_ITEMS, LLMSection, model_items, split_run_on
from chains.draft.models import DraftItem, DraftSection, Material


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "一是加大财政投入。二是鼓励企业建立研发基金。三是建立科创基金。",
            ["加大财政投入。", "鼓励企业建立研发基金。", "建立科创基金。"],
        ),
        ("加快平台建设，推进孵化器提档升级。", ["加快平台建设，推进孵化器提档升级。"]),
        ("围绕主导产业，一是引进团队；二是共建平台。", ["围绕主导产业，引进团队；", "共建平台。"]),
    ],
)
def test_split_run_on(text: str, pieces: list[str]) -> None:
    items = LLMSection.model_validate({"items": [{"title": "t", "text": text, "sources": [1]}]}).items
    split = split_run_on(items)
    assert [it.text for it in split] == pieces
    assert split[0].title == "t" and all(it.sources == [1] for it in split)


def test_the_model_writes_the_item_answering_a_problem_first() -> None:
    def item(kind: str | None) -> DraftItem:
        return DraftItem(text="x", material=[Material(kind=kind, text="m")] if kind else [])

    section = DraftSection(title="s", items=[item("result"), item(None), item("problem"), item("result")])
    chosen = model_items(section)
    assert len(chosen) == MODEL_ITEMS and chosen[0] == 2
