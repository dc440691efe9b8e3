"""A report has one plan, after its problems: a weakly named plan block before them is the review of that work."""

from __future__ import annotations

import pytest

from chains.draft.parts import DraftPart
from scribe.lexicon.headings import SectionRole, strong_role


def _part(text: str) -> DraftPart:
    return DraftPart(key="k", bureau="某区科技局", doc_id="d", file_name="f.txt", years=[2024], text=text)


def _roles(text: str) -> list[tuple[str, SectionRole]]:
    return [(b.title, b.role) for b in _part(text).blocks() if b.title]


REVIEW_THEN_PLAN = (
    "一、总体情况\n上半年全区科技工作稳步推进。\n"
    "二、重点工作推进\n新建孵化器两家，组织企业申报项目。\n"
    "三、存在的困难\n企业研发投入意愿不强。\n"
    "四、下步工作安排\n加快孵化器建设。\n"
)


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # 重点工作 names a plan only weakly: with problems and a plan after it, it is what was done
        (
            REVIEW_THEN_PLAN,
            [
                ("总体情况", SectionRole.REVIEW),
                ("重点工作推进", SectionRole.REVIEW),
                ("存在的困难", SectionRole.PROBLEMS),
                ("下步工作安排", SectionRole.PLAN),
            ],
        ),
        # the report's last word on what to do stays a plan
        (
            "一、工作情况\n完成项目申报。\n二、存在问题\n人才不足。\n三、重点工作\n加快人才引进。\n",
            [("工作情况", SectionRole.REVIEW), ("存在问题", SectionRole.PROBLEMS), ("重点工作", SectionRole.PLAN)],
        ),
        # a plan named by its own word is never re-read, whatever follows it
        (
            "一、下半年工作计划\n加快平台建设。\n二、存在问题\n人才不足。\n三、保障措施\n强化考核。\n",
            [("下半年工作计划", SectionRole.PLAN), ("存在问题", SectionRole.PROBLEMS), ("保障措施", SectionRole.PLAN)],
        ),
    ],
)
def test_a_weak_plan_before_the_problems_is_a_review(text: str, roles: list[tuple[str, SectionRole]]) -> None:
    assert _roles(text) == roles


@pytest.mark.parametrize(
    ("title", "role"),
    [("下步工作安排", SectionRole.PLAN), ("重点工作推进", None), ("存在的困难", SectionRole.PROBLEMS)],
)
def test_strong_role_reads_only_role_words(title: str, role: SectionRole | None) -> None:
    assert strong_role(title) is role
