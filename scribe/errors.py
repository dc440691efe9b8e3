"""One exception base; subclasses carry the fields an edge needs to explain the problem."""

from __future__ import annotations

from pathlib import Path


class ScribeError(Exception):
    """Base of every error bureau-scribe raises on purpose."""

    exit_code = 1

    def user_message(self) -> str:
        return str(self)


class ConfigError(ScribeError):
    """A setting is missing or wrong; the message says how to fix it."""

    exit_code = 2

    def __init__(self, setting: str, problem: str, fix: str) -> None:
        self.setting = setting
        self.problem = problem
        self.fix = fix
        super().__init__(f"配置错误 {setting}: {problem}。{fix}")


class IngestError(ScribeError):
    """A file could not be ingested; nothing already stored was changed."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class StoreError(ScribeError):
    """The vector store or catalog cannot be used as asked."""


class EmbeddingMismatchError(StoreError):
    """The collection holds vectors from a different embedding model."""

    def __init__(self, collection: str, stored: str, configured: str) -> None:
        self.collection = collection
        self.stored = stored
        self.configured = configured
        super().__init__(
            f"集合 {collection} 中的向量来自嵌入模型 {stored}，当前配置为 {configured}；"
            f"不同模型的向量不能混用。请改回 SCRIBE_EMBEDDING，或换一个 SCRIBE_DATA_DIR / SCRIBE_COLLECTION 重新入库。"
        )


class StoreBusyError(StoreError):
    """Another process holds the write lock on the store."""

    def __init__(self, lock_path: Path, holder: str) -> None:
        self.lock_path = str(lock_path)
        self.holder = holder
        super().__init__(f"另一个入库进程（{holder}）正在写入 {lock_path.parent}；请等它结束后再试。")


class DocumentNotFoundError(ScribeError):
    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(f"找不到文档 {ref}；用 `scribe list` 查看已入库的文档。")


class LLMError(ScribeError):
    """The configured chat model endpoint failed after retries."""

    def __init__(self, endpoint: str, reason: str) -> None:
        self.endpoint = endpoint
        self.reason = reason
        super().__init__(f"大模型接口 {endpoint} 调用失败：{reason}")


class PromptError(ScribeError):
    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"提示词 {name}: {reason}")


class DatasetError(ScribeError):
    """A dataset file (JSONL: labelled claims, QA items …) has a line that cannot be used."""

    exit_code = 2

    def __init__(self, path: Path | str, line: int, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        super().__init__(f"{self.path} 第{line}行: {reason}")


class DraftError(ScribeError):
    """A plan cannot be drafted as asked; the message says what to change."""

    exit_code = 2


class LocalModelError(ScribeError):
    """The bundled local model could not be installed, verified or served."""

    exit_code = 2

    def __init__(self, model: str, reason: str) -> None:
        self.model = model
        self.reason = reason
        super().__init__(f"本地模型 {model}：{reason}")
