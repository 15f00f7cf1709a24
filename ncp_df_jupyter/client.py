"""The signed async DataForest client: one method per API operation.

    async with DataForestClient() as client:
        accounts = await client.list_accounts()

Input is checked against the workspace model before anything is sent. Every attempt is signed
afresh. Reads are retried on connection errors, 429 and 5xx; a create is never sent twice blindly:
when its outcome is unknown the client looks the name up first (see ``create_workspace``).
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from . import spec
from .credentials import Credentials, resolve_credentials, resolve_endpoint
from .errors import (
    AuthenticationError,
    CreateOutcomeUnknownError,
    DataForestError,
    NetworkError,
    NotFoundError,
    RequestTimeoutError,
    ServiceError,
    ThrottledError,
    ValidationError,
    error_from_response,
)
from .models import (
    Account,
    Choices,
    ConfigurationEntry,
    Workspace,
    WorkspaceDetail,
    WorkspaceSummary,
    dropdown_choices,
    read_entries,
)
from .protocol import OPERATIONS, TRACE_ID_HEADERS, Operation
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


Resolver = Callable[[], Awaitable[dict[str, Any] | None]]


class DataForestClient:
    """Async client for the DataForest AI Workspaces API (and Accounts getList)."""

    def __init__(
        self,
        access_key: str | None = None,
        secret_key: str | None = None,
        endpoint: str | None = None,
        profile: str | None = None,
        timeout: float = 30.0,
        *,
        credentials: Credentials | None = None,
        retry: RetryPolicy | None = None,
        max_connections: int = 32,
        describe_concurrency: int = 8,
    ) -> None:
        self.credentials = credentials or resolve_credentials(access_key, secret_key, profile)
        self.endpoint = resolve_endpoint(endpoint)
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.max_connections = max_connections
        self.describe_concurrency = describe_concurrency
        self._signer = Signer(self.credentials.access_key, self.credentials.secret_key.reveal())
        self._session: aiohttp.ClientSession | None = None
        self._session_loop: asyncio.AbstractEventLoop | None = None
        self._urls: dict[str, URL] = {}
        # Milliseconds added to our clock so timestamps match the gateway's (see _adopt_clock).
        self.clock_offset_ms = 0

    def __repr__(self) -> str:
        return (f"DataForestClient(endpoint={self.endpoint!r}, "
                f"access_key={self.credentials.masked_access_key!r})")

    # -- lifecycle -------------------------------------------------------------------------------

    async def __aenter__(self) -> DataForestClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

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

    # -- one request, with retries ----------------------------------------------------------------

    async def _attempt(self, op: Operation, url: URL, data: bytes) -> _Answer:
        import aiohttp

        session = self._get_session()
        stamp = int(time.time() * 1000) + self.clock_offset_ms
        headers = self._signer.headers("POST", url.raw_path_qs, stamp)
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

    async def _call(self, op: Operation, body: Mapping[str, Any], *,
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
            started = time.perf_counter()
            retry_after: float | None = None
            try:
                answer = await self._attempt(op, url, data)
            except _TransportFailure as failure:
                error: DataForestError = failure.to_error(op.key, self.timeout)
                kind: FailureKind | None = failure.kind if failure.retryable else None
                maybe_happened = failure.sent
                self._log(op, "-", started, attempt, None)
            else:
                self._log(op, answer.status, started, attempt, answer)
                payload = _json_object(answer.body)
                if 200 <= answer.status < 300 and payload is not None and payload.get(
                        "success") is not False:
                    self._forget_clock_if_fixed(answer)
                    policy.budget.refund(spent or 1)
                    return payload
                error = _answer_error(op, answer, payload)
                if (isinstance(error, AuthenticationError) and not clock_fixed
                        and self._adopt_clock(answer)):
                    clock_fixed = True
                    attempt -= 1  # the clock, not the service, failed: this try is free
                    continue
                kind = _failure_kind(error)
                # The gateway answers 429 before forwarding, so only a 5xx may hide a change.
                maybe_happened = answer.status >= 500
                retry_after = getattr(error, "retry_after", None)

            if resolve_uncertain is not None and (
                    maybe_happened or (uncertain and kind is None)):
                # Either this attempt's fate is unknown, or a definite refusal followed one that
                # was (e.g. "name already used" because the first create did happen).
                uncertain = True
                resolved = await resolve_uncertain()
                if resolved is not None:
                    return resolved
            if kind is None or attempt >= policy.max_attempts:
                raise error
            cost = policy.budget.acquire(kind)
            if not cost:
                log.info("retry budget spent; not retrying %s", op.key)
                raise error
            spent += cost
            await asyncio.sleep(policy.delay(attempt, kind, retry_after))

    def _log(self, op: Operation, status: int | str, started: float, attempt: int,
             answer: _Answer | None) -> None:
        if log.isEnabledFor(logging.DEBUG):  # the trace id is looked up only then
            trace_id = answer.trace_id if answer is not None else None
            log.debug("POST %s -> %s in %.1f ms (attempt %d, trace id %s)", op.key, status,
                      (time.perf_counter() - started) * 1000, attempt, trace_id or "-")

    async def _request(self, key: str, body: Mapping[str, Any], *,
                       resolve_uncertain: Resolver | None = None) -> dict[str, Any]:
        op = OPERATIONS[key]
        spec.check(op.request_schema, body)  # bad input never leaves this machine
        return await self._call(op, body, resolve_uncertain=resolve_uncertain)

    # -- the operations ---------------------------------------------------------------------------

    async def list_accounts(self) -> list[Account]:
        """Accounts getList: the DataForest accounts this key can use."""
        payload = await self._request("accounts.getList", {})
        return [Account.from_api(item) for item in _contents(payload)]

    async def check_available_name(self, account_id: str, name: str) -> bool:
        """checkAvailableName: True when ``name`` is free in the account."""
        payload = await self._request("checkAvailableName", {"accountId": account_id, "name": name})
        return bool(payload.get("availableName"))

    async def create_workspace(self, account_id: str, name: str,
                               configuration: spec.ConfigurationLike,
                               description: str | None = None) -> WorkspaceDetail:
        """create: a new AI workspace. Never creates two: if an attempt goes unanswered, the
        account is searched for ``name`` before any retry, and a workspace found there with the
        same image and description is returned as the result."""
        body: dict[str, Any] = {"accountId": account_id, "name": name,
                                "configuration": spec.configuration_body(configuration)}
        if description is not None:
            body["description"] = description

        async def find_it() -> dict[str, Any] | None:
            return await self._find_created(account_id, name, body)

        payload = await self._request("create", body, resolve_uncertain=find_it)
        created_id = str(payload.get("id") or "")
        if not created_id:
            raise ServiceError("DataForest create answered success without the new workspace's "
                               "id.", operation="create")
        config = spec.Configuration.from_api(body["configuration"])
        return WorkspaceDetail(
            id=created_id, name=name, account_id=account_id, description=description,
            image_version=config.docker.image,
            configurations=[ConfigurationEntry(configuration=config)],
            raw=dict(payload))

    async def _find_created(self, account_id: str, name: str,
                            body: Mapping[str, Any]) -> dict[str, Any] | None:
        """Did an unanswered create happen? The answer a create would have given, or None."""
        policy = self.retry
        last: DataForestError | None = None
        for attempt in range(1, policy.reconcile_attempts + 1):
            try:
                rows = await self.list_workspaces(account_id)
                break
            except (ServiceError, NetworkError, RequestTimeoutError, ThrottledError) as exc:
                last = exc
                await asyncio.sleep(policy.delay(attempt, FailureKind.TRANSIENT))
            except DataForestError as exc:
                last = exc
                break
        else:
            rows = None
        if rows is None:
            raise CreateOutcomeUnknownError(
                f"DataForest create of {name!r} went unanswered and checking whether it happened "
                f"failed too ({last}); run list_workspaces({account_id!r}) before trying again.",
                operation="create") from None
        found = next((w for w in rows if w.name == name), None)
        if found is None:
            return None
        wanted_image = body["configuration"].get("docker", {}).get("image")
        same_image = found.image_version in (None, "", wanted_image)
        same_text = (found.description or "") == (body.get("description") or "")
        if same_image and same_text:
            log.info("create of %r went unanswered but had happened (id %s)", name, found.id)
            return {"success": True, "id": found.id, "reconciled": True}
        raise ValidationError(
            f"name {name!r} is already used by another workspace in account {account_id} "
            f"(id {found.id}); choose another name.", field="name", rule="must be unused",
            operation="create")

    async def list_workspaces(self, account_id: str) -> list[Workspace]:
        """getList: every workspace of an account (the API has no paging)."""
        payload = await self._request("getList", {"search": {"accountId": account_id}})
        return [Workspace.from_api(item) for item in _contents(payload)]

    async def get_workspace(self, workspace_id: str) -> WorkspaceDetail:
        """getDetail: one workspace with its configuration."""
        payload = await self._request("getDetail", {"id": workspace_id})
        return WorkspaceDetail.from_api(payload)

    async def get_configurations(self, workspace_id: str) -> list[ConfigurationEntry]:
        """getConfigurationList: the stored configuration(s) of one workspace."""
        payload = await self._request("getConfigurationList", {"id": workspace_id})
        return read_entries(payload.get("contents"))

    async def set_configuration(self, workspace_id: str,
                                configuration: spec.ConfigurationLike) -> None:
        """setConfiguration: replace a workspace's configuration."""
        await self._request("setConfiguration", {
            "id": workspace_id, "configuration": spec.configuration_body(configuration)})

    async def list_docker_images(self, type_name: str) -> dict[str, list[str]]:
        """getDockerImageList: selectable images for 'tensorflow' or 'pytorch'."""
        payload = await self._request("getDockerImageList", {"search": {"typeName": type_name}})
        images = payload.get("dockerImages") or {}
        if not isinstance(images, Mapping):
            return {}
        return {str(k): [str(v) for v in (vs if isinstance(vs, list) else [vs])]
                for k, vs in images.items()}

    async def delete_workspace(self, workspace_id: str) -> None:
        """delete: remove a workspace. If an unanswered attempt had already deleted it, the
        retry's "no such element" counts as success."""

        async def gone_already() -> dict[str, Any] | None:
            try:
                await self.get_workspace(workspace_id)
            except NotFoundError:
                return {"success": True, "id": workspace_id}
            except DataForestError:
                # The look-up failed too: no answer here, so the delete's own retry, or its
                # own error (naming delete, not the look-up), decides.
                return None
            return None

        await self._request("delete", {"id": workspace_id}, resolve_uncertain=gone_already)

    # -- compositions every face needs ------------------------------------------------------------

    async def describe_workspaces(self, account_id: str, *,
                                  concurrency: int | None = None) -> list[WorkspaceSummary]:
        """getList, then getConfigurationList of each workspace (bounded concurrency), so that a
        table can show image, GPU model x count and queue. Rows deleted meanwhile are skipped."""
        return await describe(self, account_id, concurrency or self.describe_concurrency)

    async def choices(self, account_id: str) -> Choices:
        """GPU models and queues for dropdowns: documented values plus those in use."""
        summaries = await self.describe_workspaces(account_id)
        return dropdown_choices(s.configuration for s in summaries)

    async def find_workspace(self, account_id: str, id_or_name: str) -> Workspace:
        """A workspace of the account by id or by name."""
        rows = await self.list_workspaces(account_id)
        for row in rows:
            if id_or_name in (row.id, row.name):
                return row
        raise NotFoundError(f"No workspace named or with id {id_or_name!r} in account "
                            f"{account_id}.", operation="getList")


