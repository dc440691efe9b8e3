"""A real OpenAI-compatible HTTP server on 127.0.0.1 for tests, with scripted replies and fault injection.

Speaks ``GET /v1/models``, ``POST /v1/chat/completions`` (JSON and SSE streaming) and ``POST /v1/embeddings``.
Replies to chat requests come from a queue (``enqueue``); when it is empty, ``default`` answers. Every request
is recorded (path, headers without ``Authorization``, JSON body, arrival time) so tests can count retries.

Run by hand: ``python -m tests.support.openai_server --port 8765 --reply "你好"``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import logging
import math
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

logger = logging.getLogger(__name__)

JSON = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """One scripted answer to one request; the helpers below build the faults."""

    text: str = ""
    status: int = 200
    retry_after: str | None = None
    delay: float = 0.0  # seconds to wait before the first byte
    chunk_chars: int = 2  # characters per streamed content chunk
    chunk_delay: float = 0.0  # seconds between streamed chunks
    cut_after: int | None = None  # streaming: stop after this many content chunks, no finish_reason, no [DONE]
    cut_clean: bool = False  # with cut_after: end the body cleanly instead of dropping the connection
    malformed: bool = False  # send a 200 whose body is not valid JSON
    finish_reason: str = "stop"
    error_message: str | None = None

    @classmethod
    def error(cls, status: int, *, retry_after: str | None = None, message: str | None = None) -> Reply:
        """An HTTP error (429, 500, 401, ...) with an OpenAI-style error body."""
        return cls(status=status, retry_after=retry_after, error_message=message)

    @classmethod
    def slow(cls, seconds: float, text: str = "迟到的回答") -> Reply:
        return cls(text=text, delay=seconds)

    @classmethod
    def cut(cls, text: str, *, after: int = 2, clean: bool = False) -> Reply:
        """A stream that stops after ``after`` chunks: connection dropped, or (``clean``) body ended early."""
        return cls(text=text, cut_after=after, cut_clean=clean)

    @classmethod
    def garbage(cls) -> Reply:
        return cls(malformed=True)


Scripted = str | Reply | Callable[[JSON], "str | Reply"]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names, Authorization removed
    body: Any  # parsed JSON, or None
    ts: float  # time.monotonic() at arrival
    authorized: bool  # an Authorization header was present


def fake_embedding(text: str, dim: int) -> list[float]:
    """Deterministic unit vector from a hash of the text."""
    values: list[float] = []
    counter = 0
    while len(values) < dim:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        values.extend((b / 127.5) - 1.0 for b in digest)
        counter += 1
    vector = values[:dim]
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def _error_body(status: int, message: str) -> JSON:
    kinds = {401: "invalid_request_error", 429: "rate_limit_exceeded", 404: "not_found_error"}
    return {"error": {"message": message, "type": kinds.get(status, "server_error"), "param": None, "code": None}}


def _prompt_tokens(body: JSON) -> int:
    total = 0
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            total += len(content)
    return total


def _pieces(text: str, size: int) -> Iterator[str]:
    size = max(1, size)
    for i in range(0, len(text), size):
        yield text[i : i + size]


@dataclass
class OpenAIServer:
    """The server and its script. Start with ``start()`` (or as a context manager); ``base_url`` ends in ``/v1``."""

    models: list[str] = field(default_factory=lambda: ["test-model"])
    embedding_dim: int = 16
    api_key: str | None = None  # when set, any other Bearer token gets a real 401
    default: Scripted = field(default_factory=lambda: Reply(text="好的。"))
    host: str = "127.0.0.1"
    port: int = 0

    def __post_init__(self) -> None:
        self._queue: deque[Scripted] = deque()
        self._embedding_faults: deque[Reply] = deque()
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- script -------------------------------------------------------------------------------------------------
    def enqueue(self, *items: Scripted) -> None:
        """Queue replies for the next chat requests, in order (a retry consumes the next item)."""
        with self._lock:
            self._queue.extend(items)

    def enqueue_embedding_fault(self, *faults: Reply) -> None:
        with self._lock:
            self._embedding_faults.extend(faults)

    def _next_chat(self, body: JSON) -> Reply:
        with self._lock:
            item = self._queue.popleft() if self._queue else self.default
        if callable(item):
            item = item(body)
        return Reply(text=item) if isinstance(item, str) else item

    def _next_embedding_fault(self) -> Reply | None:
        with self._lock:
            return self._embedding_faults.popleft() if self._embedding_faults else None

    # -- records ------------------------------------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path_suffix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith(path_suffix)]

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return self.requests_to("/chat/completions")

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    # -- life cycle ---------------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return f"http://{self.host}:{self._httpd.server_address[1]}/v1"

    def start(self) -> OpenAIServer:
        self._stop.clear()
        self._httpd = _HTTPServer((self.host, self.port), _Handler, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="openai-test-server", daemon=True
        )
        self._thread.start()
        logger.debug("test OpenAI server listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes handlers sleeping in a slow reply
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def serve_forever(self) -> None:
        """Serve in the calling thread (for ``__main__``)."""
        self._httpd = _HTTPServer((self.host, self.port), _Handler, self)
        try:
            self._httpd.serve_forever()
        finally:
            self._httpd.server_close()

    def __enter__(self) -> OpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], app: OpenAIServer) -> None:
        self.app = app
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    # -- plumbing -----------------------------------------------------------------------------------------------
    @property
    def app(self) -> OpenAIServer:
        return self.server.app

    def _read_body(self) -> tuple[Any, bool]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return None, True
        try:
            return json.loads(raw), True
        except ValueError:
            return raw.decode("utf-8", "replace"), False

    def _record(self, body: Any) -> None:
        headers = {k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"}
        self.app._record(
            RecordedRequest(
                method=self.command,
                path=self.path,
                headers=headers,
                body=body,
                ts=time.monotonic(),
                authorized="authorization" in {k.lower() for k in self.headers},
            )
        )

    def _send_json(self, status: int, payload: JSON | str, extra: dict[str, str] | None = None) -> None:
        data = (payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_error(self, reply: Reply) -> None:
        extra = {"Retry-After": reply.retry_after} if reply.retry_after is not None else {}
        message = reply.error_message or f"injected HTTP {reply.status}"
        self._send_json(reply.status, _error_body(reply.status, message), extra)

    def _wait(self, seconds: float) -> bool:
        """Sleep, but wake when the server stops. False when stopped."""
        return not (seconds > 0 and self.app._stop.wait(seconds))

    def _check_auth(self) -> bool:
        expected = self.app.api_key
        if expected is None:
            return True
        presented = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if presented == expected:
            return True
        # Echo the presented key like careless proxies do, so tests prove the client never repeats it.
        self._send_json(401, _error_body(401, f"Incorrect API key provided: {presented}"))
        return False

    # -- routes -------------------------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._record(None)
        if not self._check_auth():
            return
        if self.path.rstrip("/").endswith("/models"):
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "scribe-test"} for m in self.app.models]
            self._send_json(200, {"object": "list", "data": data})
        else:
            self._send_json(404, _error_body(404, f"no route {self.path}"))

    def do_POST(self) -> None:
        body, ok = self._read_body()
        self._record(body)
        if not self._check_auth():
            return
        if not ok or not isinstance(body, dict):
            self._send_json(400, _error_body(400, "request body is not a JSON object"))
            return
        try:
            if self.path.endswith("/chat/completions"):
                self._chat(body)
            elif self.path.endswith("/embeddings"):
                self._embeddings(body)
            else:
                self._send_json(404, _error_body(404, f"no route {self.path}"))
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("client went away during %s", self.path)
            self.close_connection = True

    def _chat(self, body: JSON) -> None:
        reply = self.app._next_chat(body)
        if not self._wait(reply.delay):
            return
        if reply.status != 200:
            self._send_error(reply)
        elif reply.malformed and body.get("stream"):
            self._broken_stream()
        elif reply.malformed:
            self._send_json(200, '{"id": "chatcmpl-broken", "choices": [')
        elif body.get("stream"):
            self._stream(body, reply)
        else:
            self._send_json(200, self._completion(body, reply))

    def _completion(self, body: JSON, reply: Reply) -> JSON:
        prompt_tokens = _prompt_tokens(body)
        completion_tokens = len(reply.text)
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.text},
                    "finish_reason": reply.finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }

    def _stream(self, body: JSON, reply: Reply) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        model = body.get("model", "")

        def chunk(delta: JSON, finish: str | None = None) -> JSON:
            choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
            return {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": model,
                "choices": [choice],
            }

        self._event(chunk({"role": "assistant", "content": ""}))
        for n, piece in enumerate(_pieces(reply.text, reply.chunk_chars)):
            if reply.cut_after is not None and n >= reply.cut_after:
                self._cut(clean=reply.cut_clean)
                return
            if not self._wait(reply.chunk_delay):
                return
            self._event(chunk({"content": piece}))
        if reply.cut_after is not None:  # text shorter than cut_after: still never finish
            self._cut(clean=reply.cut_clean)
            return
        self._event(chunk({}, reply.finish_reason))
        if (body.get("stream_options") or {}).get("include_usage"):
            prompt_tokens, completion_tokens = _prompt_tokens(body), len(reply.text)
            usage = {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            }
            final = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 0, "model": model}
            self._event({**final, "choices": [], "usage": usage})
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _broken_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._write_chunk(b'data: {"id": "chatcmpl-broken", "choices": [\n\n')
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _event(self, payload: JSON) -> None:
        self._write_chunk(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _cut(self, *, clean: bool) -> None:
        self.close_connection = True
        if clean:
            self._write_chunk(b"")  # body ends properly, but without finish_reason or [DONE]
            return
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)  # drop the connection mid-body

    def _embeddings(self, body: JSON) -> None:
        fault = self.app._next_embedding_fault()
        if fault is not None:
            if not self._wait(fault.delay):
                return
            if fault.malformed:
                self._send_json(200, '{"data": [')
                return
            if fault.status != 200:
                self._send_error(fault)
                return
        inputs = body.get("input")
        texts = [inputs] if isinstance(inputs, str) else inputs
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            self._send_json(400, _error_body(400, "input must be a string or a list of strings"))
            return
        dim = int(body.get("dimensions") or self.app.embedding_dim)
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for i, text in enumerate(texts):
            vector = fake_embedding(text, dim)
            encoded: Any = base64.b64encode(struct.pack(f"<{dim}f", *vector)).decode() if as_base64 else vector
            data.append({"object": "embedding", "index": i, "embedding": encoded})
        tokens = sum(len(t) for t in texts)
        usage = {"prompt_tokens": tokens, "total_tokens": tokens}
        self._send_json(200, {"object": "list", "data": data, "model": body.get("model", ""), "usage": usage})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local OpenAI-compatible test server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--reply", default="好的。", help="text every chat request gets")
    parser.add_argument("--model", action="append", help="model id listed by /v1/models (repeatable)")
    parser.add_argument("--embedding-dim", type=int, default=16)
    parser.add_argument("--api-key", default=None, help="require this Bearer token")
    parser.add_argument("--chunk-delay", type=float, default=0.0, help="seconds between streamed chunks")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    server = OpenAIServer(
        models=args.model or ["test-model"],
        embedding_dim=args.embedding_dim,
        api_key=args.api_key,
        default=replace(Reply(text=args.reply), chunk_delay=args.chunk_delay),
        host=args.host,
        port=args.port,
    )
    logger.info("OpenAI-compatible test server on http://%s:%d/v1 (Ctrl-C to stop)", args.host, args.port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        logger.info("stopped")


if __name__ == "__main__":
    main()
