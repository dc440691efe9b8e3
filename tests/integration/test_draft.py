"""Drafting on the sample corpus: offline through ``sample_store``, generative through the local OpenAI server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chains.draft import ACCEPTED, STUB, DraftRequest, draft_plan, draft_with_context
from chains.draft.generative import shared_prefix
from chains.llm import build_chat_model
from chains.runlog import RunLog
from eval.draft_eval import copy_share, evaluate_drafts, score_plan
from scribe.errors import DraftError
from scribe.figures import extract_figures
from scribe.lexicon.plans import is_review_heading
from scribe.settings import Settings
from tests.support.openai_server import OpenAIServer

pytestmark = pytest.mark.integration
DONGTOU = "洞头区科学技术局"


def _draft(store: Any, bureau: str, period: str, **kw: Any):
    return draft_with_context(store.catalog, DraftRequest(bureau=bureau, period=period, **kw))


def test_offline_same_period_holds_out_the_plan_being_drafted(sample_store: Any) -> None:
    plan, ctx = _draft(sample_store, DONGTOU, "2024年下半年")
    text = plan.render_text()
    assert plan.mode == "offline" and ctx.held_part is not None and ctx.plan_part is None
    held = ctx.held_text
    assert "聚力科创核心指标提升" in held and "全力冲刺“半场”" in held
    # nothing of the held plan: not its sentences, its headings, its slogan of another period, its targets
    assert copy_share(text, [held], quote_targets=False) == 0.0
    assert "聚力科创核心指标提升" not in text and "全力冲刺" not in text and "18%" not in text
    assert plan.title == "洞头区科学技术局2024年下半年工作思路" and "三、下步工作思路" in text
    # plan headings, written from the summary's themes, never the review's own
    titles = [t for sec in plan.sections for t in (sec.title, *(it.title for it in sec.items)) if t]
    assert not [t for t in titles if is_review_heading(t)]
    assert "加快平台建设" in titles and "推进成果转化" in titles
    assert STUB not in text
    # every item carries its material; results are cited with their period and checked
    assert all(it.material for _, it in plan.all_items())
    assert "在1-5月规上工业研发费用已完成6099.1万元" in text
    assert all(f.state in ACCEPTED for f in plan.figures())
    assert {f.state for f in plan.figures()} >= {"supported", "placeholder"}
    # every problem answered by a measure written from its own words
    assert len(plan.coverage) == 4 and all(c.covered and not c.by_stub_only for c in plan.coverage)
    # the two platform problems share one answer, its standing measure said once
    assert "、科创平台建设缓慢的问题，" in text and "加快科创平台建设" in text and text.count("等平台提档升级") == 1
    assert not [i for i in plan.issues if i.kind in ("leak", "foreign_figure")]


def test_offline_next_year_reuses_the_older_plan_labelled(sample_store: Any) -> None:
    plan, ctx = _draft(sample_store, DONGTOU, "2025年")
    text = plan.render_text()
    assert ctx.held_part is None and ctx.plan_for is not None and ctx.plan_for.label == "2024年下半年"
    assert plan.intro.startswith("2025年")
    reused = [s for _, it in plan.all_items() for s in it.reused]
    assert reused and text.count("（沿用2024年下半年计划）") == len(reused)
    surfaces = {f.surface for f in extract_figures(text)}
    assert not surfaces & {"18%", "8.6亿元", "1万平方米", "50家"}  # the 2024 targets do not carry over
    removed = [f for f in plan.figures() if f.state not in ACCEPTED]
    assert all(f.state == "removed" and f.surface not in surfaces for f in removed)
    assert "X万元" in text or "X亿元" in text


def test_offline_suggested_targets_are_marked_with_their_basis(sample_store: Any) -> None:
    plan, _ = _draft(sample_store, DONGTOU, "2025年", suggest_targets=True)
    text = plan.render_text()
    suggested = [f for f in plan.figures() if f.state == "suggested"]
    assert "（建议值）" in text
    assert suggested and all(f.basis and "上期完成" in f.basis for f in suggested)


@pytest.mark.parametrize(
    ("bureau", "period", "absent"),
    [
        ("市南区科技局", "2025年", ["洞头", "青田"]),
        ("青田县科技局", "2024年", ["洞头", "市南"]),
        ("county_2021h1.txt", "2021年下半年", ["洞头", "青田县", "市南"]),
    ],
)
def test_offline_other_bureaus(sample_store: Any, bureau: str, period: str, absent: list[str]) -> None:
    plan, ctx = _draft(sample_store, bureau, period)
    text = plan.render_text()
    assert not [name for name in absent if name in text]
    removed = [f for f in plan.figures() if f.state not in ACCEPTED]
    assert all(f.state == "removed" and f.surface not in text for f in removed)
    scores = score_plan(plan, ctx)
    assert scores.figure_faithfulness in (None, 1.0) and scores.leakage == 0 and scores.heading_match
    assert scores.review_headings == 0 and (scores.held_copy_share or 0.0) == 0.0


def test_focus_comes_first(sample_store: Any) -> None:
    plan = draft_plan(sample_store.catalog, DraftRequest(bureau=DONGTOU, period="2024年下半年", focus=["人才"]))
    first = plan.sections[0].items[0]
    assert "人才" in first.text


@pytest.mark.parametrize(
    ("bureau", "period", "message"),
    [("不存在区科技局", "2025年", "库中没有"), (DONGTOU, "明年", "无法识别时期")],
)
def test_draft_errors(sample_store: Any, bureau: str, period: str, message: str) -> None:
    with pytest.raises(DraftError, match=message):
        draft_plan(sample_store.catalog, DraftRequest(bureau=bureau, period=period))


def test_eval_scores_every_bureau(sample_store: Any) -> None:
    results = {r.bureau: r for r in evaluate_drafts(sample_store.catalog)}
    assert results[DONGTOU].period == "2024年下半年"
    assert results["温州市科技局"].skipped
    for r in results.values():
        if r.draft is None:
            continue
        assert r.draft.figure_faithfulness in (None, 1.0)
        assert r.draft.problem_coverage in (None, 1.0)
        assert r.draft.leakage == 0
        assert r.real is not None and r.real.leakage == 0  # the leak detector does not flag a bureau's own plan
        assert r.held_out and r.draft.held_copy_share == 0.0 and r.draft.review_headings == 0
        assert r.draft.copy_share is not None and r.draft.copy_share <= 0.35


# -- generative mode ----------------------------------------------------------------------------------------------

SECTION_ONE = {
    "title": "聚力科技创新核心指标",
    "items": [
        {
            "title": "",
            "text": "1-5月规上工业研发费用完成9999.9万元。在上半年新增科技型中小企业19家的基础上，针对规上工业研发投入"
            "后劲不足的问题，增强规上工业研发投入后劲，力争规上工业研发经费投入增速达18%以上。",
            "sources": [1],
        }
    ],
}
SECTION_TWO = {
    "title": "推进重点工作",
    "items": [
        {
            "title": "加快平台建设",
            "text": "加快平台建设。学习青田县经验，推进青山钢铁合作。针对科创平台建设缓慢、大孵化器集群建设成效不理想的问题，"
            "建立平台建设专班，实行一月一调度、一季一通报，坚持实行一月一调度、一季一通报，力争新增孵化面积X万平方米。",
            "sources": [1],
        },
        {"title": "主要工作成效", "text": "主要工作成效。推进科技型企业培育。", "sources": []},
    ],
}


def _llm_settings(settings: Settings, store: Any) -> Settings:
    return settings.model_copy(update={"data_dir": store.settings.data_dir})


def test_generative_writes_each_section_in_one_call_and_judges_each_item(
    sample_store: Any, llm_settings: Settings, openai_server: OpenAIServer
) -> None:
    offline, _ = _draft(sample_store, DONGTOU, "2024年下半年")
    assert len(offline.sections) == 3
    openai_server.enqueue(
        json.dumps(SECTION_ONE, ensure_ascii=False), json.dumps(SECTION_TWO, ensure_ascii=False), "这不是 JSON。"
    )
    llm = build_chat_model(llm_settings)
    assert llm is not None
    run_log = RunLog(llm_settings.run_log_path)
    seen: list[tuple[int, int, str]] = []
    plan = draft_plan(
        sample_store.catalog,
        DraftRequest(bureau=DONGTOU, period="2024年下半年"),
        llm=llm,
        run_log=run_log,
        progress=lambda n, total, title: seen.append((n, total, title)),
    )
    text = plan.render_text()
    assert plan.mode == "generative"
    assert [(n, total) for n, total, _ in seen] == [(1, 3), (2, 3), (3, 3), (4, 3)]
    assert seen[0][2] == offline.sections[0].title and seen[-1][2] == ""
    # a result the model restated as a plan is cut; the held plan's own target becomes X; another bureau's name goes
    assert "9999.9" not in text and "18%" not in text and "X%" in text
    assert any(i.kind == "fallback" and "复述的上期成效" in i.detail and "9999.9" in i.detail for i in plan.issues)
    states = {f.surface: f.state for f in plan.figures()}
    assert states["19家"] in ("supported", "derived")
    assert "青田" not in text and "青山钢铁" not in text
    # the model said one phrase twice in an item: said once
    assert text.count("一月一调度") == 1 and any("重复的提法" in i.detail for i in plan.issues)
    assert any(i.kind == "leak" and "青田" in i.detail for i in plan.issues)
    # every item the model wrote keeps its 依据; an item it wrote under a review heading, or did not write, stays
    # offline and says why
    first, second = plan.sections[0].items[0], plan.sections[1].items
    assert first.by_model and second[0].by_model and not second[1].by_model
    assert first.material == offline.sections[0].items[0].material and second[0].material
    assert second[1].text == offline.sections[1].items[1].text
    details = [i.detail for i in plan.issues if i.kind == "fallback" and i.item == plan.sections[1].title]
    assert any("总结的标题" in d for d in details) and any("模型未写这一条" in d for d in details)
    assert any("未经模型改写" in d for d in details) == (len(offline.sections[1].items) > 6)
    # the third reply was unusable: that section keeps its offline outline, and says so
    assert any(i.item == offline.sections[2].title and "无法使用" in i.detail for i in plan.issues)
    assert [it.text for it in plan.sections[2].items] == [it.text for it in offline.sections[2].items]
    assert all(c.covered for c in plan.coverage)
    requests = openai_server.chat_requests
    assert len(requests) == 3
    for request in requests:
        cap = request.body.get("max_completion_tokens") or request.body.get("max_tokens")
        assert cap is not None and 0 < cap <= 1200
        schema = request.body["response_format"]["json_schema"]["schema"]  # the server holds the model to it
        assert 1 <= schema["properties"]["items"]["maxItems"] <= 6
        assert 0 < request.body["frequency_penalty"] < 1  # a small model otherwise loops on one phrase
    # every section's prompt opens with the same system text and draft-wide header, which the server reads once
    first, second = (json.dumps(r.body["messages"], ensure_ascii=False) for r in requests[:2])
    shared = shared_prefix(first, second)
    assert shared >= first.index("本部分") > first.index("文风")
    prompt = second
    assert "存在问题：" in prompt and offline.sections[1].title in prompt and "条目6" in prompt
    assert "青田" not in prompt and "市南" not in prompt and "聚力科创核心指标提升" not in prompt  # no held plan
    assert [r.prompt_name for r in run_log.recent()] == ["draft_section"] * 3


def test_generative_keeps_to_its_time_budget(
    sample_store: Any, llm_settings: Settings, openai_server: OpenAIServer
) -> None:
    openai_server.enqueue(json.dumps(SECTION_ONE, ensure_ascii=False))
    llm = build_chat_model(llm_settings)
    assert llm is not None
    seen: list[int] = []
    plan = draft_plan(
        sample_store.catalog,
        DraftRequest(bureau=DONGTOU, period="2024年下半年", model_budget_s=0.001),
        llm=llm,
        run_log=RunLog(llm_settings.run_log_path),
        progress=lambda n, total, title: seen.append(n),
    )
    assert plan.mode == "generative" and len(openai_server.chat_requests) == 1  # the first section, then no more
    budget = [i for i in plan.issues if i.kind == "fallback" and "时间预算" in i.detail]
    assert len(budget) == 1 and "时间预算" in budget[0].detail and budget[0].item == plan.sections[1].title
    assert seen[:2] == [1, 2]


def test_generative_unusable_first_reply_falls_back_to_offline(
    sample_store: Any, llm_settings: Settings, openai_server: OpenAIServer
) -> None:
    openai_server.enqueue("这不是 JSON。")
    llm = build_chat_model(llm_settings)
    assert llm is not None
    plan = draft_plan(
        sample_store.catalog,
        DraftRequest(bureau=DONGTOU, period="2025年"),
        llm=llm,
        run_log=RunLog(llm_settings.run_log_path),
    )
    assert plan.mode == "offline"
    assert [i.kind for i in plan.issues if i.kind == "fallback"] == ["fallback"]
    assert len(openai_server.chat_requests) == 1  # a model that cannot answer in JSON is not asked again


def test_generative_requires_run_log(sample_store: Any, llm_settings: Settings) -> None:
    llm = build_chat_model(llm_settings)
    assert llm is not None
    with pytest.raises(DraftError, match="运行日志"):
        draft_plan(sample_store.catalog, DraftRequest(bureau=DONGTOU, period="2025年"), llm=llm)
