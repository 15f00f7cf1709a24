"""Wire facts of the DataForest API shared by the client and the emulator.

Everything here comes from shared/spec/dataforest-ai-workspaces.md and dataforest-ai-apps.md.
This docstring is the one place in the code that says what the workspace pages settle and what
the client only infers (the workspace spec's section 13; "open N" is its "Still open" item N);
the AI Apps facts the client infers are listed once, in ``APPS_UNCONFIRMED`` at the end of this
module (the paths of ``submit`` and ``getDetail`` among them). The emulator's choices where
the pages are silent are in emulator/behaviour.py and are never assumed here.

Settled by the pages (2026-12-01 review):
- the paths of checkAvailableName, create, getList and delete (seen verbatim);
- create answers ``{"success": true, "id": ...}`` (no message); setConfiguration and delete
  answer ``{id, message, success}``;
- a field-level 400 reads ``invalid request parameter (<path>, '<value>'). Must match
  "<regex>"``; the client finds the field in it (errors.py);
- the gateway's 404 details say ``URL not found.``; ``Authentication information are
  missing.`` also answers a request with only some of the three headers; ``errorCode`` may be a
  number (errors.py reads both);
- ``workdir`` was removed from the workspace API in 2024 (release notes; the create page still
  lists it): optional, sent only when set, possibly dropped by the service.

UNCONFIRMED, and how the client copes (never by assuming the emulator's answer):
- paths of getDetail, getConfigurationList, setConfiguration, getDockerImageList (open 1):
  inferred ``/api/v2/{group}/{operation}``; they live only in ``_OPERATIONS`` below;
- value sets and bounds of queueName, gpuModel, cpuCount, memoryMb (open 3): open strings and
  integers, documented values only offered, never enforced;
- fields of AiWorkspaceResponse, AiAppDocker, AiAppData (open 6, 8); types as loose as the
  pages' disagreements (open 8); nulls for absent fields (open 14): every answer is read
  leniently and once (models/_read.py): null is absent, unambiguous values are coerced, and
  whatever cannot be read, or is not known, is kept as sent and written back;
- ``contents``: one object or an array, in no stated order (open 7): the current configuration
  is chosen by its timestamps (models.current_entry), never by its position;
- replace or merge on setConfiguration, and whether unknown fields are kept (open 12): the
  client always sends the whole configuration with every field it read;
- the exact format of timestamps (spec section 1: Swagger writes ``...Z``, real examples
  ``+09:00``): a stamp that names no zone is read as UTC, by core/times.py ``moment`` and by
  the sidebar's ``serviceTime`` (src/util.ts) alike, and shown in the viewer's zone;
- the format of ``imageVersion`` (open 13): shown as sent, never compared; an unanswered create
  is reconciled by name and stored configuration (client.is_sent_configuration);
- whether checkAvailableName refuses malformed names, the minimum name length (open 4): the
  client checks names itself before asking;
- the meaning of getDockerImageList's map (open 5): models.image_choices reads both shapes;
- gateway details for an expired timestamp or a bad signature, Retry-After, request-id headers
  (open 9): errors are read by body shape, a 401 with a skewed Date is retried once.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_ENDPOINT = "https://df.apigw.ntruss.com"
API_PREFIX = "/api/v2"

HEADER_TIMESTAMP = "x-ncp-apigw-timestamp"
HEADER_ACCESS_KEY = "x-ncp-iam-access-key"
HEADER_SIGNATURE = "x-ncp-apigw-signature-v2"
# Response headers a person can quote to NCP support; the second is UNCONFIRMED.
TRACE_ID_HEADERS = ("x-ncp-trace-id", "x-ncp-apigw-request-id")

# The gateway rejects a timestamp this far (or farther) from its own clock.
MAX_CLOCK_SKEW_MS = 300_000


@dataclass(frozen=True)
class Operation:
    """One API operation: where it lives and how it may be retried."""

    key: str  # unique name used in logs, fault rules and the emulator's request log
    group: str  # "aiworkspaces", "aiapps" or "accounts"
    name: str  # the operation's camelCase name in the URL
    request_schema: str  # definitions key in core/schema/workspace.schema.json

    @property
    def path(self) -> str:
        return f"{API_PREFIX}/{self.group}/{self.name}"


_OPERATIONS = (
    Operation("checkAvailableName", "aiworkspaces", "checkAvailableName",
              "checkAvailableNameRequest"),
    Operation("create", "aiworkspaces", "create", "createRequest"),
    Operation("getList", "aiworkspaces", "getList", "listRequest"),
    Operation("getDetail", "aiworkspaces", "getDetail", "idRequest"),
    Operation("getConfigurationList", "aiworkspaces", "getConfigurationList", "idRequest"),
    Operation("setConfiguration", "aiworkspaces", "setConfiguration", "setConfigurationRequest"),
    Operation("getDockerImageList", "aiworkspaces", "getDockerImageList", "dockerImageListRequest"),
    # Deleting twice answers "no such element" the second time; the client handles that case.
    Operation("delete", "aiworkspaces", "delete", "idRequest"),
    Operation("accounts.getList", "accounts", "getList", "accountListRequest"),
    # AI Apps: keys carry the group, so they never collide with the workspace getList/getDetail.
    # submit is not idempotent: the client never repeats it blindly (core/apps.py).
    Operation("apps.submit", "aiapps", "submit", "appSubmitRequest"),
    Operation("apps.getList", "aiapps", "getList", "listRequest"),
    Operation("apps.getDetail", "aiapps", "getDetail", "idRequest"),
    Operation("apps.kill", "aiapps", "kill", "idRequest"),
)

OPERATIONS: dict[str, Operation] = {op.key: op for op in _OPERATIONS}
OPERATIONS_BY_PATH: dict[str, Operation] = {op.path: op for op in _OPERATIONS}


@dataclass(frozen=True)
class GatewayError:
    status: int
    code: str
    message: str


# API Gateway error table (spec section 9). errorCode arrives as a string, sometimes a number.
GATEWAY_ERRORS: tuple[GatewayError, ...] = (
    GatewayError(400, "100", "Bad Request Exception"),
    GatewayError(401, "200", "Authentication Failed"),
    GatewayError(401, "210", "Permission Denied"),
    GatewayError(404, "300", "Not Found Exception"),
    GatewayError(429, "400", "Quota Exceeded"),
    GatewayError(429, "410", "Throttle Limited"),
    GatewayError(429, "420", "Rate Limited"),
    GatewayError(413, "430", "Request Entity Too Large"),
    GatewayError(503, "500", "Endpoint Error"),
    GatewayError(504, "510", "Endpoint Timeout"),
    GatewayError(500, "900", "Unexpected Error"),
)
GATEWAY_ERRORS_BY_CODE: dict[str, GatewayError] = {e.code: e for e in GATEWAY_ERRORS}

GATEWAY_AUTH_MISSING = "Authentication information are missing."
GATEWAY_AUTH_INVALID = "Invalid authentication information."

# DataForest service error messages (spec section 1.1), body {"success": false, "message": ...}.
DF_QUOTA = "exceeded limit on resource quota"
DF_INVALID = "invalid request parameters"
DF_FORBIDDEN = "not allowed to access"
DF_NOT_FOUND = "no such element"
DF_UNEXPECTED = "unexpected error"


# -- AI Apps (shared/spec/dataforest-ai-apps.md) ----------------------------------------------

# States are YARN's YarnApplicationState (spec section 5, UNCONFIRMED but strong); these three
# are final: an app in one of them never changes again.
APP_FINISHED_STATES = frozenset({"FINISHED", "FAILED", "KILLED"})

# Spellings of the reference's syntax blocks next to the wire names (spec 4.5): read both.
APP_FIELD_SLIPS = {"elapsedMillis": ("elapesdMillis",), "component": ("conponent",),
                   "logUrl": ("logurl",), "status": ("Status",)}

# UNCONFIRMED about AI Apps (spec section 11): what the client assumes where the reference is
# silent. The emulator follows the same guesses; the client copes with any answer the pages allow.
# - submit and getDetail live at /api/v2/aiapps/{submit,getDetail}, like getList and kill.
# - namePrefix is a lowercase letter then 1 to 7 lowercase letters, digits or hyphens (schema).
# - the generated app name starts with the namePrefix (the emulator adds "-" and 6 characters).
# - states and final statuses are YARN's; FINISHED, FAILED and KILLED are final.
# - kill of a finished app is a no-op; the client also takes a refusal as success once the app
#   is finished.
# - getList items name their workspace by workspaceName (no id): apps of one workspace are
#   found by its name; a list item's startedAt is the submission time.
# - finished and killed apps stay in getList (YARN keeps its history).
# - a submit body is the whole truth: the client sends the workspace's configuration, with any
#   overrides merged on it, instead of relying on the service to merge; workdir only when set.
# - logUrl is an opaque http(s) URL outside the API gateway: it is fetched unsigned and may need
#   the DataForest web login.
