"""A polite HTTP client: a clear User-Agent, a pause between requests to one host, retries with
backoff for transient faults, conditional requests, a size cap, and redirects followed by hand so
that none leaves the allow-list.

Touches: the network, only hosts on the allow-list. Imports: snapshot, common."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from pipelines.common.errors import ProcstatsError
from pipelines.snapshot.fetch.policy import FetchPolicy

REDIRECTS = {301, 302, 303, 307, 308}
TRANSIENT = {429, 500, 502, 503, 504}


class FetchError(ProcstatsError):
    """A fetch that did not produce a document. `reason` is short and stable: not-allowed, http-404,
    timeout, truncated, too-large, redirect-not-allowed, too-many-redirects, network, http-503 …"""

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{url}: {reason}" + (f" ({detail})" if detail else ""))
        self.url, self.reason, self.detail = url, reason, detail


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status: int  # 200, or 304 when the server says the copy we have is current
    content: bytes | None
    content_type: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class PoliteClient:
    def __init__(self, policy: FetchPolicy, transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self._last_request: dict[str, float] = {}
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(policy.timeout_seconds),
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            transport=transport,
        )

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *_: object) -> None:
        self._client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The document at `url` (following allowed redirects), or 304, or a FetchError."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(self.policy.max_redirects + 1):
            if not self.policy.allows(current):
                reason = "not-allowed" if current == url else "redirect-not-allowed"
                raise FetchError(url, reason, urlsplit(current).hostname or current)
            status, response_headers, content = self._with_retries(current, headers)
            if status in REDIRECTS:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(url, f"http-{status}", "redirect without a Location")
                current = urljoin(current, location)
                continue
            if status == 304:
                return Fetched(url, current, 304, None, None, etag, last_modified)
            if status != 200:
                raise FetchError(url, f"http-{status}")
            return Fetched(
                url,
                current,
                200,
                content,
                response_headers.get("content-type"),
                response_headers.get("etag"),
                response_headers.get("last-modified"),
            )
        raise FetchError(url, "too-many-redirects", f"more than {self.policy.max_redirects}")

    def _with_retries(self, url: str, headers: dict) -> tuple[int, httpx.Headers, bytes]:
        attempts = self.policy.retries + 1
        for attempt in range(attempts):
            self._pause_for(url)
            try:
                status, response_headers, content = self._once(url, headers)
            except _Transient as fault:
                if attempt + 1 == attempts:
                    raise FetchError(url, fault.reason, fault.detail) from None
                time.sleep(self.policy.backoff_seconds * 2**attempt)
                continue
            if status in TRANSIENT and attempt + 1 < attempts:
                time.sleep(self._retry_after(response_headers, attempt))
                continue
            return status, response_headers, content
        raise AssertionError("unreachable")

    def _retry_after(self, headers: httpx.Headers, attempt: int) -> float:
        backoff = self.policy.backoff_seconds * 2**attempt
        value = headers.get("retry-after", "")
        return min(60.0, max(backoff, float(value))) if value.isdigit() else backoff

    def _once(self, url: str, headers: dict) -> tuple[int, httpx.Headers, bytes]:
        limit = self.policy.max_bytes
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchError(
                        url, "too-large", f"{declared} bytes declared, {limit} allowed"
                    )
                chunks, total = [], 0
                for chunk in response.iter_raw():
                    total += len(chunk)
                    if total > limit:
                        raise FetchError(url, "too-large", f"more than {limit} bytes")
                    chunks.append(chunk)
                raw = b"".join(chunks)
                if (
                    declared
                    and declared.isdigit()
                    and response.headers.get("content-encoding") in (None, "identity")
                    and len(raw) != int(declared)
                ):
                    raise _Transient("truncated", f"{len(raw)} of {declared} bytes")
                content = _decode_content(raw, response.headers.get("content-encoding"), url, limit)
                return response.status_code, response.headers, content
        except httpx.TimeoutException:
            raise _Transient(
                "timeout", f"no answer within {self.policy.timeout_seconds:g} s"
            ) from None
        except httpx.RemoteProtocolError as exc:
            raise _Transient("truncated", str(exc).split(":")[0]) from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Transient("network", type(exc).__name__) from None

    def _pause_for(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        wait = (
            self._last_request.get(host, 0.0) + self.policy.min_interval_seconds - time.monotonic()
        )
        if wait > 0:
            time.sleep(wait)
        self._last_request[host] = time.monotonic()


class _Transient(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def _decode_content(raw: bytes, encoding: str | None, url: str, limit: int) -> bytes:
    """Undo gzip/deflate ourselves, so the size cap also holds for what a small body expands to."""
    if not encoding or encoding == "identity":
        return raw
    import zlib

    if encoding not in ("gzip", "deflate", "x-gzip"):
        raise FetchError(url, "unsupported-encoding", encoding)
    window = 31 if encoding in ("gzip", "x-gzip") else 15
    decoder = zlib.decompressobj(window)
    try:
        out = decoder.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise FetchError(url, "bad-compression", str(exc)) from None
    if len(out) > limit or decoder.unconsumed_tail:
        raise FetchError(url, "too-large", f"expands to more than {limit} bytes")
    return out
