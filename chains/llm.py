"""The chat model factory, and the one way chains call a chat model: logged, streamed, errors translated.

``build_chat_model`` is the only place a real client is constructed from Settings. ``invoke_logged`` returns
only complete answers: a stream that stops before its ``finish_reason`` raises :class:`LLMError`, never a
partial text. Retries (429, 5xx, connection errors, timeouts) are done by the openai client itself, with
exponential backoff that honours ``Retry-After``; ``settings.llm_max_retries`` sets how many.

Every call to an OpenAI-compatible endpoint is streamed, also when nobody watches the tokens. Two reasons, both
measured on the bundled llama.cpp server (README, "A real model in the loop"): the timeout then bounds the wait
for the *next* token, not the whole answer, so a slow but steady model is not cut off and asked again from the
start; and a call given up (a timeout, or a caller that stops reading) closes its connection mid-stream, which
ends the server's generation within a token instead of letting it write on to its cap for nobody.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import BaseChatOpenAI
from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError

from chains.runlog import RunLog
from scribe.errors import LLMError
from scribe.settings import Settings

logger = logging.getLogger(__name__)

NO_KEY = "not-needed"
"""Sent when no key is configured: local servers (Ollama, llama.cpp, vLLM) ignore it; the SDK insists on one."""

MessageLike = BaseMessage | tuple[str, str]
StreamCallback = Callable[[str], None]
StructuredMethod = Literal["json_schema", "json_mode", "text"]
M = TypeVar("M", bound=BaseModel)

_DEFAULT_SDK_RETRIES = 2  # openai's own default when max_retries is not set
_SECRET_LIKE = re.compile(r"(?<![A-Za-z0-9])(sk-|Bearer\s+)[A-Za-z0-9._\-]{6,}")


class LLMReply(BaseModel):
    """A complete answer from the chat model and what it cost."""

    model_config = ConfigDict(frozen=True)

    text: str
    model: str
    latency_ms: int
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None
    first_token_ms: int | None = None  # streamed calls: when the first text arrived (the prompt read by then)


class StructuredReply(BaseModel, Generic[M]):
    """``parsed`` is None when the reply held no JSON object matching the schema; then use ``reply.text``."""

    model_config = ConfigDict(frozen=True)

    parsed: M | None
    reply: LLMReply
    method: StructuredMethod
    parse_error: str | None = None
    repaired: bool = False


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured OpenAI-compatible chat model, or None in offline mode (no base URL or model set)."""
    if not settings.generative:
        return None
    return ChatOpenAI(
        model=settings.llm_model or "",
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or SecretStr(NO_KEY),
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,  # the cap of any call that names none; chains pass their own
        stream_usage=True,  # usage in the last streamed chunk; off by default for non-OpenAI base URLs
        use_responses_api=False,  # every supported server speaks /chat/completions
    )


def invoke_logged(
    llm: BaseChatModel,
    messages: Sequence[MessageLike],
    *,
    prompt_name: str,
    prompt_version: int,
    chunk_ids: Sequence[str],
    run_log: RunLog,
    stream_callback: StreamCallback | None = None,
    max_tokens: int | None = None,
) -> LLMReply:
    """Call the model once (the SDK retries inside) and record the call in ``run_log``, success or failure.

    With ``stream_callback`` the reply is streamed and the callback gets each text piece as it arrives; the
    caller must treat those pieces as provisional until this function returns. Transport and protocol
    failures raise :class:`LLMError` with a Chinese reason; exceptions from the callback propagate as they are.
    """
    target = _LogTarget(prompt_name, prompt_version, tuple(chunk_ids), run_log)
    return _logged_call(llm, messages, target, stream_callback=stream_callback, request_kwargs=_cap(max_tokens))


