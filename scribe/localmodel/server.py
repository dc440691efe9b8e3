"""Serve an installed GGUF model with xllamacpp's OpenAI-compatible HTTP server on 127.0.0.1.

The server runs in its own process (``python -m scribe.localmodel serve``): llama.cpp holds ~2 GB and its threads,
and a separate process can be stopped cleanly whatever it is doing. :class:`LocalServer` starts that process,
waits until ``/health`` answers ok, and stops it (SIGTERM, then SIGKILL after a grace period).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from scribe.errors import LocalModelError

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


@dataclass(frozen=True)
class ServerConfig:
    """How to serve one model file."""

    model_path: Path
    alias: str
    port: int = 8765
    threads: int = 1  # decoding: one token at a time, memory-bound; 1 thread holds up best on busy shared cores
    batch_threads: int = 2  # reading the prompt: a matrix product that scales with cores; the first token waits on it
    ctx: int = 4096
    parallel: int = 1
    cache_prompt: bool = True  # llama.cpp reuses the common prefix (the fixed system text) of consecutive prompts

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"


def batch_threads_for(cores: int, load1: float) -> int:
    """Prompt-reading threads for a machine with ``cores`` cores whose 1-minute load average is ``load1``.

    Measured on 2 cores (README, "A real model in the loop"): with the machine idle, 2 threads read the prompt
    twice as fast as 1 (first token 1.5 s against 3.2 s); with other work running, a second thread waits on a
    core someone else holds and reading gets slower than with 1 (first token 21.7 s against 17.4 s at load 14).
    So: one thread per core left idle, at least 1, at most ``cores``."""
    return max(1, min(cores, int(cores - load1 + 0.5)))


def serve_forever(config: ServerConfig, stop: threading.Event | None = None) -> None:
    """Run the server in this process until SIGTERM/SIGINT (or ``stop`` is set)."""
    import xllamacpp as xlc  # a native extension of ~100 MB: loaded only by the process that serves

    params = xlc.CommonParams()
    params.model.path = str(config.model_path)
    params.model_alias = config.alias
    params.hostnames = [HOST]
    params.port = config.port
    params.n_ctx = config.ctx
    params.n_parallel = config.parallel
    params.cpuparams.n_threads = config.threads
    params.cpuparams_batch.n_threads = config.batch_threads
    params.warmup = True
    params.cache_prompt = config.cache_prompt
    stop = stop or threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    server = xlc.Server(params)
    log.info(
        "serving %s at %s (threads=%d, batch threads=%d, ctx=%d)",
        config.alias,
        server.listening_address,
        config.threads,
        config.batch_threads,
        config.ctx,
    )
    while not stop.wait(0.5):
        pass
    del server


class LocalServer:
    """A child process serving ``config``; a context manager that starts it healthy and stops it."""

    def __init__(self, config: ServerConfig, *, log_path: Path | None = None, python: str = sys.executable) -> None:
        self.config = config
        self.log_path = log_path
        self.python = python
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return self.config.base_url

    def start(self, *, timeout: float = 300.0) -> LocalServer:
        """Start the process and block until ``/health`` is ok; raises :class:`LocalModelError` otherwise."""
        if not self.config.model_path.is_file():
            raise LocalModelError(
                self.config.alias, f"模型文件 {self.config.model_path} 不存在，请先运行 make install-llm"
            )
        if _port_open(self.config.port):
            raise LocalModelError(self.config.alias, f"端口 {self.config.port} 已被占用，请设置 SCRIBE_LOCAL_PORT")
        command = [
            self.python,
            "-m",
            "scribe.localmodel",
            "serve",
            "--model-path",
            str(self.config.model_path),
            "--alias",
            self.config.alias,
            "--port",
            str(self.config.port),
            "--threads",
            str(self.config.threads),
            "--batch-threads",
            str(self.config.batch_threads),
            "--ctx",
            str(self.config.ctx),
        ]
        sink = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        try:
            self._process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=dict(os.environ))
        finally:
            if self.log_path and not isinstance(sink, int):
                sink.close()
        self.wait_healthy(timeout=timeout)
        return self

    def wait_healthy(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://{HOST}:{self.config.port}/health"
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise LocalModelError(
                    self.config.alias, f"服务进程已退出（退出码 {self._process.returncode}）{self._log_hint()}"
                )
            try:
                if httpx.get(url, timeout=2.0).status_code == 200:
                    log.info("local model %s healthy at %s", self.config.alias, self.base_url)
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise LocalModelError(self.config.alias, f"{timeout:.0f} 秒内服务没有就绪{self._log_hint()}")

    def slots(self) -> list[dict[str, Any]]:
        """llama.cpp's ``/slots``: per slot whether it is processing, and how many tokens its last task wrote."""
        return list(httpx.get(f"http://{HOST}:{self.config.port}/slots", timeout=10.0).json())

    def wait_idle(self, *, timeout: float) -> float | None:
        """Seconds until no slot is processing, or None when one still is after ``timeout`` seconds."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if not any(slot.get("is_processing") for slot in self.slots()):
                return time.monotonic() - started
            time.sleep(0.2)
        return None

    def stop(self, *, grace: float = 10.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=grace)

    def __enter__(self) -> LocalServer:
        return self.start() if self._process is None else self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def _log_hint(self) -> str:
        return f"，详见 {self.log_path}" if self.log_path else ""


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0
