"""The real-model tier: one session starts xllamacpp's server on the bundled model, every test asks it.

Without the model file (``make install-llm``) the tier is skipped — except under ``CI=true``, where a missing
model is a failed install step and the tier fails instead of skipping.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from scribe.localmodel import LocalServer, installed_path
from scribe.localmodel.__main__ import server_config
from scribe.settings import Settings
from tests.conftest import REPO, make_settings

MODELS_DIR = REPO / "data" / "models"
LLM_TIMEOUT = 420.0  # seconds per request: 2 busy cores can be slow, but never unbounded


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/llm/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.llm)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def local_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    settings = Settings(_env_file=None, data_dir=REPO / "data")  # type: ignore[call-arg]
    path = installed_path(MODELS_DIR, settings.local_model)
    if path is None:
        message = f"the bundled model {settings.local_model} is not installed under {MODELS_DIR}: run make install-llm"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    config = server_config(settings.model_copy(update={"local_port": _free_port()}))
    log_path = tmp_path_factory.mktemp("llm") / "server.log"
    with LocalServer(config, log_path=log_path) as server:
        yield server


@pytest.fixture
def model_settings(local_model: LocalServer, tmp_path: Path) -> Settings:
    return make_settings(
        tmp_path,
        llm_base_url=local_model.base_url,
        llm_model=local_model.config.alias,
        llm_timeout=LLM_TIMEOUT,
        llm_max_retries=0,
        llm_temperature=0.0,
    )