class WorkspaceReader(Protocol):
    """What ``describe`` needs: the client itself, or the caching client in front of it."""

    async def list_workspaces(self, account_id: str) -> list[Workspace]: ...

    async def get_configurations(self, workspace_id: str) -> list[ConfigurationEntry]: ...


async def describe(reader: WorkspaceReader, account_id: str,
                   concurrency: int) -> list[WorkspaceSummary]:
    """Every workspace of an account with its current configuration."""
    rows = await reader.list_workspaces(account_id)
    gate = asyncio.Semaphore(concurrency)

    async def summarize(row: Workspace) -> WorkspaceSummary | None:
        async with gate:
            try:
                entries = await reader.get_configurations(row.id)
            except NotFoundError:
                return None  # deleted between the two calls
        return WorkspaceSummary(row, entries[-1].configuration if entries else None)

    summaries = await asyncio.gather(*(summarize(row) for row in rows))
    return [s for s in summaries if s is not None]


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body) if body else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _answer_error(op: Operation, answer: _Answer,
                  payload: dict[str, Any] | None) -> DataForestError:
    if 200 <= answer.status < 300 and payload is None:
        return ServiceError(
            f"DataForest {op.key} answered HTTP {answer.status} with something that is not a "
            "JSON object.", operation=op.key, status=answer.status, trace_id=answer.trace_id)
    return error_from_response(op.key, answer.status, answer.body, answer.headers, answer.trace_id)


def _failure_kind(error: DataForestError) -> FailureKind | None:
    if isinstance(error, ThrottledError):
        return FailureKind.THROTTLING
    if isinstance(error, ServiceError) and error.status in RETRYABLE_STATUSES:
        return FailureKind.TRANSIENT
    return None


def _contents(payload: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    contents = payload.get("contents")
    if isinstance(contents, Mapping):
        contents = [contents]
    if not isinstance(contents, list):
        return []
    return [item for item in contents if isinstance(item, Mapping)]


def _date_ms(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp() * 1000
    except (TypeError, ValueError, IndexError):
        return None
