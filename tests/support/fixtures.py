"""Pytest fixtures for the local OpenAI-compatible server. Import them from ``tests/conftest.py``::

pytest_plugins = ["tests.support.fixtures"]
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from chains.runlog import RunLog
from scribe.settings import Settings
from tests.support.openai_server import OpenAIServer

TEST_API_KEY = "sk-scribe-test-0123456789abcdef"
TEST_MODEL = "test-model"


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    """A started server on 127.0.0.1 with a free port; any API key is accepted unless ``api_key`` is set."""
    with OpenAIServer(models=[TEST_MODEL]) as server:
        yield server


def llm_test_settings(base_url: str, data_dir: Path, **overrides: object) -> Settings:
    """Settings pointing at ``base_url`` with short timeouts; no ``.env`` file is read."""
    values: dict[str, object] = {
        "llm_base_url": base_url,
        "llm_model": TEST_MODEL,
        "llm_api_key": SecretStr(TEST_API_KEY),
        "llm_timeout": 5.0,  # generous: a loaded CI machine must not turn a reply into a timeout
        "llm_max_retries": 2,
        "data_dir": data_dir,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
def llm_settings(openai_server: OpenAIServer, tmp_path: Path) -> Settings:
    """Generative-mode Settings aimed at ``openai_server``: timeout 5 s, 2 retries, data in ``tmp_path``."""
    return llm_test_settings(openai_server.base_url, tmp_path / "data")


@pytest.fixture
def make_llm_settings(openai_server: OpenAIServer, tmp_path: Path) -> Callable[..., Settings]:
    """``make(**overrides)``: like ``llm_settings`` with some fields changed (e.g. ``llm_max_retries=0``)."""

    def make(**overrides: object) -> Settings:
        return llm_test_settings(openai_server.base_url, tmp_path / "data", **overrides)

    return make


@pytest.fixture
def run_log(llm_settings: Settings) -> RunLog:
    return RunLog(llm_settings.run_log_path)


@pytest.fixture
def closed_port_url() -> str:
    """A ``/v1`` URL on 127.0.0.1 where nothing listens (the port was free a moment ago)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