def invoke_structured(
    llm: BaseChatModel,
    messages: Sequence[MessageLike],
    schema: type[M],
    *,
    prompt_name: str,
    prompt_version: int,
    chunk_ids: Sequence[str],
    run_log: RunLog,
    method: StructuredMethod = "json_mode",
    max_tokens: int | None = None,
    repair: bool = False,
) -> StructuredReply[M]:
    """Ask for JSON matching ``schema`` and parse it; falls back to plain text when the server rejects it.

    ``json_mode`` sends ``response_format={"type": "json_object"}`` and ``json_schema`` sends the schema — the
    same request ``with_structured_output`` makes, but through the logged path. When the endpoint refuses the
    ``response_format`` (HTTP 400) the call is repeated without it. Either way the text is parsed leniently
    (first JSON object, code fences and ``<think>`` blocks tolerated). A reply cut off by the output cap
    (``finish_reason=length``) is never parsed into an answer. With ``repair`` a failed parse gets one more
    round: the model is shown its reply and the error and asked again; ``repaired`` says so.
    """
    target = _LogTarget(prompt_name, prompt_version, tuple(chunk_ids), run_log)
    used: StructuredMethod = method
    reply: LLMReply | None = None
    cap = _cap(max_tokens)
    if method != "text":
        try:
            fmt = response_format(schema, method)
            reply = _logged_call(
                llm, messages, target, stream_callback=None, request_kwargs={**cap, "response_format": fmt}
            )
        except LLMError as e:
            if not isinstance(e.__cause__, openai.BadRequestError):
                raise
            logger.warning("%s 不接受 response_format=%s，改为普通文本输出后解析：%s", e.endpoint, method, e.reason)
            used = "text"
    if reply is None:
        reply = _logged_call(llm, messages, target, stream_callback=None, request_kwargs=cap)
    parsed, error = _parse_complete(reply, schema)
    if error and repair:
        logger.info("结构化输出解析失败（%s），修复一轮：%s", prompt_name, error)
        again = [*messages, ("assistant", reply.text[:2000]), ("user", _REPAIR.format(error=error))]
        kwargs = cap if used == "text" else {**cap, "response_format": response_format(schema, used)}
        reply = _logged_call(llm, again, target, stream_callback=None, request_kwargs=kwargs)
        parsed, error = _parse_complete(reply, schema)
        return StructuredReply(parsed=parsed, reply=reply, method=used, parse_error=error, repaired=True)
    if error:
        logger.info("结构化输出解析失败（%s），调用方将使用原文：%s", prompt_name, error)
    return StructuredReply(parsed=parsed, reply=reply, method=used, parse_error=error)


_REPAIR = "上面的输出不可用：{error}。请重新回答，只输出一个符合要求格式的 JSON 对象，内容简短，不要输出其他文字。"


def _cap(max_tokens: int | None) -> dict[str, Any]:
    return {} if max_tokens is None else {"max_tokens": max_tokens}


def _parse_complete(reply: LLMReply, schema: type[M]) -> tuple[M | None, str | None]:
    if reply.finish_reason == "length":
        return None, f"输出达到长度上限（{reply.completion_tokens} 个 token）被截断"
    return parse_structured(reply.text, schema)


def response_format(schema: type[BaseModel], method: StructuredMethod) -> dict[str, Any]:
    """The ``response_format`` request field for ``json_mode`` or ``json_schema``."""
    if method == "json_mode":
        return {"type": "json_object"}
    if method == "json_schema":
        spec = {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False}
        return {"type": "json_schema", "json_schema": spec}
    raise ValueError(f"no response_format for method {method!r}")


