"""The LLM plumbing against a real local OpenAI-compatible HTTP server, through the real ChatOpenAI/openai client."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from pydantic import BaseModel, SecretStr

from chains.llm import (
    LLMReply,
    build_chat_model,
    extract_json,
    invoke_logged,
    invoke_structured,
    parse_structured,
)
from chains.runlog import RunLog
from scribe.errors import LLMError
from scribe.settings import Settings
from tests.support.openai_server import OpenAIServer, Reply, fake_embedding

integration = pytest.mark.integration

MakeSettings = Callable[..., Settings]
TEST_MODEL = "test-model"  # what tests.support.fixtures configures
MESSAGES = [("system", "只依据资料回答。"), ("user", "2024年认定了多少家高新技术企业？")]
ANSWER = "2024年认定高新技术企业 126 家[1]。"


class Citation(BaseModel):
    source: int
    quote: str


class Answer(BaseModel):
    answer: str
    citations: list[Citation]


def call(settings: Settings, run_log: RunLog, **kwargs: Any) -> LLMReply:
    llm = build_chat_model(settings)
    assert llm is not None
    return invoke_logged(
        llm,
        MESSAGES,
        prompt_name="qa_answer",
        prompt_version=1,
        chunk_ids=["doc1#3", "doc2#7"],
        run_log=run_log,
        **kwargs,
    )


# -- happy paths ------------------------------------------------------------------------------------------------


@integration
def test_plain_reply_arrives_with_model_messages_and_usage(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog
) -> None:
    openai_server.enqueue(ANSWER)

    reply = call(llm_settings, run_log)

    assert reply.text == ANSWER
    assert (reply.model, reply.finish_reason) == (TEST_MODEL, "stop")
    assert reply.completion_tokens == len(ANSWER) and reply.prompt_tokens
    [request] = openai_server.chat_requests
    assert request.body["model"] == TEST_MODEL
    assert request.body["messages"] == [{"role": r, "content": c} for r, c in MESSAGES]
    assert request.body["temperature"] == llm_settings.llm_temperature
    assert request.authorized and "authorization" not in request.headers


@integration
def test_streaming_reply_calls_back_per_token_and_joins_to_the_text(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog
) -> None:
    openai_server.enqueue(ANSWER)
    tokens: list[str] = []

    reply = call(llm_settings, run_log, stream_callback=tokens.append)

    assert len(tokens) >= 5 and "".join(tokens) == reply.text == ANSWER
    assert reply.finish_reason == "stop" and reply.completion_tokens == len(ANSWER)
    # when the first text came (the prompt read by then): what a caller budgets the next call's reading by
    assert reply.first_token_ms is not None and 0 <= reply.first_token_ms <= reply.latency_ms
    [request] = openai_server.chat_requests
    assert request.body["stream"] is True and request.body["stream_options"] == {"include_usage": True}


# -- retries ----------------------------------------------------------------------------------------------------


@integration
@pytest.mark.parametrize("status", [429, 500, 503])
def test_transient_error_then_success_is_retried_by_the_client(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog, status: int
) -> None:
    openai_server.enqueue(Reply.error(status, retry_after="0"), ANSWER)

    assert call(llm_settings, run_log).text == ANSWER
    assert len(openai_server.chat_requests) == 2


@integration
def test_retry_after_header_sets_the_wait(
    openai_server: OpenAIServer, make_llm_settings: Callable[..., Settings], run_log: RunLog
) -> None:
    openai_server.enqueue(Reply.error(429, retry_after="1"), ANSWER)

    call(make_llm_settings(llm_timeout=15.0), run_log)  # a generous timeout: on a loaded machine no timeout retry

    first, second = openai_server.chat_requests
    assert second.ts - first.ts >= 0.95  # the client waited as the server asked


@integration
@pytest.mark.parametrize(
    ("status", "retries", "words"),
    [(500, 0, "服务端错误（HTTP 500）"), (500, 2, "已重试 2 次"), (429, 1, "请求过于频繁")],
)
def test_persistent_error_raises_after_max_retries(
    openai_server: OpenAIServer, make_llm_settings: MakeSettings, status: int, retries: int, words: str
) -> None:
    settings = make_llm_settings(llm_max_retries=retries)
    openai_server.default = Reply.error(status, retry_after="0")

    with pytest.raises(LLMError, match=words) as caught:
        call(settings, RunLog(settings.run_log_path))

    assert len(openai_server.chat_requests) == 1 + retries
    assert caught.value.endpoint == openai_server.base_url


# -- failures ---------------------------------------------------------------------------------------------------


@integration
def test_slow_response_past_timeout_raises_timeout(
    openai_server: OpenAIServer, make_llm_settings: MakeSettings
) -> None:
    settings = make_llm_settings(llm_timeout=0.5, llm_max_retries=1)
    openai_server.default = Reply.slow(3.0)
    started = time.monotonic()

    with pytest.raises(LLMError, match="超时"):
        call(settings, RunLog(settings.run_log_path))

    assert len(openai_server.chat_requests) == 2  # timeouts are retried too
    assert time.monotonic() - started < 2.5


@integration
@pytest.mark.parametrize("clean", [False, True], ids=["connection-dropped", "body-ended-early"])
def test_stream_cut_midway_raises_and_returns_nothing(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog, clean: bool
) -> None:
    openai_server.enqueue(Reply.cut(ANSWER, after=3, clean=clean))
    tokens: list[str] = []

    with pytest.raises(LLMError, match="中断") as caught:
        call(llm_settings, run_log, stream_callback=tokens.append)

    assert "".join(tokens) == ANSWER[:6]  # shown provisionally, then the call failed
    assert "不完整" in caught.value.reason
    assert len(openai_server.chat_requests) == 1
    assert run_log.recent(1)[0].status == "error"


@integration
@pytest.mark.parametrize("stream", [False, True])
def test_malformed_json_raises(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog, stream: bool
) -> None:
    openai_server.enqueue(Reply.garbage())
    pieces: list[str] = []
    callback = pieces.append if stream else None

    with pytest.raises(LLMError, match="格式错误"):
        call(llm_settings, run_log, stream_callback=callback)


@integration
def test_wrong_key_raises_without_echoing_it(
    openai_server: OpenAIServer, make_llm_settings: MakeSettings, caplog: pytest.LogCaptureFixture
) -> None:
    openai_server.api_key = "sk-the-right-key-000000"
    wrong = "sk-wrong-key-9f8e7d6c5b4a"
    settings = make_llm_settings(llm_api_key=SecretStr(wrong))
    run_log = RunLog(settings.run_log_path)

    with caplog.at_level(logging.DEBUG), pytest.raises(LLMError, match="API Key 无效") as caught:
        call(settings, run_log)

    assert wrong not in str(caught.value)
    assert len(openai_server.chat_requests) == 1  # 401 is not retried
    assert wrong.encode() not in settings.run_log_path.read_bytes()
    assert wrong not in caplog.text


@integration
def test_connection_refused_says_what_to_check(closed_port_url: str, make_llm_settings: MakeSettings) -> None:
    settings = make_llm_settings(llm_base_url=closed_port_url, llm_max_retries=0)

    with pytest.raises(LLMError, match=r"无法连接.*SCRIBE_LLM_BASE_URL"):
        call(settings, RunLog(settings.run_log_path))


@integration
def test_callback_errors_propagate_unchanged_and_are_logged(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog
) -> None:
    def broken(_: str) -> None:
        raise ValueError("界面已关闭")

    with pytest.raises(ValueError, match="界面已关闭"):
        call(llm_settings, run_log, stream_callback=broken)

    assert run_log.recent(1)[0].error == "ValueError: 界面已关闭"


# -- run log ----------------------------------------------------------------------------------------------------


@integration
def test_run_log_records_every_call_without_the_key(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog, caplog: pytest.LogCaptureFixture
) -> None:
    key = llm_settings.llm_api_key.get_secret_value() if llm_settings.llm_api_key else ""
    assert key.startswith("sk-")
    openai_server.enqueue(ANSWER, Reply.error(400, message=f"bad request from key {key}"))

    with caplog.at_level(logging.DEBUG):
        call(llm_settings, run_log)
        with pytest.raises(LLMError) as caught:
            call(llm_settings, run_log)

    failed, ok = run_log.recent(5)
    assert (ok.prompt_name, ok.prompt_version, ok.chunk_ids) == ("qa_answer", 1, ["doc1#3", "doc2#7"])
    assert (ok.model, ok.status, ok.error, ok.completion_tokens) == (TEST_MODEL, "ok", None, len(ANSWER))
    assert ok.latency_ms >= 0 and ok.prompt_tokens
    assert failed.status == "error" and failed.error is not None and "HTTP 400" in failed.error
    assert key not in str(caught.value) and "***" in str(caught.value)
    assert key.encode() not in llm_settings.run_log_path.read_bytes()
    assert key not in caplog.text


def test_models_without_finish_reason_stream_normally(tmp_path: Path) -> None:
    fake = GenericFakeChatModel(messages=iter([AIMessage(content="甲 乙 丙")]))
    tokens: list[str] = []

    reply = invoke_logged(
        fake,
        MESSAGES,
        prompt_name="t",
        prompt_version=1,
        chunk_ids=[],
        run_log=RunLog(tmp_path / "r.db"),
        stream_callback=tokens.append,
    )

    assert reply.text == "".join(tokens) == "甲 乙 丙" and len(tokens) > 1
    assert reply.first_token_ms is not None


def test_offline_settings_build_no_model(tmp_path: Path) -> None:
    assert build_chat_model(Settings(_env_file=None, data_dir=tmp_path)) is None


# -- structured output ------------------------------------------------------------------------------------------

JSON_ANSWER = '{"answer": "认定高新技术企业 126 家[1]。", "citations": [{"source": 1, "quote": "126 家"}]}'


@integration
@pytest.mark.parametrize(("method", "kind"), [("json_mode", "json_object"), ("json_schema", "json_schema")])
def test_structured_output_via_response_format(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog, method: Any, kind: str
) -> None:
    openai_server.enqueue(JSON_ANSWER)
    llm = build_chat_model(llm_settings)
    assert llm is not None

    result = invoke_structured(
        llm, MESSAGES, Answer, prompt_name="qa_answer", prompt_version=1, chunk_ids=[], run_log=run_log, method=method
    )

    assert result.parsed == Answer(
        answer="认定高新技术企业 126 家[1]。", citations=[Citation(source=1, quote="126 家")]
    )
    assert result.method == method and result.parse_error is None
    [request] = openai_server.chat_requests
    assert request.body["response_format"]["type"] == kind


@integration
def test_structured_output_falls_back_to_plain_text_when_response_format_is_refused(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog
) -> None:
    def server_without_json_mode(body: dict[str, Any]) -> str | Reply:
        if "response_format" in body:
            return Reply.error(400, message="response_format is not supported")
        return f"好的，结果如下：\n```json\n{JSON_ANSWER}\n```\n"

    openai_server.default = server_without_json_mode
    llm = build_chat_model(llm_settings)
    assert llm is not None

    result = invoke_structured(
        llm, MESSAGES, Answer, prompt_name="qa_answer", prompt_version=1, chunk_ids=[], run_log=run_log
    )

    assert result.method == "text" and result.parsed is not None and result.parsed.citations[0].source == 1
    assert len(openai_server.chat_requests) == 2
    assert [r.status for r in run_log.recent(2)] == ["ok", "error"]


@integration
def test_structured_output_without_json_leaves_the_text(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog
) -> None:
    openai_server.enqueue("无法从资料中找到")
    llm = build_chat_model(llm_settings)
    assert llm is not None

    result = invoke_structured(
        llm, MESSAGES, Answer, prompt_name="qa_answer", prompt_version=1, chunk_ids=[], run_log=run_log
    )

    assert result.parsed is None and result.reply.text == "无法从资料中找到" and result.parse_error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('```json\n{"a": 1}\n```', {"a": 1}),
        ('```\n{"a": 1}\n```', {"a": 1}),
        ('回答如下：{"a": "含 } 的文本"} 以上。', {"a": "含 } 的文本"}),
        ('<think>先想想 {"a": 0}</think>\n{"a": 2}', {"a": 2}),
        ('[1, 2] 然后 {"a": 3}', {"a": 3}),
        ('{broken {"a": 4}', {"a": 4}),
        ("无法从资料中找到", None),
        ("[1, 2]", None),
        ("", None),
    ],
)
def test_extract_json(text: str, expected: dict[str, Any] | None) -> None:
    assert extract_json(text) == expected


def test_parse_structured_reports_schema_mismatch() -> None:
    parsed, error = parse_structured('{"answer": "甲"}', Answer)
    assert parsed is None and error is not None and "Answer" in error


# -- the test server itself -------------------------------------------------------------------------------------


@integration
def test_server_lists_models_and_embeds_deterministically(openai_server: OpenAIServer) -> None:
    client = openai.OpenAI(base_url=openai_server.base_url, api_key="sk-any", max_retries=0)

    assert [m.id for m in client.models.list()] == [TEST_MODEL]
    first = client.embeddings.create(model="emb", input=["科技局", "工作报告"])
    again = client.embeddings.create(model="emb", input="科技局", encoding_format="float")
    wide = client.embeddings.create(model="emb", input="科技局", dimensions=64)

    assert [len(d.embedding) for d in first.data] == [openai_server.embedding_dim] * 2
    assert first.data[0].embedding == pytest.approx(again.data[0].embedding, abs=1e-6)
    assert again.data[0].embedding == pytest.approx(fake_embedding("科技局", openai_server.embedding_dim))
    assert first.data[0].embedding != first.data[1].embedding
    assert len(wide.data[0].embedding) == 64
    assert openai_server.requests_to("/embeddings")[0].body["input"] == ["科技局", "工作报告"]


@integration
def test_server_embedding_faults(openai_server: OpenAIServer) -> None:
    client = openai.OpenAI(base_url=openai_server.base_url, api_key="sk-any", max_retries=1)
    openai_server.enqueue_embedding_fault(Reply.error(429, retry_after="0"))

    assert len(client.embeddings.create(model="emb", input="x").data) == 1
    assert len(openai_server.requests_to("/embeddings")) == 2


@integration
def test_a_structured_reply_cut_at_the_length_limit_is_an_llm_error(
    openai_server: OpenAIServer, llm_settings: Settings, run_log: RunLog
) -> None:
    """The SDK raises LengthFinishReasonError (not an APIError) when a json_schema reply stops at max_tokens: it is
    an LLMError like any failed call, so the chains fall back with a label instead of crashing."""
    openai_server.enqueue(Reply(text='{"answer": "认定高新技术企业', finish_reason="length"))
    llm = build_chat_model(llm_settings)
    assert llm is not None
    with pytest.raises(LLMError, match="输出长度上限"):
        invoke_structured(
            llm,
            MESSAGES,
            Answer,
            prompt_name="qa_answer",
            prompt_version=1,
            chunk_ids=[],
            run_log=run_log,
            method="json_schema",
        )
