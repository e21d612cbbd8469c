"""A real HTTP server on 127.0.0.1 (port 0) for tests: routes are plain functions.

    with LoopbackServer({"/a": page(b"<html>...</html>", "text/html")}) as server:
        fetch(server.url("/a"))

A route gets the request handler and writes the response itself; ``page``, ``status``,
``hang``, ``drip`` and ``sequence`` build the common ones. ``server.requests`` records
(path, headers) of every request. Stopping the server releases any handler still hanging.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

Route = Callable[[BaseHTTPRequestHandler], None]


class LoopbackServer:
    """Serve ``routes`` on a free loopback port in a background thread."""

    def __init__(self, routes: Mapping[str, Route]) -> None:
        self.routes = dict(routes)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    status(404, b"not found")(self)
                else:
                    route(self)

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _send(
    handler: BaseHTTPRequestHandler, code: int, body: bytes, headers: Mapping[str, str] | None = None
) -> None:
    handler.send_response(code)
    merged = {"Content-Type": "text/plain; charset=utf-8", "Content-Length": str(len(body))}
    merged.update(headers or {})
    for name, value in merged.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def page(body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Route:
    """A 200 response with ``body``."""
    extra = {"Content-Type": content_type, **{k.replace("_", "-"): v for k, v in headers.items()}}
    return lambda handler: _send(handler, 200, body, extra)


def status(code: int, body: bytes = b"", headers: Mapping[str, str] | None = None) -> Route:
    """A response with any status code."""
    return lambda handler: _send(handler, code, body, headers)


def hang(server_event: threading.Event, seconds: float = 10.0) -> Route:
    """Accept the request and send nothing until ``seconds`` pass or the server stops."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        server_event.wait(seconds)
        handler.close_connection = True

    return route


def drip(server_event: threading.Event, every: float = 0.1, total: int = 200) -> Route:
    """Send headers, then one byte every ``every`` seconds (a body that never seems to end)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(total))
        handler.end_headers()
        try:
            for _ in range(total):
                if server_event.wait(every):
                    return
                handler.wfile.write(b"x")
                handler.wfile.flush()
        except OSError:
            return

    return route


def unsized(body: bytes) -> Route:
    """A body with no Content-Length, ended by closing the connection."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)
        handler.close_connection = True

    return route


def sequence(*routes: Route) -> Route:
    """Answer the n-th request with the n-th route (the last one repeats)."""
    calls = {"n": 0}

    def route(handler: BaseHTTPRequestHandler) -> None:
        index = min(calls["n"], len(routes) - 1)
        calls["n"] += 1
        routes[index](handler)

    return route


def closed_port_url(path: str = "/") -> str:
    """A loopback URL on which nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    time.sleep(0)  # the port is free again once the socket is closed
    return f"http://127.0.0.1:{port}{path}"
