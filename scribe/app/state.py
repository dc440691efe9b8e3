"""The Streamlit side of the app's plumbing: Settings at the edge, cached resources, the error guard.

The parts (the store with its Chroma client and embedding model, the catalog, the chat model, the run log) come
from one :class:`~scribe.services.Services` per Settings, kept for the process with ``st.cache_resource``;
chains that hold per-call state (the QA chain keeps its stream callback) are built per browser session and kept
in ``st.session_state``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st
from pydantic import ValidationError

from scribe.app.ui import friendly_error
from scribe.errors import ScribeError
from scribe.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from chains.draft import Search
    from chains.qa import QAChain
    from chains.runlog import RunLog
    from scribe.services import Services
    from vectorstore.catalog import Catalog
    from vectorstore.store import Store

log = logging.getLogger(__name__)


# --- settings -----------------------------------------------------------------------------------------------


def load_settings() -> Settings:
    """Settings from the environment (and ``.env``); a wrong setting stops the page with how to fix it."""
    try:
        return Settings()
    except ScribeError as e:
        st.error(friendly_error(e))
    except ValidationError as e:
        names = "、".join("SCRIBE_" + str(err["loc"][0]).upper() for err in e.errors() if err["loc"]) or "SCRIBE_*"
        st.error(f"配置错误：{names} 的值无效。请修改环境变量或 .env 文件后重启应用。")
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def settings_key(settings: Settings) -> str:
    """Identity of a Settings for caching: every field, secrets included only as a hash."""
    secrets = "|".join(
        s.get_secret_value() if s is not None else "" for s in (settings.llm_api_key, settings.embedding_api_key)
    )
    return settings.model_dump_json() + hashlib.sha256(secrets.encode()).hexdigest()[:16]


# --- cached resources ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=8)
def _services(key: str, _settings: Settings) -> Services:
    from scribe.services import build_services

    return build_services(_settings)


@st.cache_resource(show_spinner="正在打开资料库…", max_entries=8)
def _store(key: str, _settings: Settings) -> Store:
    """The services' store, opened under the spinner the first time."""
    return get_services(_settings).store


@st.cache_resource(show_spinner=False, max_entries=8)
def _warm(key: str, _settings: Settings) -> bool:
    """Load what the first question needs (Chroma, the embedding model, jieba, lazy imports) ahead of it."""
    started = time.perf_counter()
    try:
        get_store(_settings)
        get_services(_settings).qa_chain(offline=True).ask("洞头区上半年规上工业研发费用是多少？")
    except Exception:  # the real question will show the problem to the user; here it is only logged
        log.exception("warm-up failed")
        return False
    log.info("warm-up done in %.1f s", time.perf_counter() - started)
    return True


def get_services(settings: Settings) -> Services:
    """The process-wide parts for these Settings (each opened when first used)."""
    return _services(settings_key(settings), settings)


def get_store(settings: Settings) -> Store:
    return _store(settings_key(settings), settings)


def get_catalog(settings: Settings) -> Catalog:
    """The catalog alone (SQLite, opens in milliseconds): enough for lists, filters and the figure ledger."""
    return get_services(settings).catalog


def warm_up(settings: Settings) -> bool:
    """Once per process and Settings: make the first answer fast. Call it after the page has been drawn."""
    return _warm(settings_key(settings), settings)


def get_chat_model(settings: Settings) -> BaseChatModel | None:
    return get_services(settings).llm


def get_run_log(settings: Settings) -> RunLog:
    return get_services(settings).run_log


def get_qa_chain(settings: Settings) -> QAChain:
    """This session's QA chain over the shared store and chat model."""
    key = settings_key(settings)
    cached = st.session_state.get("_qa_chain")
    if cached is not None and cached[0] == key:
        chain: QAChain = cached[1]
        return chain
    get_store(settings)  # the spinner, the first time
    chain = get_services(settings).qa_chain()
    st.session_state["_qa_chain"] = (key, chain)
    return chain


# --- the error edge -----------------------------------------------------------------------------------------


