"""The project's HTTP policy: one way to fetch a URL, with every limit a scheduler needs.

``fetch(url)`` does a GET on httpx with:

- a ``User-Agent`` of ``pundit-ledger/0.1`` and redirects followed (at most 5);
- connect and read timeouts (``timeout`` seconds; a read never waits longer than that);
- a total ``deadline`` over all attempts, checked between reads of the body and before every
  retry, so a server that drips bytes forever is cut off;
- a size cap (``max_bytes``): a larger Content-Length is refused before reading, and a body
  that grows past it while streaming is dropped;
- ``retries`` more attempts after a transport error, a timeout or a 429/502/503/504, waiting
  ``backoff * 2**attempt`` seconds, or what ``Retry-After`` asks (seconds or an HTTP date)
  on 429/503, unless that would pass the deadline;
- conditional GET: give ``etag``/``last_modified`` and a 304 comes back as a ``Response``
  whose ``not_modified`` is true.

Every failure is a ``FetchError`` with a one-line message and a ``kind``: ``unreachable``,
``timeout``, ``too_large``, ``status`` or ``invalid``. The client is injectable (tests, a
shared connection pool); the function closes only a client it made itself.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

USER_AGENT = "pundit-ledger/0.1"
MiB = 1024 * 1024
RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})


class FetchError(Exception):
    """A fetch that failed; ``str()`` is one line naming the URL and what went wrong."""

    def __init__(self, url: str, kind: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.kind = kind
        self.status = status


@dataclass(frozen=True)
class Response:
    """What a fetch gave back: final URL, status, headers and the whole body."""

    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def text(self) -> str:
        """The body decoded with the charset the server declared, else UTF-8 (with replacement)."""
        charset = httpx.Response(200, headers=self.headers).charset_encoding or "utf-8"
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


def fetch(
    url: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = 10.0,
    deadline: float = 30.0,
    max_bytes: int = 5 * MiB,
    retries: int = 2,
    backoff: float = 0.5,
    etag: str | None = None,
    last_modified: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Response:
    """GET ``url`` under the policy above; raises ``FetchError``."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(url, "invalid", "not an http(s) URL")
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    session = client or httpx.Client(follow_redirects=True, max_redirects=5)
    start = clock()
    try:
        for attempt in range(retries + 1):
            remaining = deadline - (clock() - start)
            if remaining <= 0:
                raise FetchError(url, "timeout", f"gave up after the {deadline:g}s deadline")
            last = attempt == retries
            try:
                response = _attempt(session, url, headers, min(timeout, remaining), start,
                                    deadline, max_bytes, clock)  # fmt: skip
            except FetchError as exc:
                if last or exc.kind not in ("timeout", "unreachable"):
                    raise
                _wait(url, backoff * 2**attempt, start, deadline, clock, sleep, exc)
                continue
            if response.status_code in RETRY_STATUSES and not last:
                wait = backoff * 2**attempt
                if response.status_code in RETRY_AFTER_STATUSES:
                    wait = _retry_after(response.headers.get("retry-after"), wait)
                _wait(url, wait, start, deadline, clock, sleep, _status_error(url, response))
                continue
            if response.status_code >= 400:
                raise _status_error(url, response)
            return response
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover
    finally:
        if own:
            session.close()


def _attempt(
    session: httpx.Client,
    url: str,
    headers: dict[str, str],
    timeout: float,
    start: float,
    deadline: float,
    max_bytes: int,
    clock: Callable[[], float],
) -> Response:
    limits = httpx.Timeout(timeout, connect=min(timeout, 10.0))
    try:
        with session.stream("GET", url, headers=headers, timeout=limits) as r:
            length = r.headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes and r.status_code < 400:
                raise FetchError(
                    url, "too_large", f"too large: {int(length)} bytes, the limit is {max_bytes}"
                )
            body = bytearray()
            for chunk in r.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(url, "too_large", f"too large: more than the {max_bytes}-byte limit")
                if clock() - start > deadline:
                    raise FetchError(url, "timeout", f"too slow: not done within the {deadline:g}s deadline")
            return Response(str(r.url), r.status_code, r.headers, bytes(body))
    except httpx.TimeoutException:
        raise FetchError(url, "timeout", f"timed out (no response within {timeout:g}s)") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(url, "invalid", f"invalid URL: {exc}") from None
    except httpx.TooManyRedirects:
        raise FetchError(url, "status", "too many redirects") from None
    except httpx.TransportError as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise FetchError(url, "unreachable", f"unreachable ({reason})") from None


def _status_error(url: str, response: Response) -> FetchError:
    phrase = httpx.codes.get_reason_phrase(response.status_code)
    return FetchError(url, "status", f"HTTP {response.status_code} {phrase}".rstrip(), response.status_code)


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if value is None:
        return default
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _wait(
    url: str,
    seconds: float,
    start: float,
    deadline: float,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    failure: FetchError,
) -> None:
    """Sleep before a retry, or raise ``failure`` if the wait would pass the deadline."""
    if clock() - start + seconds > deadline:
        raise FetchError(
            url,
            failure.kind,
            f"{str(failure).removeprefix(url + ': ')}; a retry in {seconds:g}s "
            f"would pass the {deadline:g}s deadline",
            failure.status,
        )
    if seconds > 0:
        sleep(seconds)
