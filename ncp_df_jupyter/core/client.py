"""The signed async DataForest client: one method per API operation.

    async with DataForestClient() as client:
        accounts = await client.list_accounts()

Input is checked against the workspace model before anything is sent. Every attempt is signed
afresh. Reads are retried on connection errors, 429 and 5xx; a create is never sent twice blindly:
when its outcome is unknown the client looks the name up first (see ``create_workspace``). The
AI Apps operations (``submit_app``, ``list_apps``, ``wait_app``...) are in core/apps.py.
``timeout`` bounds each operation as a whole (its retries and look-ups included; see
core/deadline.py); ``client.budget()`` bounds several operations together.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

from . import models, request_bodies
from .apps import AppOperations
from .credentials import Credentials, resolve_credentials, resolve_endpoint
from .deadline import Deadline, call_budget, pause
from .errors import (
    CreateOutcomeUnknownError,
    DataForestError,
    NetworkError,
    NotFoundError,
    RequestTimeoutError,
    ServiceError,
    ThrottledError,
    ValidationError,
)
from .models import (
    Account,
    Choices,
    ConfigurationEntry,
    Workspace,
    WorkspaceDetail,
    WorkspaceSummary,
    contents_of,
    dropdown_choices,
    read_entries,
)
from .plain_text import plain_text
from .protocol import OPERATIONS
from .retry import FailureKind, RetryPolicy
from .schema import rules
from .tls import CaBundle, client_ssl_context
from .transport import DEFAULT_MAX_RESPONSE_BYTES, Resolver, SignedTransport

log = logging.getLogger("ncp_df_jupyter.client")


class DataForestClient(AppOperations):
    """Async client for the DataForest AI Workspaces and AI Apps APIs (and Accounts getList).

    ``timeout``: seconds one operation may take in all, its retries, backoff and look-ups
    included. ``attempt_timeout``: seconds one attempt may take within that (default: the
    timeout shared evenly between ``retry.max_attempts`` attempts). ``max_response_bytes``: the
    longest answer read (8 MiB); a longer one is an error, never read into memory.
    ``ca_bundle``: a PEM file (or directory) of the CA certificates to trust instead of the
    system's, e.g. the emulator's in TLS mode (default: ``NCP_DF_CA_BUNDLE``, else Python's
    defaults, which honour ``SSL_CERT_FILE``; see core/tls.py).
    """

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
        attempt_timeout: float | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        ca_bundle: CaBundle | None = None,
    ) -> None:
        self.credentials = credentials or resolve_credentials(access_key, secret_key, profile)
        self.endpoint = resolve_endpoint(endpoint)
        # Read once: every connection of this client shares the one context.
        self.ssl_context = client_ssl_context(ca_bundle)
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.describe_concurrency = describe_concurrency
        self._transport = SignedTransport(self.credentials, self.endpoint, timeout=timeout,
                                          retry=self.retry, max_connections=max_connections,
                                          attempt_timeout=attempt_timeout,
                                          max_response_bytes=max_response_bytes,
                                          ssl_context=self.ssl_context)

    def __repr__(self) -> str:
        return (f"DataForestClient(endpoint={self.endpoint!r}, "
                f"access_key={self.credentials.masked_access_key!r})")

    # -- lifecycle -------------------------------------------------------------------------------

    async def __aenter__(self) -> DataForestClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._transport.close()

    def budget(self) -> AbstractContextManager[Deadline]:
        """``with client.budget():`` makes every operation awaited inside it share one
        ``timeout`` (e.g. a list and the reads that follow it); see core/deadline.py."""
        return call_budget(self.timeout)

    @property
    def clock_offset_ms(self) -> int:
        """Milliseconds added to this computer's clock to match the gateway's (0 when right)."""
        return self._transport.clock_offset_ms

    async def _request(self, key: str, body: Mapping[str, Any], *,
                       resolve_uncertain: Resolver | None = None,
                       passed_through: frozenset[str] = frozenset()) -> dict[str, Any]:
        op = OPERATIONS[key]
        # bad input never leaves this machine; what the service sent goes back as it was
        rules.check(op.request_schema, body, passed_through=passed_through)
        return await self._transport.call(op, body, resolve_uncertain=resolve_uncertain)

    # -- the operations ---------------------------------------------------------------------------

    async def list_accounts(self) -> list[Account]:
        """Accounts getList: the DataForest accounts this key can use."""
        payload = await self._request("accounts.getList", {})
        return [Account.from_api(item) for item in contents_of(payload.get("contents"))]

    async def check_available_name(self, account_id: str, name: str) -> bool:
        """checkAvailableName: True when ``name`` is free in the account."""
        payload = await self._request("checkAvailableName", {"accountId": account_id, "name": name})
        return bool(payload.get("availableName"))

    async def create_workspace(self, account_id: str, name: str,
                               configuration: models.ConfigurationLike,
                               description: str | None = None) -> WorkspaceDetail:
        """create: a new AI workspace. Never creates two: if an attempt goes unanswered, the
        account is searched for ``name`` before any retry, and a workspace found there whose
        stored configuration has the image, command and resources sent is returned as the
        result (see ``reconcile``)."""
        body = request_bodies.create_request(account_id, name, configuration, description)

        async def find_it() -> dict[str, Any] | None:
            return await self._find_created(account_id, name, body)

        payload = await self._request("create", body, resolve_uncertain=find_it,
                                      passed_through=models.passed_through(configuration))
        created_id = str(payload.get("id") or "")
        if not created_id:
            raise ServiceError("DataForest create answered success without the new workspace's "
                               "id.", operation="create")
        config = models.Configuration.from_api(body["configuration"])
        return WorkspaceDetail(
            id=created_id, name=name, account_id=account_id, description=description,
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
                await pause(policy.delay(attempt, FailureKind.TRANSIENT))  # within the budget
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
        try:
            stored = models.current_configuration(await self.get_configurations(found.id))
        except NotFoundError:
            return None  # gone again: it was not a create that happened
        except DataForestError as exc:
            raise CreateOutcomeUnknownError(
                f"DataForest create of {name!r} went unanswered; a workspace of that name "
                f"exists ({found.id}) but reading its configuration failed ({exc}); run "
                f"get_workspace({found.id!r}) before trying again.", operation="create") from None
        if stored is not None and is_sent_configuration(stored, body["configuration"]):
            log.info("create of %r went unanswered but had happened (id %s)", name,
                     plain_text(found.id))  # the service's id is data, even in a log line
            return {"success": True, "id": found.id, "reconciled": True}
        raise ValidationError(
            f"name {name!r} {rules.NAME_TAKEN} ({account_id}: workspace {found.id}); choose "
            "another name.", field="name", rule=rules.NAME_TAKEN, operation="create")

    async def list_workspaces(self, account_id: str) -> list[Workspace]:
        """getList: every workspace of an account (the API has no paging)."""
        payload = await self._request("getList", {"search": {"accountId": account_id}})
        return [Workspace.from_api(item) for item in contents_of(payload.get("contents"))]

    async def get_workspace(self, workspace_id: str) -> WorkspaceDetail:
        """getDetail: one workspace with its configuration."""
        payload = await self._request("getDetail", {"id": workspace_id})
        return WorkspaceDetail.from_api(payload)

    async def get_configurations(self, workspace_id: str) -> list[ConfigurationEntry]:
        """getConfigurationList: the stored configuration(s) of one workspace."""
        payload = await self._request("getConfigurationList", {"id": workspace_id})
        return read_entries(payload.get("contents"))

    async def set_configuration(self, workspace_id: str,
                                configuration: models.ConfigurationLike) -> None:
        """setConfiguration: replace a workspace's configuration.

        A Configuration read from the service is sent with every field it was read with. A dict
        is checked strictly, except that fields this release does not know pass when the
        workspace's stored configuration has them too (a dict made from what the service sent,
        as the sidebar's PUT is); any other broken rule is refused before anything is sent.
        """
        body = request_bodies.set_configuration_request(workspace_id, configuration)
        passed = models.passed_through(configuration)
        if not isinstance(configuration, models.Configuration):
            passed = await self._stored_fields(workspace_id, body)
        await self._request("setConfiguration", body, passed_through=passed)

    async def _stored_fields(self, workspace_id: str, body: Mapping[str, Any]) -> frozenset[str]:
        """The fields of ``body``'s configuration that this release cannot read and that the
        workspace's stored configuration has too (read only when there are any)."""
        unread = models.Configuration.from_api(body["configuration"]).extra_paths()
        if not unread:
            return unread
        rules.check("setConfigurationRequest", body, passed_through=unread)  # the rest first
        stored = models.current_configuration(await self.get_configurations(workspace_id))
        return unread & stored.extra_paths() if stored is not None else frozenset()

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
        return await find_workspace(self, account_id, id_or_name)