@contextmanager
def guard(action: str) -> Iterator[None]:
    """Turn errors into ``st.error`` in plain Chinese; unexpected ones are logged with their traceback.

    Streamlit's own control flow (``st.rerun``, ``st.stop``) derives from BaseException and passes through.
    """
    try:
        yield
    except ScribeError as e:
        log.warning("%s failed: %s", action, e)
        st.error(f"{action}失败：{friendly_error(e)}")
    except Exception as e:
        log.exception("%s failed unexpectedly", action)
        st.error(f"{action}失败：{friendly_error(e)}")


def mode_badge(settings: Settings) -> None:
    """The visible mode badge: 离线模式（抽取式） or the configured model."""
    if settings.generative:
        st.badge(settings.mode_label, icon=":material/auto_awesome:", color="violet")
    else:
        st.badge(settings.mode_label, icon=":material/offline_bolt:", color="gray")


# --- connection checks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    ok: bool
    message: str


def check_llm(settings: Settings) -> Check:
    """GET ``/models`` on the configured endpoint; a failure says what to fix."""
    import openai

    from chains.llm import NO_KEY

    if not settings.llm_base_url:
        return Check(
            False, "未配置大模型接口（离线模式）。如需生成模式，请设置 SCRIBE_LLM_BASE_URL 和 SCRIBE_LLM_MODEL 后重启。"
        )
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else NO_KEY
    client = openai.OpenAI(
        base_url=settings.llm_base_url, api_key=key, timeout=min(settings.llm_timeout, 10.0), max_retries=0
    )
    url = settings.llm_base_url
    try:
        models = [m.id for m in client.models.list()]
    except openai.AuthenticationError:
        return Check(False, f"{url} 拒绝了接口密钥（401）。请检查 SCRIBE_LLM_API_KEY。")
    except openai.NotFoundError:
        return Check(False, f"{url}/models 不存在（404）。接口地址通常以 /v1 结尾，请检查 SCRIBE_LLM_BASE_URL。")
    except openai.APITimeoutError:
        return Check(False, f"连接 {url} 超时。请检查网络，或服务是否过载。")
    except openai.APIConnectionError:
        return Check(False, f"无法连接 {url}。请检查地址与端口，以及服务是否已启动。")
    except openai.APIStatusError as e:
        return Check(False, f"{url} 返回错误 {e.status_code}。请稍后重试或检查服务日志。")
    except Exception:
        log.exception("LLM connection check failed")
        return Check(False, f"连接 {url} 时出现意外错误；详细信息已写入日志。")
    finally:
        client.close()
    wanted = settings.llm_model
    if wanted and models and wanted not in models:
        return Check(
            False, f"已连接 {url}，但其模型列表中没有 {wanted}（共 {len(models)} 个模型）。请检查 SCRIBE_LLM_MODEL。"
        )
    return Check(True, f"连接成功：{url} 可用，共 {len(models)} 个模型" + (f"，包含 {wanted}。" if wanted else "。"))


def check_chroma(settings: Settings) -> Check:
    """Heartbeat of the Chroma client (embedded or server) and the size of the collection."""
    from vectorstore.dense import build_chroma_client

    where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.chroma_dir)
    try:
        client = build_chroma_client(settings)
        client.heartbeat()
    except ScribeError as e:
        return Check(False, f"{friendly_error(e)}。请检查 SCRIBE_CHROMA_HOST / SCRIBE_CHROMA_PORT，或服务是否已启动。")
    except Exception:
        log.exception("Chroma connection check failed")
        return Check(False, f"无法连接向量库 Chroma（{where}）。请检查 SCRIBE_CHROMA_HOST / SCRIBE_CHROMA_PORT。")
    try:
        count = client.get_collection(settings.collection).count()
    except Exception:
        return Check(True, f"连接成功：Chroma（{where}）可用；集合 {settings.collection} 尚未创建（还没有入库）。")
    return Check(True, f"连接成功：Chroma（{where}）可用；集合 {settings.collection} 有 {count} 个向量。")


def focus_search(settings: Settings, bureau: str) -> Search:
    """Chunk ids for a focus area: hybrid retrieval over the shared store, restricted to the bureau if it is named."""
    get_store(settings)  # the spinner, the first time
    return get_services(settings).focus_search(bureau)


def get_offline_qa_chain(settings: Settings) -> QAChain:
    """A QA chain that never calls the chat model (for evaluations that must not cost tokens)."""
    get_store(settings)  # the spinner, the first time
    return get_services(settings).qa_chain(offline=True)
