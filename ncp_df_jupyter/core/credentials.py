"""Find the NCP key pair and the DataForest endpoint the way NCP's own tools store them.

Order (first that applies wins):
1. explicit arguments ``access_key`` / ``secret_key``;
2. environment ``NCLOUD_ACCESS_KEY_ID`` (or ``NCLOUD_ACCESS_KEY``) and ``NCLOUD_SECRET_ACCESS_KEY``
   (or ``NCLOUD_SECRET_KEY``) - skipped when a profile is named by argument, so an explicit
   profile cannot be overridden by stray variables;
3. ``~/.ncloud/configure`` (INI; ``[DEFAULT]`` and named profiles; a section-less file is DEFAULT);
   the section is the profile argument, else ``NCLOUD_PROFILE``, else DEFAULT.
Half a pair anywhere is an error naming the missing half, never a silent fall-through.
Endpoint: argument, then ``NCP_DF_ENDPOINT``, then https://df.apigw.ntruss.com.
"""

from __future__ import annotations

import os
import stat
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CredentialsError, ValidationError
from .protocol import DEFAULT_ENDPOINT

ENV_ACCESS_KEYS = ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY")
ENV_SECRET_KEYS = ("NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY")
ENV_PROFILE = "NCLOUD_PROFILE"
ENV_ENDPOINT = "NCP_DF_ENDPOINT"
# Ours, not NCP's: lets tests and admins point at another configure file.
ENV_CONFIG_FILE = "NCP_DF_CONFIG_FILE"
FILE_ACCESS_KEY = "ncloud_access_key_id"
FILE_SECRET_KEY = "ncloud_secret_access_key"
FILE_API_URL = "ncloud_api_url"
DEFAULT_PROFILE = "DEFAULT"

NO_CREDENTIALS = (
    "No NCP credentials were found: pass access_key and secret_key, set the environment "
    "variables NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY, or put ncloud_access_key_id and "
    "ncloud_secret_access_key in ~/.ncloud/configure."
)