class WorkspaceReader(Protocol):
    """What ``describe`` needs: the client itself, or the caching client in front of it."""

    async def list_workspaces(self, account_id: str) -> list[Workspace]: ...

    async def get_configurations(self, workspace_id: str) -> list[ConfigurationEntry]: ...


async def find_workspace(reader: WorkspaceReader, account_id: str,
                         id_or_name: str) -> Workspace:
    """A workspace of the account by id or by name, or NotFoundError."""
    for row in await reader.list_workspaces(account_id):
        if id_or_name in (row.id, row.name):
            return row
    raise NotFoundError(f"No workspace named or with id {id_or_name!r} in account "
                        f"{account_id}.", operation="getList")


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
        return WorkspaceSummary(row, models.current_configuration(entries))

    summaries = await asyncio.gather(*(summarize(row) for row in rows))
    return [s for s in summaries if s is not None]


def is_sent_configuration(stored: models.Configuration, sent: Mapping[str, Any]) -> bool:
    """Whether a stored configuration is the one a create sent: the same image, command and
    resources (each resource the create set; the service may fill in others). Never judged by
    ``imageVersion``, whose format the pages do not state."""
    sent_config = models.Configuration.from_api(sent)
    if (stored.docker.image, stored.docker.command) != (sent_config.docker.image,
                                                       sent_config.docker.command):
        return False
    wanted = sent_config.resource.to_api() if sent_config.resource else {}
    have = stored.resource.to_api() if stored.resource else {}
    return all(have.get(key) == value for key, value in wanted.items())
