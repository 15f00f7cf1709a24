"""What each REST route does, in terms of the core: one cached client, JSON-ready answers (the
AI app routes' in app_service.py, mixed in).

One :class:`WorkspaceService` lives in the server's settings. It makes its DataForestClient on
first use, inside a request, so the client's aiohttp session belongs to the server's event loop;
a CachingClient in front of it coalesces identical concurrent reads and keeps answers for
``cache_seconds``, so many browser tabs refreshing cost the service what one tab does.
Credentials come from the core's chain (environment, then ~/.ncloud/configure); when they are
missing, each request tries again, so an administrator can fix them without a restart.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from .._version import __version__
from ..core.caching import CachingClient
from ..core.client import DataForestClient
from ..core.credentials import Credentials, credentials_status, resolve_endpoint
from ..core.errors import ForbiddenError, NotFoundError, ValidationError, short
from ..core.models import Choices, account_label, current_configuration, dropdown_choices
from ..core.models.accounts import NO_PERMISSION_LABEL
from ..core.retry import RetryPolicy
from ..core.schema import rules
from ..core.schema.form import form_fields, form_groups, frameworks
from .app_service import AppService
from .errors import ErrorContext
from .form_schema import default_account_id, form_schema


class WorkspaceService(AppService):
    def __init__(self, endpoint: str | None = None, profile: str | None = None, *,
                 cache_seconds: float = 5.0, timeout: float = 30.0,
                 retry: RetryPolicy | None = None) -> None:
        self.endpoint = endpoint or None
        self.profile = profile or None
        self.cache_seconds = cache_seconds
        self.timeout = timeout
        self._retry = retry
        self._cache: CachingClient | None = None

    def __repr__(self) -> str:
        return (f"WorkspaceService(endpoint={resolve_endpoint(self.endpoint)!r}, "
                f"profile={self.profile!r}, cache_seconds={self.cache_seconds})")

    @property
    def cache(self) -> CachingClient:
        """The caching client; raises CredentialsError while no key pair can be found."""
        if self._cache is None:
            client = DataForestClient(endpoint=self.endpoint, profile=self.profile,
                                      timeout=self.timeout, retry=self._retry)
            self._cache = CachingClient(client, ttl=self.cache_seconds)
        return self._cache

    async def close(self) -> None:
        cache, self._cache = self._cache, None
        if cache is not None:
            await cache.client.close()

    def error_context(self) -> ErrorContext:
        """What an error answer may name: the endpoint called and the time budget of a call."""
        endpoint = (self._cache.client.endpoint if self._cache is not None
                    else resolve_endpoint(self.endpoint))
        return ErrorContext(endpoint, self.timeout)

    # -- routes -----------------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        """Endpoint and credentials as far as they can be told without calling the service."""
        creds: Credentials | None
        if self._cache is not None:
            creds, problem = self._cache.client.credentials, None
            endpoint = self._cache.client.endpoint
        else:
            creds, problem = credentials_status(profile=self.profile)
            endpoint = resolve_endpoint(self.endpoint)
        return {
            "version": __version__,
            "endpoint": endpoint,
            "profile": self.profile,
            "cacheSeconds": self.cache_seconds,
            # How long a call to DataForest may take before the server gives up on it.
            "timeoutSeconds": self.timeout,
            "credentials": {
                "configured": creds is not None,
                "accessKey": creds.masked_access_key if creds else None,
                "source": creds.source if creds else None,
                "problem": problem,
            },
        }

    async def accounts(self) -> dict[str, Any]:
        accounts = await self.cache.list_accounts()
        return {"accounts": [{**a.to_api(), "label": account_label(a),
                              # the label's msgid, for the sidebar to show it translated
                              "labelId": NO_PERMISSION_LABEL if a.disabled else None}
                             for a in accounts],
                "defaultAccountId": default_account_id(accounts)}

    async def workspaces(self, account_id: str | None, fresh: bool = False) -> dict[str, Any]:
        """The account's workspaces with their configurations; ``fresh`` (a person pressed
        Refresh) drops what was cached for the account, lists and configurations alike, so a
        change made elsewhere shows at once."""
        account_id = require_account(account_id)
        if fresh:
            self.cache.invalidate(account_id=account_id)
        summaries = await self.cache.describe_workspaces(account_id)
        return {"accountId": account_id,
                "workspaces": [with_shape_marks(s.to_api()) for s in summaries]}

    # Ids, names and bodies are checked by the client (every broken rule, named, before anything
    # is sent); only parameters the REST API names otherwise than DataForest are checked here.

    async def workspace(self, workspace_id: str) -> dict[str, Any]:
        detail = await self.cache.get_workspace(workspace_id)
        return detail.to_api()

    async def create(self, body: Any) -> dict[str, Any]:
        body = _object(body, "The request body")
        detail = await self.cache.create_workspace(
            body.get("accountId"), body.get("name"), body.get("configuration"),
            body.get("description"))
        return detail.to_api()

    async def delete(self, workspace_id: str) -> None:
        await self.cache.delete_workspace(workspace_id)

    async def configuration(self, workspace_id: str) -> dict[str, Any]:
        entries = await self.cache.get_configurations(workspace_id)
        current = current_configuration(entries)
        return {"id": workspace_id,
                "configuration": current.to_api() if current is not None else None,
                "entries": [entry.to_api() for entry in entries]}

    async def set_configuration(self, workspace_id: str, body: Any) -> dict[str, Any]:
        body = _object(body, "The request body")
        await self.cache.set_configuration(workspace_id, body.get("configuration"))
        return await self.configuration(workspace_id)

    async def images(self, framework: str | None) -> dict[str, Any]:
        by_framework = await self.cache.image_choices(_frameworks(framework))
        return {"framework": framework or None, "images": _every_image(by_framework),
                "byFramework": by_framework}

    async def name_available(self, account_id: str, name: str) -> dict[str, Any]:
        available = await self.cache.check_available_name(account_id, name)
        answer: dict[str, Any] = {"accountId": account_id, "name": name, "available": available}
        if not available:
            answer["message"] = f"name {short(name)} {rules.NAME_TAKEN}."
        return answer

    async def form_schema(self, account_id: str | None, framework: str | None) -> dict[str, Any]:
        """The workspace schema with accounts, GPU models, queues and images filled in."""
        if account_id:
            account_id = require_account(account_id)
        frameworks = _frameworks(framework)
        cache = self.cache
        accounts, choices, by_framework = await asyncio.gather(
            cache.list_accounts(), self._choices(account_id), cache.image_choices(frameworks))
        return form_schema(accounts, choices, _every_image(by_framework), account_id)

    async def form(self, account_id: str | None, framework: str | None) -> dict[str, Any]:
        """What the sidebar's form is drawn from: the filled schema (its rules and choices),
        and the core's description of the form read from it (groups, fields in order)."""
        schema = await self.form_schema(account_id, framework)
        return {"schema": schema, "groups": [g.to_api() for g in form_groups(schema)],
                "fields": [f.to_api() for f in form_fields(schema)],
                "frameworks": [c.to_api() for c in frameworks(schema)]}

    async def _choices(self, account_id: str | None) -> Choices:
        """GPU models and queues in use in the account, with the documented ones; only the
        documented ones for an account this key may not read (the form still opens)."""
        if not account_id:
            return dropdown_choices([])
        try:
            return await self.cache.choices(account_id)
        except (ForbiddenError, NotFoundError):
            return dropdown_choices([])