class Secret:
    """A string that never shows itself: repr, str, format and pickling all hide it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))


def mask_access_key(access_key: str) -> str:
    """Show enough of an access key to recognise it, not to use it."""
    if len(access_key) <= 8:
        return "*" * len(access_key)
    return f"{access_key[:4]}{'*' * (len(access_key) - 8)}{access_key[-4:]}"


@dataclass(frozen=True)
class Credentials:
    access_key: str
    secret_key: Secret = field(repr=False)
    source: str  # where the pair came from, for people: "arguments", "environment", a file
    api_url: str | None = None  # ncloud_api_url of the profile, informational

    def __repr__(self) -> str:
        return (f"Credentials(access_key={mask_access_key(self.access_key)!r}, "
                f"secret_key=<hidden>, source={self.source!r})")

    __str__ = __repr__

    @property
    def masked_access_key(self) -> str:
        return mask_access_key(self.access_key)


def resolve_endpoint(endpoint: str | None = None, env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    chosen = endpoint or env.get(ENV_ENDPOINT) or DEFAULT_ENDPOINT
    if not chosen.startswith(("http://", "https://")):
        where = "endpoint" if endpoint else ENV_ENDPOINT
        raise ValidationError(f"{where} must be an http:// or https:// URL (got {chosen!r}).",
                              field=where, rule="must be an http:// or https:// URL")
    return chosen.rstrip("/")


def default_config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    override = env.get(ENV_CONFIG_FILE)
    return Path(override).expanduser() if override else Path.home() / ".ncloud" / "configure"


def resolve_credentials(
    access_key: str | None = None,
    secret_key: str | None = None,
    profile: str | None = None,
    *,
    config_path: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Credentials:
    """The key pair to sign with, or CredentialsError saying what is missing."""
    env = os.environ if env is None else env
    if access_key or secret_key:
        if not access_key:
            raise CredentialsError("secret_key was given without access_key; pass both or neither.")
        if not secret_key:
            raise CredentialsError("access_key was given without secret_key; pass both or neither.")
        return Credentials(access_key, Secret(secret_key), "arguments")

    if profile is None:
        from_env = _from_environment(env)
        if from_env is not None:
            return from_env

    path = Path(config_path).expanduser() if config_path else default_config_path(env)
    chosen_profile = profile or env.get(ENV_PROFILE) or DEFAULT_PROFILE
    from_file = _from_file(path, chosen_profile, required=bool(profile or env.get(ENV_PROFILE)))
    if from_file is not None:
        return from_file
    raise CredentialsError(NO_CREDENTIALS)


def credentials_status(
    access_key: str | None = None,
    secret_key: str | None = None,
    profile: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
) -> tuple[Credentials | None, str | None]:
    """(credentials, None) when usable, else (None, the sentence saying why not)."""
    try:
        return resolve_credentials(access_key, secret_key, profile, env=env), None
    except CredentialsError as exc:
        return None, str(exc)


def _first(env: Mapping[str, str], names: tuple[str, ...]) -> tuple[str | None, str | None]:
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return name, value
    return None, None


def _from_environment(env: Mapping[str, str]) -> Credentials | None:
    key_name, key = _first(env, ENV_ACCESS_KEYS)
    secret_name, secret = _first(env, ENV_SECRET_KEYS)
    if key and secret:
        return Credentials(key, Secret(secret), f"environment ({key_name}, {secret_name})")
    if key:
        raise CredentialsError(
            f"{key_name} is set but NCLOUD_SECRET_ACCESS_KEY (or NCLOUD_SECRET_KEY) is not; "
            "set both or neither.")
    if secret:
        raise CredentialsError(
            f"{secret_name} is set but NCLOUD_ACCESS_KEY_ID (or NCLOUD_ACCESS_KEY) is not; "
            "set both or neither.")
    return None


def parse_configure(text: str) -> dict[str, dict[str, str]]:
    """Sections of an ~/.ncloud/configure file; lines before any header belong to DEFAULT.

    Sections do not inherit from DEFAULT (unlike configparser): mixing the key of one profile
    with the secret of another would sign with a pair that never existed.
    """
    sections: dict[str, dict[str, str]] = {}
    current = sections.setdefault(DEFAULT_PROFILE, {})
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), {})
            continue
        key, sep, value = line.partition("=")
        if sep:  # values may themselves contain "=" (the NCP Python SDK truncates them)
            current[key.strip().lower()] = value.strip()
    return sections


_warned_paths: set[str] = set()


def _warn_if_world_readable(path: Path) -> None:
    if os.name != "posix" or str(path) in _warned_paths:
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IROTH | stat.S_IWOTH):
        _warned_paths.add(str(path))
        warnings.warn(
            f"{path} holds NCP keys and is readable by every user on this machine; "
            f"run: chmod 600 {path}",
            UserWarning,
            stacklevel=4,
        )


def _from_file(path: Path, profile: str, *, required: bool) -> Credentials | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if required:
            raise CredentialsError(
                f"Profile {profile!r} was asked for but {path} does not exist.") from None
        return None
    except OSError as exc:
        raise CredentialsError(f"{path} could not be read: {exc.strerror}.") from None
    _warn_if_world_readable(path)
    sections = parse_configure(text)
    values = sections.get(profile)
    if values is None:
        names = ", ".join(sorted(sections))
        raise CredentialsError(f"Profile {profile!r} is not in {path} (it has: {names}).")
    key = values.get(FILE_ACCESS_KEY, "")
    secret = values.get(FILE_SECRET_KEY, "")
    where = f"[{profile}] of {path}"
    if key and secret:
        return Credentials(key, Secret(secret), where, values.get(FILE_API_URL))
    if key:
        raise CredentialsError(f"{where} has {FILE_ACCESS_KEY} but no {FILE_SECRET_KEY}.")
    if secret:
        raise CredentialsError(f"{where} has {FILE_SECRET_KEY} but no {FILE_ACCESS_KEY}.")
    if required:
        raise CredentialsError(f"{where} has neither {FILE_ACCESS_KEY} nor {FILE_SECRET_KEY}.")
    return None
