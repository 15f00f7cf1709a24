"""The objects the client takes and returns, read from and written to the API's JSON.

One module per thing: ``configuration`` (a workspace's settings, AiAppTypeSpec), ``accounts``,
``workspaces`` (list rows, details, configuration entries), ``apps`` (AI apps and their
containers) and ``choices`` (what dropdowns offer). Everything is importable from here.
"""

from ._read import contents_of
from .accounts import (
    Account,
    account_label,
    default_account,
    find_account,
    offered_accounts,
    sole_usable_account,
    usable_accounts,
)
from .apps import App, AppContainer, AppDetail
from .choices import Choices, dropdown_choices, image_choices
from .configuration import (
    Configuration,
    ConfigurationLike,
    Data,
    DataInput,
    DataOutput,
    Docker,
    Resource,
    configuration_body,
    normalize_configuration,
    normalize_docker,
)
from .workspaces import (
    ConfigurationEntry,
    Workspace,
    WorkspaceDetail,
    WorkspaceSummary,
    read_entries,
)

__all__ = [
    "Account",
    "App",
    "AppContainer",
    "AppDetail",
    "Choices",
    "Configuration",
    "ConfigurationEntry",
    "ConfigurationLike",
    "Data",
    "DataInput",
    "DataOutput",
    "Docker",
    "Resource",
    "Workspace",
    "WorkspaceDetail",
    "WorkspaceSummary",
    "account_label",
    "configuration_body",
    "contents_of",
    "default_account",
    "dropdown_choices",
    "find_account",
    "image_choices",
    "normalize_configuration",
    "normalize_docker",
    "offered_accounts",
    "read_entries",
    "sole_usable_account",
    "usable_accounts",
]
