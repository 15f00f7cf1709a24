"""Find the NCP key pair and the DataForest endpoint the way NCP's own tools store them.

Order (first that applies wins):
1. explicit arguments ``access_key`` / ``secret_key``;
2. environment ``NCLOUD_ACCESS_KEY_ID`` (or ``NCLOUD_ACCESS_KEY``) and ``NCLOUD_SECRET_ACCESS_KEY``
   (or ``NCLOUD_SECRET_KEY``) - skipped when a profile is named by argument, so an explicit
   profile cannot be overridden by stray variables;
3. ``~/.ncloud/configure`` (INI; ``[DEFAULT]`` and named profiles; a section-less file is DEFAULT);
   the section is the profile argument, else ``NCLOUD_PROFILE``, else DEFAULT.
Half a pair anywhere is an error naming the missing half, never a silent fall-through.
A key is printable ASCII with nothing else inside (surrounding whitespace is dropped); anything
else is a CredentialsError naming the key and where it came from, never the key.
The configure file is read only when it is a regular file of at most 64 KiB of UTF-8 (a FIFO or a
device there is never opened for a blocking read); anything else is a CredentialsError naming it.
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
# Far above any configure file (a profile is three short lines); a bigger one is not read.
MAX_CONFIG_BYTES = 64 * 1024

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

    def __post_init__(self) -> None:
        check_key(self.access_key, f"The access key from {self.source}")
        check_key(self.secret_key.reveal(), f"The secret key from {self.source}")

    def __repr__(self) -> str:
        return (f"Credentials(access_key={mask_access_key(self.access_key)!r}, "
                f"secret_key=<hidden>, source={self.source!r})")

    __str__ = __repr__

    @property
    def masked_access_key(self) -> str:
        return mask_access_key(self.access_key)


def check_key(value: str, which: str) -> None:
    """CredentialsError when ``value`` cannot be a key: ``which`` names the key and where it
    came from; the key itself is never shown (not even the character at fault)."""
    for position, char in enumerate(value, start=1):
        if "!" <= char <= "~":
            continue
        if char in "\r\n":
            kind = "a line break"
        elif char.isspace():
            kind = "a space"
        elif char.isascii() or not char.isprintable():
            kind = "a control character"
        else:
            kind = "a character that is not ASCII"
        raise CredentialsError(
            f"{which} holds {kind} (character {position} of {len(value)}); an NCP key is "
            "printable ASCII with nothing else inside: copy it again from the NCP console.")
    if not value:
        raise CredentialsError(f"{which} is empty.")


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
        return Credentials(access_key.strip(), Secret(secret_key.strip()), "arguments")

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


def _warn_if_world_readable(path: Path, mode: int) -> None:
    if os.name != "posix" or str(path) in _warned_paths:
        return
    if mode & (stat.S_IROTH | stat.S_IWOTH):
        _warned_paths.add(str(path))
        warnings.warn(
            f"{path} holds NCP keys and is readable by every user on this machine; "
            f"run: chmod 600 {path}",
            UserWarning,
            stacklevel=5,
        )


# Opening never waits: not on a FIFO without a writer, not on a terminal.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0))
_NOT_A_FILE = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
               (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def read_configure(path: Path) -> str | None:
    """The text of a configure file, None when there is none; CredentialsError naming the file
    when it is not a regular file, is larger than MAX_CONFIG_BYTES, not UTF-8 or unreadable."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CredentialsError(f"{path} could not be read: {exc.strerror}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _NOT_A_FILE if test(info.st_mode)), "not a file")
            raise CredentialsError(f"{path} is {kind}, not a file; NCP keys are read only from "
                                   "a plain text file there.")
        data = _read_at_most(fd, MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise CredentialsError(f"{path} could not be read: {exc.strerror}.") from None
    finally:
        os.close(fd)
    if len(data) > MAX_CONFIG_BYTES:
        raise CredentialsError(f"{path} is larger than {MAX_CONFIG_BYTES // 1024} KiB, far more "
                               "than a configure file holds, so it was not read.")
    _warn_if_world_readable(path, info.st_mode)
    try:
        return data.decode("utf-8-sig")  # a byte order mark (Windows editors) is fine
    except UnicodeDecodeError as exc:
        raise CredentialsError(
            f"{path} is not UTF-8 text (byte {exc.start + 1} cannot be read); save it as "
            "UTF-8.") from None


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _from_file(path: Path, profile: str, *, required: bool) -> Credentials | None:
    text = read_configure(path)
    if text is None:
        if required:
            raise CredentialsError(f"Profile {profile!r} was asked for but {path} does not exist.")
        return None
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
