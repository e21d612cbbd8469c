"""The HTTP policy (jobs.http.fetch) against a real server on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from jobs.http import USER_AGENT, FetchError, _retry_after, fetch
from tests.http_server import (
    LoopbackServer,
    closed_port_url,
    drip,
    hang,
    page,
    sequence,
    status,
    unsized,
)

ARTICLE = (
    b"<html><head><title>T</title></head><body><article><p>The talks will fail.</p></article></body></html>"
)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer({})
    stop = srv.stopping
    srv.routes.update(
        {
            "/article": page(ARTICLE, ETag='"v1"'),
            "/hang": hang(stop),
            "/drip": drip(stop, every=0.05),
            "/big": page(b"x" * 50_000, "text/plain"),
            "/unsized": unsized(b"y" * 50_000),
            "/flaky": sequence(status(503, b"busy", {"Retry-After": "0"}), page(ARTICLE)),
            "/limited": status(429, b"slow down", {"Retry-After": "120"}),
            "/down": status(503, b"down", {"Retry-After": "0"}),
            "/cached": sequence(page(ARTICLE, ETag='"v1"'), status(304)),
        }
    )
    with srv:
        yield srv


def test_fetches_a_page_with_the_user_agent(server: LoopbackServer) -> None:
    response = fetch(server.url("/article"))
    assert response.status_code == 200
    assert response.content == ARTICLE
    assert response.content_type is not None and response.content_type.startswith("text/html")
    assert "will fail" in response.text
    assert server.requests[-1][1]["User-Agent"] == USER_AGENT


def test_404_is_a_status_error_without_retry(server: LoopbackServer) -> None:
    with pytest.raises(FetchError) as err:
        fetch(server.url("/missing"), backoff=0)
    assert err.value.kind == "status" and err.value.status == 404
    assert str(err.value) == f"{server.url('/missing')}: HTTP 404 Not Found"
    assert len(server.requests) == 1


def test_a_hanging_server_times_out_quickly(server: LoopbackServer) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(server.url("/hang"), timeout=0.3, retries=1, backoff=0.05)
    assert err.value.kind == "timeout"
    assert "timed out" in str(err.value)
    assert time.monotonic() - started < 3
    assert len(server.requests) == 2  # one retry


def test_a_dripping_body_is_cut_at_the_total_deadline(server: LoopbackServer) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(server.url("/drip"), timeout=2, deadline=0.5, retries=0)
    assert err.value.kind == "timeout"
    assert "deadline" in str(err.value)
    assert time.monotonic() - started < 3


def test_a_declared_size_over_the_cap_is_refused(server: LoopbackServer) -> None:
    with pytest.raises(FetchError) as err:
        fetch(server.url("/big"), max_bytes=10_000)
    assert err.value.kind == "too_large"
    assert "50000 bytes" in str(err.value)


def test_a_streamed_body_over_the_cap_is_dropped(server: LoopbackServer) -> None:
    with pytest.raises(FetchError) as err:
        fetch(server.url("/unsized"), max_bytes=10_000)
    assert err.value.kind == "too_large"
    assert fetch(server.url("/unsized"), max_bytes=60_000).content == b"y" * 50_000


def test_503_with_retry_after_zero_then_200(server: LoopbackServer) -> None:
    slept: list[float] = []
    response = fetch(server.url("/flaky"), sleep=slept.append)
    assert response.status_code == 200 and response.content == ARTICLE
    assert slept == []  # Retry-After: 0 means retry at once
    assert [path for path, _ in server.requests] == ["/flaky", "/flaky"]


def test_retry_after_beyond_the_deadline_fails_at_once(server: LoopbackServer) -> None:
    slept: list[float] = []
    with pytest.raises(FetchError) as err:
        fetch(server.url("/limited"), deadline=5, sleep=slept.append)
    assert err.value.kind == "status" and err.value.status == 429
    assert "retry in 120s would pass the 5s deadline" in str(err.value)
    assert slept == [] and len(server.requests) == 1


def test_retries_run_out_on_a_server_that_stays_down(server: LoopbackServer) -> None:
    with pytest.raises(FetchError) as err:
        fetch(server.url("/down"), retries=2)
    assert err.value.status == 503
    assert len(server.requests) == 3


def test_conditional_get_sends_the_etag_and_reports_not_modified(server: LoopbackServer) -> None:
    first = fetch(server.url("/cached"))
    second = fetch(server.url("/cached"), etag=first.etag)
    assert not first.not_modified and second.not_modified
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'


def test_an_injected_client_is_used_and_left_open(server: LoopbackServer) -> None:
    with httpx.Client() as client:
        assert fetch(server.url("/article"), client=client).status_code == 200
        assert not client.is_closed


def test_unreachable_and_invalid_urls() -> None:
    url = closed_port_url("/x")
    with pytest.raises(FetchError) as err:
        fetch(url, retries=1, backoff=0.01)
    assert err.value.kind == "unreachable"
    assert str(err.value).startswith(f"{url}: unreachable")
    assert "\n" not in str(err.value)
    with pytest.raises(FetchError) as bad:
        fetch("ftp://example.org/file")
    assert bad.value.kind == "invalid"


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, 1.5), ("7", 7.0), ("soon", 1.5), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_values(header: str | None, expected: float) -> None:
    assert _retry_after(header, 1.5) == expected
