"""``ncp_df_jupyter.errors``: the exceptions, where the README documents them.

They live in ``core/errors.py``; this module only names them here.
"""

from .core.errors import (
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
    ThrottledError,
    ValidationError,
)

__all__ = [
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
    "ThrottledError",
    "ValidationError",
]
