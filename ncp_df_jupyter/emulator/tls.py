"""The emulator's TLS mode (``ncp-df emulator --tls``, ``EmulatorServer(tls=True)``).

At start it makes a throw-away certificate authority and a server certificate signed by it for
the addresses it answers on (127.0.0.1, ::1, localhost and the host it was given), with
``trustme`` (ECDSA keys, so a handshake costs little). The CA certificate is written to a PEM file
whose path is printed: a client trusts it with ``ca_bundle=`` or ``NCP_DF_CA_BUNDLE``. The keys
never leave the process (the server's is loaded into its SSL context and its file removed).

``trustme`` (with ``cryptography``) is the optional extra ``tls``: only this mode needs it, and a
client of the real service never does, so installations that do not test TLS stay without a
compiled cryptography wheel. Without it, this mode says what to install.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

CA_FILE_NAME = "ncp-df-emulator-ca.pem"
_ALWAYS = ("127.0.0.1", "::1", "localhost")
MISSING_TRUSTME = (
    "the emulator's TLS mode makes its certificate with the 'trustme' package, which is not "
    "installed; install it with: pip install 'ncp-df-jupyter[tls]'")


class TLSUnavailable(RuntimeError):
    """The TLS mode cannot start (its optional dependency is missing)."""


@dataclass(frozen=True)
class EmulatorTLS:
    """The certificate of one run: the CA file clients trust, and the server's context."""

    ca_path: Path
    server_context: ssl.SSLContext
    own_directory: Path | None  # made for this run, and removed at its end; None: a path given

    def remove(self) -> None:
        """Delete the CA file and its directory when they were made for this run (a path that
        was given keeps the file, which the next run overwrites)."""
        if self.own_directory is None:
            return
        try:
            self.ca_path.unlink()
            self.own_directory.rmdir()
        except OSError:
            pass  # already gone, or the directory holds more than we put there


def make_tls(host: str, ca_path: str | os.PathLike[str] | None = None) -> EmulatorTLS:
    """A new CA and a server certificate for ``host`` (and the loopback names); the CA's PEM is
    written to ``ca_path`` (default: a new private temporary directory)."""
    try:
        import trustme
    except ImportError:
        raise TLSUnavailable(MISSING_TRUSTME) from None
    names = [*_ALWAYS, *([host] if host not in _ALWAYS and not _any_address(host) else [])]
    authority = trustme.CA(organization_name="ncp-df-jupyter emulator")
    certificate = authority.issue_cert(*names)
    own_directory = None
    if ca_path is None:
        own_directory = Path(tempfile.mkdtemp(prefix="ncp-df-emulator-tls-"))
        path = own_directory / CA_FILE_NAME
    else:
        path = Path(ca_path).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
    authority.cert_pem.write_to_path(str(path))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # as the gateway; clients get TLS 1.3
    certificate.configure_cert(context)
    return EmulatorTLS(path, context, own_directory)


def _any_address(host: str) -> bool:
    """0.0.0.0 or :: (every interface): not a name a certificate can hold."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False
