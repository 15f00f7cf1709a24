"""The person-first sentence that leads a failure's message, chosen once for every face.

A failure a person reads leads with what they can do ("Cannot reach DataForest at
127.0.0.1:8950: is `ncp-df demo` still running?"), then the service's own words; the core's own
sentence (which names the operation and the attempts) goes behind a Details toggle. The lead is
chosen here from the exception's type and attributes, so the widgets (kernel/), the server's REST
answers and through them the sidebar say the same thing; the core's error classes are never
reworded. Leads are msgids (``N_``): a face translates them and fills ``{name}`` afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import (
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
from .msgids import N_

# How the service's own words follow the lead.
SAID = N_("DataForest said: {said}")
REFUSED = N_("DataForest refused the request.")

# Most specific first: the first matching class decides.
_LEADS: tuple[tuple[type[DataForestError], str], ...] = (
    (ForbiddenError, N_("This key has no permission for that in DataForest. Ask your NCP "
                        "administrator for access.")),
    (NotFoundError, N_("DataForest has no such workspace or account; it may have been "
                       "deleted.")),
    (ThrottledError, N_("DataForest is receiving too many requests. Wait a moment, then try "
                        "again.")),
    (QuotaExceededError, N_("A DataForest quota is used up. Delete a workspace you no longer "
                            "need, or ask for a larger quota.")),
    (CreateOutcomeUnknownError, N_("DataForest did not confirm the create, and looking for the "
                                   "workspace failed too. Refresh the list to see whether it "
                                   "was made before you try again.")),
    (ServiceError, N_("DataForest failed to answer. Try again in a moment; if it keeps "
                      "failing, the service may be down.")),
)
_TIMEOUT = N_("DataForest did not answer within {seconds} s. It may be slow or down; try again "
              "in a moment.")
_UNREACHABLE_LOCAL = N_("Cannot reach DataForest at {host}: is `ncp-df demo` still running?")
# Where the keys and the network are differs between faces: the sidebar's calls are made by the
# Jupyter server (with its keys), the widgets' by this computer's kernel.
_UNREACHABLE = {
    True: N_("Cannot reach DataForest at {host}. Check the network of the Jupyter server, then "
             "try again."),
    False: N_("Cannot reach DataForest at {host}. Check this computer's network, then try "
              "again."),
}
_KEYS_REFUSED = {
    True: N_("DataForest refused the key pair of the Jupyter server. Check the access key and "
             "secret key it uses, and that its clock is right."),
    False: N_("DataForest refused the key pair. Check the access key and secret key, and that "
              "this computer's clock is right."),
}


@dataclass(frozen=True)
class ErrorContext:
    """What a face knows beyond the exception: the endpoint it calls, the time budget of a call,
    and whether the calls are the Jupyter server's (the sidebar) or this computer's."""

    endpoint: str | None = None
    timeout: float | None = None
    by_server: bool = False

    @property
    def host(self) -> str:
        return urlsplit(self.endpoint or "").netloc or (self.endpoint or "DataForest")

    @property
    def local(self) -> bool:
        """Is the endpoint on this machine (an emulator, as `ncp-df demo` starts)?"""
        return urlsplit(self.endpoint or "").hostname in ("127.0.0.1", "localhost", "::1")


def lead_for(error: DataForestError, context: ErrorContext) -> tuple[str, dict[str, str]] | None:
    """The lead's msgid and its arguments; None keeps the core's own sentence, which already
    names the field (a local check) or says how to give a key pair."""
    if isinstance(error, NetworkError):
        lead = _UNREACHABLE_LOCAL if context.local else _UNREACHABLE[context.by_server]
        return lead, {"host": context.host}
    if isinstance(error, RequestTimeoutError):
        return _TIMEOUT, {"seconds": f"{context.timeout:g}" if context.timeout else "?"}
    if isinstance(error, CredentialsError):
        return None
    if isinstance(error, ValidationError):
        # Refused by the service: the local checks passed, so it is the service's own rule.
        return (REFUSED, {}) if error.status is not None else None
    if isinstance(error, NotFoundError) and error.status is None:
        return None  # our own look-up ("No workspace named ..."): its sentence says it all
    if isinstance(error, AuthenticationError):
        return _KEYS_REFUSED[context.by_server], {}
    return next(((lead, {}) for cls, lead in _LEADS if isinstance(error, cls)), (REFUSED, {}))


def said_by_service(error: DataForestError) -> str | None:
    """The service's own words as they follow a lead (no final period), or None."""
    said = (error.service_message or "").strip().rstrip(".")
    return said or None
