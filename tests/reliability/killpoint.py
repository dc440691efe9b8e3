"""Run the ``scribe`` CLI and SIGKILL it at a chosen storage step — a crash at an exact, repeatable point.

    python -m tests.reliability.killpoint dense.upsert:after:3 ingest corpus/

Spec ``target:when:n``: ``target`` is one of ``TARGETS``; ``when`` is ``before`` (kill on entering the n-th
call), ``after`` (kill when the n-th call returned) or ``during`` (a timer kills the process
``SCRIBE_TEST_KILL_DELAY`` seconds into the n-th call, i.e. inside Chroma's or SQLite's own write).
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

TARGETS = {
    "dense.upsert": ("vectorstore.dense", "DenseIndex", "upsert"),
    "dense.delete": ("vectorstore.dense", "DenseIndex", "delete"),
    "catalog.replace_document": ("vectorstore.catalog", "Catalog", "replace_document"),
    "catalog.delete_document": ("vectorstore.catalog", "Catalog", "delete_document"),
    "catalog.put_vectors": ("vectorstore.catalog", "Catalog", "put_vectors"),
}


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def install(spec: str, delay: float) -> None:
    target, when, nth = spec.split(":")
    module_name, class_name, method = TARGETS[target]
    module = __import__(module_name, fromlist=[class_name])
    cls = getattr(module, class_name)
    real: Callable[..., Any] = getattr(cls, method)
    calls = 0

    @functools.wraps(real)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == int(nth):
            if when == "before":
                _die()
            if when == "during":
                threading.Timer(delay, _die).start()
        result = real(*args, **kwargs)
        if calls == int(nth) and when in ("after", "during"):
            _die()  # "during" that finished first still dies before the next step
        return result

    setattr(cls, method, wrapper)


def main() -> None:
    spec, *args = sys.argv[1:]
    install(spec, float(os.environ.get("SCRIBE_TEST_KILL_DELAY", "0.005")))
    from scribe.cli import main as cli_main

    sys.argv = ["scribe", *args]
    cli_main()


if __name__ == "__main__":
    main()