def extract_json(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text``: the whole text, a ```json fence, or the first ``{...}`` that parses."""
    text = re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL).strip()
    candidates = [text, *re.findall(r"```(?:json|JSON)?\s*\n?(.*?)```", text, flags=re.DOTALL)]
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", text):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def parse_structured(text: str, schema: type[M]) -> tuple[M | None, str | None]:
    """(model, None) when ``text`` holds a JSON object valid for ``schema``; else (None, why not)."""
    value = extract_json(text)
    if value is None:
        return None, "回复中没有 JSON 对象"
    try:
        return schema.model_validate(value), None
    except ValidationError as e:
        return None, f"JSON 不符合 {schema.__name__}：{e.error_count()} 处错误（{e.errors()[0]['msg']}）"


# -- the call ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LogTarget:
    """Where and under which prompt a call is recorded."""

    prompt_name: str
    prompt_version: int
    chunk_ids: tuple[str, ...]
    run_log: RunLog


@dataclass
class _Call:
    """What the error translation needs to know about the call under way."""

    endpoint: str
    secret: str | None
    timeout: object
    retries: int
    received: int = 0  # streamed chunks with text, so far


def _logged_call(
    llm: BaseChatModel,
    messages: Sequence[MessageLike],
    target: _LogTarget,
    *,
    stream_callback: StreamCallback | None,
    request_kwargs: dict[str, Any],
) -> LLMReply:
    call = _describe(llm)
    started = time.perf_counter()
    try:
        if stream_callback is None and not isinstance(llm, BaseChatOpenAI):
            reply = _invoke(llm, messages, call, request_kwargs, started)
        else:
            reply = _stream(llm, messages, call, request_kwargs, started, stream_callback or _unwatched)
    except Exception as e:
        reason = e.reason if isinstance(e, LLMError) else _redact(f"{type(e).__name__}: {e}", call.secret)
        target.run_log.record(
            prompt_name=target.prompt_name,
            prompt_version=target.prompt_version,
            model=_model_name(llm),
            chunk_ids=target.chunk_ids,
            latency_ms=_elapsed_ms(started),
            status="error",
            error=reason,
        )
        logger.warning("LLM 调用失败（%s v%d）：%s", target.prompt_name, target.prompt_version, reason)
        raise
    target.run_log.record(
        prompt_name=target.prompt_name,
        prompt_version=target.prompt_version,
        model=reply.model,
        chunk_ids=target.chunk_ids,
        latency_ms=reply.latency_ms,
        prompt_tokens=reply.prompt_tokens,
        completion_tokens=reply.completion_tokens,
    )
    if reply.finish_reason not in (None, "stop"):
        logger.warning("回答未正常结束（finish_reason=%s），可能被截断：%s", reply.finish_reason, target.prompt_name)
    logger.info("LLM %s v%d: %s, %d ms", target.prompt_name, target.prompt_version, reply.model, reply.latency_ms)
    return reply


def _unwatched(_piece: str) -> None:
    """The callback of a call streamed only for its timeout and its cancellation (no one shows its tokens)."""


def _invoke(
    llm: BaseChatModel, messages: Sequence[MessageLike], call: _Call, kwargs: dict[str, Any], started: float
) -> LLMReply:
    with _translated(call):
        message = llm.invoke(list(messages), **kwargs)
    usage = getattr(message, "usage_metadata", None) or {}
    return LLMReply(
        text=message.text,
        model=message.response_metadata.get("model_name") or _model_name(llm),
        latency_ms=_elapsed_ms(started),
        prompt_tokens=usage.get("input_tokens"),
        completion_tokens=usage.get("output_tokens"),
        finish_reason=message.response_metadata.get("finish_reason"),
    )


def _stream(
    llm: BaseChatModel,
    messages: Sequence[MessageLike],
    call: _Call,
    kwargs: dict[str, Any],
    started: float,
    callback: StreamCallback,
) -> LLMReply:
    pieces: list[str] = []
    finish_reason: str | None = None
    model: str | None = None
    usage: dict[str, Any] = {}
    first: int | None = None
    with _translated(call):
        iterator = llm.stream(list(messages), **kwargs)
    try:
        while True:
            with _translated(call):
                chunk = next(iterator, None)
            if chunk is None:
                break
            finish_reason = chunk.response_metadata.get("finish_reason") or finish_reason
            model = chunk.response_metadata.get("model_name") or model
            usage = getattr(chunk, "usage_metadata", None) or usage
            if text := chunk.text:
                first = _elapsed_ms(started) if first is None else first
                call.received += 1
                pieces.append(text)
                callback(text)
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
    if finish_reason is None and isinstance(llm, BaseChatOpenAI):  # OpenAI streams always end with one
        raise LLMError(
            call.endpoint, f"流式响应在完成前中断（已收到 {call.received} 段，没有结束标记），回答不完整，已丢弃"
        )
    return LLMReply(
        text="".join(pieces),
        model=model or _model_name(llm),
        latency_ms=_elapsed_ms(started),
        prompt_tokens=usage.get("input_tokens"),
        completion_tokens=usage.get("output_tokens"),
        finish_reason=finish_reason,
        first_token_ms=first,
    )


@contextmanager
def _translated(call: _Call) -> Iterator[None]:
    """Turn the SDK's and LangChain's exceptions for a failed call into :class:`LLMError`."""
    try:
        yield
    except openai.APIError as e:
        raise LLMError(call.endpoint, _redact(_reason(e, call), call.secret)) from e
    except openai.LengthFinishReasonError as e:  # the SDK's structured parse of a reply cut at max_tokens
        raise LLMError(call.endpoint, "回答达到输出长度上限（max_tokens），结构化结果不完整，已丢弃") from e
    except openai.ContentFilterFinishReasonError as e:
        raise LLMError(call.endpoint, "回答被服务端内容过滤截断，结果不完整，已丢弃") from e
    except (ValueError, KeyError) as e:  # undecodable JSON, missing fields, an empty stream
        raise LLMError(call.endpoint, f"返回内容格式错误，不是合法的 OpenAI 兼容响应（{type(e).__name__}）") from e


def _reason(e: openai.APIError, call: _Call) -> str:
    retried = f"已重试 {call.retries} 次"
    if isinstance(e, openai.APITimeoutError):
        return f"请求超时：{call.timeout} 秒内没有响应（{retried}）。请检查服务负载，或调大 SCRIBE_LLM_TIMEOUT"
    if isinstance(e, openai.APIConnectionError):
        if call.received:
            return f"流式响应在完成前中断（已收到 {call.received} 段），回答不完整，已丢弃"
        if _refused(e):
            return f"无法连接 {call.endpoint}，请检查 SCRIBE_LLM_BASE_URL 或服务是否启动"
        return f"与 {call.endpoint} 的连接中断（{retried}）：{type(e.__cause__).__name__}"
    if isinstance(e, openai.AuthenticationError):  # never echo the server's message: it may quote the key
        return "API Key 无效（HTTP 401），请检查 SCRIBE_LLM_API_KEY"
    if isinstance(e, openai.PermissionDeniedError):
        return "没有权限调用该模型（HTTP 403），请检查 SCRIBE_LLM_API_KEY 的权限"
    if isinstance(e, openai.NotFoundError):
        return "模型或接口不存在（HTTP 404），请检查 SCRIBE_LLM_MODEL，以及 SCRIBE_LLM_BASE_URL 是否以 /v1 结尾"
    if isinstance(e, openai.RateLimitError):
        return f"请求过于频繁（HTTP 429），{retried}仍被限流，请稍后再试"
    if isinstance(e, openai.APIStatusError) and e.status_code >= 500:
        return f"服务端错误（HTTP {e.status_code}），{retried}仍失败，请稍后再试或检查模型服务日志"
    if isinstance(e, openai.APIStatusError):
        return f"请求被拒绝（HTTP {e.status_code}）：{_short(e.message)}"
    if isinstance(e, openai.APIResponseValidationError):
        return "返回内容格式错误，不是合法的 OpenAI 兼容响应"
    return f"接口返回错误：{_short(e.message)}"


def _refused(e: BaseException) -> bool:
    cause: BaseException | None = e
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError) or type(cause).__name__ == "ConnectError":
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _describe(llm: BaseChatModel) -> _Call:
    key = getattr(llm, "openai_api_key", None)
    retries = getattr(llm, "max_retries", None)
    return _Call(
        endpoint=str(getattr(llm, "openai_api_base", None) or type(llm).__name__),
        secret=key.get_secret_value() if isinstance(key, SecretStr) else None,
        timeout=getattr(llm, "request_timeout", None),
        retries=retries if isinstance(retries, int) else _DEFAULT_SDK_RETRIES,
    )


def _model_name(llm: BaseChatModel) -> str:
    name = getattr(llm, "model_name", None) or getattr(llm, "model", None)
    return str(name) if name else type(llm).__name__


def _redact(text: str, secret: str | None) -> str:
    if secret and secret != NO_KEY:
        text = text.replace(secret, "***")
    return _SECRET_LIKE.sub(r"\1***", text)


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