# What the sidebar puts into generated code ("Insert code"), and the rule each must follow.
_CODE_FIELDS = (("name", "workspaceName"), ("id", "id"))


def with_shape_marks(row: dict[str, Any]) -> dict[str, Any]:
    """The row, with ``malformed``: the fields (name, id) whose value from DataForest breaks its
    documented shape. The row is still listed (it is data); the sidebar writes no code with
    those values: code names the workspace by its id when only the name is off, and there is
    no code when the id is (src/code.ts)."""
    row["malformed"] = [field for field, rule in _CODE_FIELDS
                        if rules.problems(rule, row.get(field))]
    return row


def _every_image(by_framework: Mapping[str, list[str]]) -> list[str]:
    return list(dict.fromkeys(ref for refs in by_framework.values() for ref in refs))


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        # the whole body, not a field of it: no Problem to name
        raise ValidationError(f"{what} must be a JSON object.", rule="must be a JSON object")
    return dict(value)


def require_account(value: str | None) -> str:
    """The ``account`` parameter, DataForest's accountId: checked here by the core's id rule
    under its REST name (the client would name it search.accountId)."""
    if not value:
        raise rules.refusal([rules.Problem("account", "is required", missing=True)])
    rules.check("id", value, "account")
    return value


def _frameworks(value: str | None) -> list[str] | None:
    """The ``framework`` parameter (getDockerImageList's typeName) as the list to ask for;
    None (every framework) when it is not given."""
    if not value:
        return None
    found = rules.problems("dockerImageListRequest", {"search": {"typeName": value}})
    if found:
        raise rules.refusal([rules.Problem("framework", found[0].rule, value)])
    return [value]
