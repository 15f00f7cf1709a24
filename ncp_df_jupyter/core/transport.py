"""One signed request to the DataForest API, with the retries it may have.

The transport owns the aiohttp session (created lazily on the loop that first uses it), signs
every attempt afresh (signature v2 over the exact URI sent), corrects for a wrong local clock
from the gateway's Date header, and retries what may be retried (see retry.py). Whether an
unanswered attempt of an unrepeatable operation had happened is asked of the caller's
``resolve_uncertain`` (the client looks a create up by name); the transport never guesses.

What it will not do: follow a redirect (the signed headers would go to the host it names), read
more than ``max_response_bytes`` of an answer, or take longer than the call's budget (deadline.py:
``timeout`` bounds the whole call, each attempt at most ``attempt_timeout`` of it). The signed
headers are made inside the call that sends them and hide the signature from repr, so no
traceback (``%xmode Verbose`` shows locals) can show one.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from .credentials import Credentials
from .deadline import Deadline, call_budget
from .errors import AuthenticationError, out_of_time
from .outcomes import Answer, Failed, TooLarge, TransportFailure, failed_answer, json_object
from .protocol import Operation
from .retry import FailureKind, RetryPolicy
from .signing import Signer

if TYPE_CHECKING:
    import ssl

    import aiohttp
    from yarl import URL

log = logging.getLogger("ncp_df_jupyter.client")

# A Date header this far from our clock, on an authentication failure, means our clock is off.
SKEW_THRESHOLD_MS = 60_000
# Beyond this a Date header is more likely misread than a clock this wrong.
SKEW_SANITY_LIMIT_MS = 7 * 24 * 3600 * 1000
# The longest answer read: far above any documented one (a getList of every workspace of an
# account, which has no paging, is about 1 KiB a workspace).
DEFAULT_MAX_RESPONSE_BYTES = 8 << 20
_READ_CHUNK = 64 << 10
# Either one means the bytes read may be more than Content-Length says.
_STRETCHERS: Final = ("Content-Encoding", "Transfer-Encoding")
# One compact encoder for every request body (json.dumps with options builds one per call).
_encode_json = json.JSONEncoder(separators=(",", ":")).encode

Resolver = Callable[[], Awaitable[dict[str, Any] | None]]


class SignedTransport:
    """Sends operations to one endpoint with one key pair; one session per transport."""

    def __init__(self, credentials: Credentials, endpoint: str, *, timeout: float,
                 retry: RetryPolicy, max_connections: int, attempt_timeout: float | None = None,
                 max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.endpoint = endpoint
        self.timeout = timeout  # the whole call, retries and look-ups included
        # One attempt; by default the budget is shared evenly, so every attempt can happen.
        self.attempt_timeout = attempt_timeout or timeout / max(1, retry.max_attempts)
        self.max_response_bytes = max_response_bytes
        self.retry = retry
        self.max_connections = max_connections
        # One context for every connection (core/tls.py); None: aiohttp's shared default.
        self.ssl_context = ssl_context
        self.signer = Signer(credentials.access_key, credentials.secret_key.reveal())
        self._session: aiohttp.ClientSession | None = None
        self._session_loop: asyncio.AbstractEventLoop | None = None
        # The usual attempt's limit, made once (a limit cut short by the deadline is made anew).
        self._attempt_limit: aiohttp.ClientTimeout | None = None
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
            connector=aiohttp.TCPConnector(limit=self.max_connections, keepalive_timeout=12,
                                           ssl=self.ssl_context or True),
            timeout=aiohttp.ClientTimeout(total=self.timeout),  # each request sets its own
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        self._session_loop = loop
        self._attempt_limit = aiohttp.ClientTimeout(total=self.attempt_timeout)
        return self._session

    def _limit(self, seconds: float) -> aiohttp.ClientTimeout:
        """aiohttp's timeout for an attempt of ``seconds`` (after _get_session)."""
        usual = self._attempt_limit
        if usual is not None and usual.total == seconds:
            return usual
        import aiohttp  # loaded by _get_session

        return aiohttp.ClientTimeout(total=seconds)

    def _url(self, op: Operation) -> URL:
        url = self._urls.get(op.key)
        if url is None:
            from yarl import URL

            # Built once: what is signed (raw_path_qs) is exactly what aiohttp sends.
            url = self._urls[op.key] = URL(self.endpoint + op.path)
        return url

    def _signed_headers(self, url: URL) -> dict[str, str]:
        """The auth headers of one attempt, signed now; their repr hides the signature."""
        stamp = int(time.time() * 1000) + self.clock_offset_ms
        return self.signer.headers("POST", url.raw_path_qs, stamp)

    async def _post(self, url: URL, data: bytes, limit: float) -> Answer:
        """One signed POST and its answer within ``limit`` seconds; TransportFailure when no
        answer came, TooLarge when it is longer than max_response_bytes."""
        import aiohttp  # loaded by _get_session: a look-up in sys.modules

        session = self._get_session()
        sent_at = time.time()
        try:
            # The headers are made in the call that sends them: no local variable of ours holds
            # a signature that a traceback could show.
            async with session.post(url, data=data, headers=self._signed_headers(url),
                                    allow_redirects=False,
                                    timeout=self._limit(limit)) as response:
                body = await self._read_body(response)
                return Answer(response.status, body, response.headers, sent_at, time.time())
        except asyncio.TimeoutError:
            raise TransportFailure(FailureKind.TIMEOUT, True, "timed out") from None
        except aiohttp.ClientConnectorCertificateError as exc:
            raise TransportFailure(FailureKind.TRANSIENT, False, _refused_certificate(exc),
                                   retryable=False) from None
        except aiohttp.ClientConnectorError as exc:
            raise TransportFailure(FailureKind.TRANSIENT, False,
                                   f"cannot connect to {exc.host}:{exc.port} "
                                   f"({exc.strerror or type(exc).__name__})") from None
        except aiohttp.ServerDisconnectedError:
            raise TransportFailure(FailureKind.TRANSIENT, True,
                                   "the connection was closed before an answer arrived") from None
        except aiohttp.ClientError as exc:
            raise TransportFailure(FailureKind.TRANSIENT, True,
                                   f"the connection failed ({type(exc).__name__})") from None

    async def _read_body(self, response: aiohttp.ClientResponse) -> bytes:
        """The body, never past max_response_bytes: a longer answer is dropped with its
        connection, unread. An answer that states its length (within the cap) and is not
        compressed is read in one go; any other is read in chunks, counting decompressed bytes
        (a small compressed answer may grow far past the cap)."""
        limit = self.max_response_bytes
        length = response.content_length
        if length is not None:
            if length > limit:
                response.close()
                raise TooLarge(response.status, response.headers)
            headers = response.headers
            if _STRETCHERS[0] not in headers and _STRETCHERS[1] not in headers:
                return await response.read()  # aiohttp reads no more than Content-Length
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.content.iter_chunked(_READ_CHUNK):
            size += len(chunk)
            if size > limit:
                response.close()
                raise TooLarge(response.status, response.headers)
            chunks.append(chunk)
        return b"".join(chunks)

    def _adopt_clock(self, answer: Answer) -> bool:
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

    def _forget_clock_if_fixed(self, answer: Answer) -> None:
        if not self.clock_offset_ms:
            return
        server_ms = _date_ms(answer.headers.get("Date"))
        if server_ms is not None and abs(server_ms - answer.received_at * 1000) < SKEW_THRESHOLD_MS:
            self.clock_offset_ms = 0  # our clock was fixed meanwhile

    async def call(self, op: Operation, body: Mapping[str, Any], *,
                    resolve_uncertain: Resolver | None = None) -> dict[str, Any]:
        """Send one operation, retrying what may be retried; returns the answer's JSON object.

        ``resolve_uncertain`` answers "did an unanswered attempt happen after all?" for operations
        that must not simply be repeated: it returns the result if so, None if not. All of it,
        the look-ups included, spends one budget: the call's deadline (deadline.py).
        """
        url = self._url(op)
        data = _encode_json(body).encode()
        policy = self.retry
        attempt = 0
        spent = 0
        clock_fixed = False
        uncertain = False
        with call_budget(self.timeout) as deadline:
            while True:
                if deadline.expired:  # e.g. a look-up made after its create used the budget
                    raise out_of_time(op.key, deadline.elapsed(), attempt)
                attempt += 1
                outcome = await self._attempt(op, url, data, attempt, deadline)
                if not isinstance(outcome, Failed):
                    policy.budget.refund(spent or 1)
                    return outcome
                if not clock_fixed and self._clock_was_wrong(outcome):
                    clock_fixed = True
                    attempt -= 1  # the clock, not the service, failed: this try is free
                    continue
                if resolve_uncertain is not None and outcome.worth_resolving(uncertain):
                    uncertain = True
                    resolved = await resolve_uncertain()
                    if resolved is not None:
                        return resolved
                spent += await self._wait_for_retry(op, policy, outcome, attempt, deadline)

    async def _attempt(self, op: Operation, url: URL, data: bytes, attempt: int,
                       deadline: Deadline) -> dict[str, Any] | Failed:
        """Attempt number ``attempt``: the answer's JSON object, or how it failed."""
        started = time.perf_counter()
        try:
            answer = await self._post(url, data, deadline.limit(self.attempt_timeout))
        except TransportFailure as failure:
            self._log(op, "-", started, attempt, None)
            return failure.failed()
        except TooLarge as large:
            self._log(op, large.status, started, attempt, None)
            return large.failed(op.key, self.max_response_bytes)
        self._log(op, answer.status, started, attempt, answer)
        payload = json_object(answer.body)
        if payload is not None and answer.succeeded(payload):
            self._forget_clock_if_fixed(answer)
            return payload
        return failed_answer(op.key, self.endpoint, answer, payload)

    def _clock_was_wrong(self, failed: Failed) -> bool:
        """An authentication failure that our clock explains (see _adopt_clock)."""
        return (isinstance(failed.error, AuthenticationError) and failed.answer is not None
                and self._adopt_clock(failed.answer))

    async def _wait_for_retry(self, op: Operation, policy: RetryPolicy, failed: Failed,
                              attempt: int, deadline: Deadline) -> int:
        """Sleep before the next attempt and return the budget it cost; raise the failure's
        error when it may not be retried, attempts are used up, the retry budget is spent or
        the call's time would be over before the next attempt could start."""
        if failed.kind is None or attempt >= policy.max_attempts:
            raise failed.final_error(op.key, deadline, attempt)
        delay = policy.delay(attempt, failed.kind, failed.retry_after)
        if delay >= deadline.remaining():
            log.info("no time left in the call for another attempt of %s", op.key)
            raise failed.final_error(op.key, deadline, attempt)
        cost = policy.budget.acquire(failed.kind)
        if not cost:
            log.info("retry budget spent; not retrying %s", op.key)
            raise failed.final_error(op.key, deadline, attempt)
        await asyncio.sleep(delay)
        return cost

    def _log(self, op: Operation, status: int | str, started: float, attempt: int,
             answer: Answer | None) -> None:
        if log.isEnabledFor(logging.DEBUG):  # the trace id is looked up only then
            trace_id = answer.trace_id if answer is not None else None
            log.debug("POST %s -> %s in %.1f ms (attempt %d, trace id %s)", op.key, status,
                      (time.perf_counter() - started) * 1000, attempt, trace_id or "-")


def _refused_certificate(exc: aiohttp.ClientConnectorCertificateError) -> str:
    """Why a TLS certificate was refused, and what to do when the refusal is expected."""
    reason = getattr(exc.certificate_error, "verify_message", None) or "not trusted"
    return (f"the TLS certificate of {exc.host} was not accepted ({reason}); if it comes from "
            "a private certificate authority (the emulator's --tls, a company proxy), name "
            "that authority's PEM file in ca_bundle or NCP_DF_CA_BUNDLE")


def _date_ms(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp() * 1000
    except (TypeError, ValueError, IndexError):
        return None
