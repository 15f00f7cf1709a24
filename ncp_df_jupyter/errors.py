"""``ncp_df_jupyter.errors``: the exceptions, where the README documents them.

They live in ``core/errors.py``; this module only names them here.
"""

from .core.errors import (
    AppLogError,
    AppWaitTimeoutError,
    AuthenticationError,
    CreateOutcomeUnknownError,
    CredentialsError,
    DataForestError,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    QuotaExceededError,
    RequestTimeoutError,
    ServiceError,
    SubmitOutcomeUnknownError,
    ThrottledError,
    ValidationError,
)

__all__ = [
    "AppLogError",
    "AppWaitTimeoutError",
    "AuthenticationError",
    "CreateOutcomeUnknownError",
    "CredentialsError",
    "DataForestError",
    "ForbiddenError",
    "NetworkError",
    "NotFoundError",
    "QuotaExceededError",
    "RequestTimeoutError",
    "ServiceError",
    "SubmitOutcomeUnknownError",
    "ThrottledError",
    "ValidationError",
]
