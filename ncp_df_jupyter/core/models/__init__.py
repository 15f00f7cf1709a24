"""The objects the client takes and returns, read from and written to the API's JSON.

One module per thing: ``configuration`` (a workspace's settings, AiAppTypeSpec; ``edits``: an
edit laid over what the service sent; ``_read``: reading the service leniently), ``accounts``,
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
    passed_through,
)
from .edits import rebase
from .workspaces import (
    ConfigurationEntry,
    Workspace,
    WorkspaceDetail,
    WorkspaceSummary,
    current_configuration,
    current_entry,
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
    "current_configuration",
    "current_entry",
    "default_account",
    "dropdown_choices",
    "find_account",
    "image_choices",
    "normalize_configuration",
    "normalize_docker",
    "offered_accounts",
    "passed_through",
    "read_entries",
    "rebase",
    "sole_usable_account",
    "usable_accounts",
]
