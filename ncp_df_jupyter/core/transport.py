"""One signed request to the DataForest API, with the retries it may have.

The transport owns the aiohttp session (created lazily on the loop that first uses it), signs
every attempt afresh (signature v2 over the exact URI sent), corrects for a wrong local clock
from the gateway's Date header, and retries what may be retried (see retry.py). Whether an
unanswered attempt of an unrepeatable operation had happened is asked of the caller's
``resolve_uncertain`` (the client looks a create up by name); the transport never guesses.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .credentials import Credentials
from .errors import (
    AuthenticationError,
    DataForestError,
    NetworkError,
    RequestTimeoutError,
    ServiceError,
    ThrottledError,
    error_from_response,
)
from .protocol import TRACE_ID_HEADERS, Operation
from .retry import FailureKind, RetryPolicy
from .signing import Signer

if TYPE_CHECKING:
    import aiohttp
    from yarl import URL

log = logging.getLogger("ncp_df_jupyter.client")

# A Date header this far from our clock, on an authentication failure, means our clock is off.
SKEW_THRESHOLD_MS = 60_000
# Beyond this a Date header is more likely misread than a clock this wrong.
SKEW_SANITY_LIMIT_MS = 7 * 24 * 3600 * 1000
RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})
# One compact encoder for every request body (json.dumps with options builds one per call).
_encode_json = json.JSONEncoder(separators=(",", ":")).encode


@dataclass
class _Answer:
    status: int
    body: bytes
    headers: Mapping[str, str]
    sent_at: float  # wall clock, seconds
    received_at: float

    @property
    def trace_id(self) -> str | None:
        for name in TRACE_ID_HEADERS:
            value = self.headers.get(name)
            if value:
                return value
        return None


class _TransportFailure(Exception):
    """No HTTP answer. ``sent`` tells whether the request may have reached the service."""

    def __init__(self, kind: FailureKind, sent: bool, reason: str, retryable: bool = True) -> None:
        super().__init__(reason)
        self.kind = kind
        self.sent = sent
        self.reason = reason
        self.retryable = retryable

    def to_error(self, operation: str, timeout: float) -> DataForestError:
        if self.kind is FailureKind.TIMEOUT:
            return RequestTimeoutError(
                f"DataForest {operation} got no answer within {timeout:g} s; the service may be "
                "slow or unreachable, try again or raise the client's timeout.",
                operation=operation)
        return NetworkError(f"DataForest {operation} could not reach the service: {self.reason}.",
                            operation=operation)


@dataclass
class _Failed:
    """One attempt that did not succeed, and what it tells about the next one."""

    error: DataForestError  # raised if no retry follows
    kind: FailureKind | None  # how it may be retried; None: not at all
    maybe_happened: bool  # the service may have acted on the request
    retry_after: float | None = None  # the service's Retry-After hint, seconds
    answer: _Answer | None = None  # None: no HTTP answer at all


Resolver = Callable[[], Awaitable[dict[str, Any] | None]]


class SignedTransport:
    """Sends operations to one endpoint with one key pair; one session per transport."""

    def __init__(self, credentials: Credentials, endpoint: str, *, timeout: float,
                 retry: RetryPolicy, max_connections: int) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.retry = retry
        self.max_connections = max_connections
        self.signer = Signer(credentials.access_key, credentials.secret_key.reveal())
        self._session: aiohttp.ClientSession | None = None
        self._session_loop: asyncio.AbstractEventLoop | None = None
        self._urls: dict[str, URL] = {}
        # Milliseconds added to our clock so timestamps match the gateway's (see _adopt_clock).
        self.clock_offset_ms = 0

    def __repr__(self) -> str:
        return f"SignedTransport(endpoint={self.endpoint!r}, signer={self.signer!r})"

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    def _get_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is not None and not self._session.closed:
            if self._session_loop is not loop:
                raise RuntimeError(
                    "This DataForestClient is bound to another event loop; create one client per "
                    "loop (in a notebook, use ncp_df_jupyter.BlockingClient).")
            return self._session
        import aiohttp  # imported on first use: `import ncp_df_jupyter` must stay cheap

        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.max_connections, keepalive_timeout=12),
            timeout=aiohttp.ClientTimeout(total=self.timeout),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        self._session_loop = loop
        return self._session

    def _url(self, op: Operation) -> URL:
        url = self._urls.get(op.key)
        if url is None:
            from yarl import URL

            # Built once: what is signed (raw_path_qs) is exactly what aiohttp sends.
            url = self._urls[op.key] = URL(self.endpoint + op.path)
        return url

    async def _post(self, url: URL, data: bytes) -> _Answer:
        """One signed POST and its answer; _TransportFailure when no answer came."""
        import aiohttp

        session = self._get_session()
        stamp = int(time.time() * 1000) + self.clock_offset_ms
        headers = self.signer.headers("POST", url.raw_path_qs, stamp)
        sent_at = time.time()
        try:
            async with session.post(url, data=data, headers=headers) as response:
                body = await response.read()
                return _Answer(response.status, body, response.headers, sent_at, time.time())
        except asyncio.TimeoutError:
            raise _TransportFailure(FailureKind.TIMEOUT, True, "timed out") from None
        except aiohttp.ClientConnectorCertificateError as exc:
            raise _TransportFailure(FailureKind.TRANSIENT, False,
                                    f"the TLS certificate of {exc.host} was not accepted",
                                    retryable=False) from None
        except aiohttp.ClientConnectorError as exc:
            raise _TransportFailure(FailureKind.TRANSIENT, False,
                                    f"cannot connect to {exc.host}:{exc.port} "
                                    f"({exc.strerror or type(exc).__name__})") from None
        except aiohttp.ServerDisconnectedError:
            raise _TransportFailure(FailureKind.TRANSIENT, True,
                                    "the connection was closed before an answer arrived") from None
        except aiohttp.ClientError as exc:
            raise _TransportFailure(FailureKind.TRANSIENT, True,
                                    f"the connection failed ({type(exc).__name__})") from None

    def _adopt_clock(self, answer: _Answer) -> bool:
        """After a 401: if the gateway's Date disagrees with the offset we sign with, adopt the
        gateway's time (or go back to ours when the two agree again). True: worth a retry."""
        server_ms = _date_ms(answer.headers.get("Date"))
        if server_ms is None:
            return False
        local_ms = (answer.sent_at + answer.received_at) * 500  # midpoint, in ms
        offset = int(server_ms - local_ms)
        if abs(offset) > SKEW_SANITY_LIMIT_MS:
            return False
        wanted = offset if abs(offset) > SKEW_THRESHOLD_MS else 0
        if abs(wanted - self.clock_offset_ms) <= SKEW_THRESHOLD_MS:
            return False  # already signing with the gateway's time: the 401 has another cause
        if wanted:
            log.warning("This computer's clock is %.0f s away from the DataForest gateway's; "
                        "signing with the gateway's time.", offset / 1000)
        self.clock_offset_ms = wanted
        return True

    def _forget_clock_if_fixed(self, answer: _Answer) -> None:
        if not self.clock_offset_ms:
            return
        server_ms = _date_ms(answer.headers.get("Date"))
        if server_ms is not None and abs(server_ms - answer.received_at * 1000) < SKEW_THRESHOLD_MS:
            self.clock_offset_ms = 0  # our clock was fixed meanwhile

    async def call(self, op: Operation, body: Mapping[str, Any], *,
                    resolve_uncertain: Resolver | None = None) -> dict[str, Any]:
        """Send one operation, retrying what may be retried; returns the answer's JSON object.

        ``resolve_uncertain`` answers "did an unanswered attempt happen after all?" for operations
        that must not simply be repeated: it returns the result if so, None if not.
        """
        url = self._url(op)
        data = _encode_json(body).encode()
        policy = self.retry
        attempt = 0
        spent = 0
        clock_fixed = False
        uncertain = False
        while True:
            attempt += 1
            outcome = await self._attempt(op, url, data, attempt)
            if not isinstance(outcome, _Failed):
                policy.budget.refund(spent or 1)
                return outcome
            if not clock_fixed and self._clock_was_wrong(outcome):
                clock_fixed = True
                attempt -= 1  # the clock, not the service, failed: this try is free
                continue
            if resolve_uncertain is not None and _worth_resolving(outcome, uncertain):
                uncertain = True
                resolved = await resolve_uncertain()
                if resolved is not None:
                    return resolved
            spent += await self._wait_for_retry(op, policy, outcome, attempt)

    async def _attempt(self, op: Operation, url: URL, data: bytes,
                       attempt: int) -> dict[str, Any] | _Failed:
        """Attempt number ``attempt``: the answer's JSON object, or how it failed."""
        started = time.perf_counter()
        try:
            answer = await self._post(url, data)
        except _TransportFailure as failure:
            self._log(op, "-", started, attempt, None)
            return _Failed(failure.to_error(op.key, self.timeout),
                           failure.kind if failure.retryable else None, failure.sent)
        self._log(op, answer.status, started, attempt, answer)
        payload = _json_object(answer.body)
        if 200 <= answer.status < 300 and payload is not None and payload.get(
                "success") is not False:
            self._forget_clock_if_fixed(answer)
            return payload
        error = _answer_error(op, answer, payload)
        # The gateway answers 429 before forwarding, so only a 5xx may hide a change.
        return _Failed(error, _failure_kind(error), answer.status >= 500,
                       getattr(error, "retry_after", None), answer)

    def _clock_was_wrong(self, failed: _Failed) -> bool:
        """An authentication failure that our clock explains (see _adopt_clock)."""
        return (isinstance(failed.error, AuthenticationError) and failed.answer is not None
                and self._adopt_clock(failed.answer))

    async def _wait_for_retry(self, op: Operation, policy: RetryPolicy, failed: _Failed,
                              attempt: int) -> int:
        """Sleep before the next attempt and return the budget it cost; raise the failure's
        error when it may not be retried, attempts are used up or the budget is spent."""
        if failed.kind is None or attempt >= policy.max_attempts:
            raise failed.error
        cost = policy.budget.acquire(failed.kind)
        if not cost:
            log.info("retry budget spent; not retrying %s", op.key)
            raise failed.error
        await asyncio.sleep(policy.delay(attempt, failed.kind, failed.retry_after))
        return cost

    def _log(self, op: Operation, status: int | str, started: float, attempt: int,
             answer: _Answer | None) -> None:
        if log.isEnabledFor(logging.DEBUG):  # the trace id is looked up only then
            trace_id = answer.trace_id if answer is not None else None
            log.debug("POST %s -> %s in %.1f ms (attempt %d, trace id %s)", op.key, status,
                      (time.perf_counter() - started) * 1000, attempt, trace_id or "-")


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        # NCP answers UTF-8 JSON; decoding first spares json its encoding detection.
        value = json.loads(body.decode("utf-8")) if body else None
    except ValueError:  # UnicodeDecodeError included
        return None
    return value if isinstance(value, dict) else None


def _answer_error(op: Operation, answer: _Answer,
                  payload: dict[str, Any] | None) -> DataForestError:
    if 200 <= answer.status < 300 and payload is None:
        return ServiceError(
            f"DataForest {op.key} answered HTTP {answer.status} with something that is not a "
            "JSON object.", operation=op.key, status=answer.status, trace_id=answer.trace_id)
    return error_from_response(op.key, answer.status, answer.body, answer.headers, answer.trace_id)


def _worth_resolving(failed: _Failed, after_uncertain: bool) -> bool:
    """Whether to ask if the request happened after all: this attempt's fate is unknown, or a
    definite refusal followed one that was (e.g. "name already used" because the first create
    did happen)."""
    return failed.maybe_happened or (after_uncertain and failed.kind is None)


def _failure_kind(error: DataForestError) -> FailureKind | None:
    if isinstance(error, ThrottledError):
        return FailureKind.THROTTLING
    if isinstance(error, ServiceError) and error.status in RETRYABLE_STATUSES:
        return FailureKind.TRANSIENT
    return None


def _date_ms(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp() * 1000
    except (TypeError, ValueError, IndexError):
        return None
