"""Which certificate authorities the client trusts: resolved once, when the client is made.

Order (first that applies wins):
1. the ``ca_bundle`` argument: a PEM file of CA certificates, or a directory of them (hashed,
   as ``c_rehash`` / ``openssl rehash`` leaves it);
2. the environment variable ``NCP_DF_CA_BUNDLE``, read the same way;
3. Python's default: the standard OpenSSL variables ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` when
   set, else the system's store (aiohttp's shared default context, which honours them).

A bundle named in 1 or 2 replaces the defaults rather than adding to them (as ``curl --cacert``
and requests' ``verify=<path>`` do): an emulator's or a company's private CA is then the only
one trusted. It is read once, into one ``ssl.SSLContext`` that every connection of the client
shares; a path that cannot be used is a ValidationError naming where it came from, before
anything is sent.

Session resumption: asyncio's TLS layer (which aiohttp uses) never offers a saved session when it
opens a connection (``SSLContext.wrap_bio`` without ``session=``), so each new connection makes a
full handshake. With TLS 1.3 that is one round trip whether resumed or not (0-RTT data is not
available in Python); what a resumption would save is CPU, not time on the wire, and keep-alive
(the transport keeps connections open) spares the warm call any handshake at all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ValidationError

if TYPE_CHECKING:
    import ssl

ENV_CA_BUNDLE = "NCP_DF_CA_BUNDLE"
CaBundle = str | os.PathLike[str]


def resolve_ca_bundle(ca_bundle: CaBundle | None = None,
                      env: Mapping[str, str] | None = None) -> tuple[Path, str] | None:
    """(the bundle's path, where it was named: "ca_bundle" or NCP_DF_CA_BUNDLE), or None when
    neither names one (Python's defaults apply)."""
    if ca_bundle is not None and str(ca_bundle):
        return Path(ca_bundle).expanduser(), "ca_bundle"
    env = os.environ if env is None else env
    named = env.get(ENV_CA_BUNDLE, "").strip()
    return (Path(named).expanduser(), ENV_CA_BUNDLE) if named else None


def client_ssl_context(ca_bundle: CaBundle | None = None,
                       env: Mapping[str, str] | None = None) -> ssl.SSLContext | None:
    """The one SSL context of a client trusting the bundle named (see the module), or None for
    Python's defaults. ValidationError naming ``ca_bundle`` or NCP_DF_CA_BUNDLE when the path
    is missing or holds no certificate."""
    found = resolve_ca_bundle(ca_bundle, env)
    if found is None:
        return None
    path, where = found
    import ssl  # with the first client, not with `import ncp_df_jupyter`

    if not path.exists():
        raise _unusable(where, path, "does not exist")
    try:
        if path.is_dir():
            context = ssl.create_default_context(capath=str(path))
        else:
            context = ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, ValueError):
        raise _unusable(where, path, "holds no CA certificate in PEM format") from None
    except OSError as exc:
        raise _unusable(where, path, f"cannot be read ({exc.strerror})") from None
    context.set_alpn_protocols(("http/1.1",))  # as aiohttp's own default context does
    return context


def _unusable(where: str, path: Path, why: str) -> ValidationError:
    return ValidationError(
        f"{where} {str(path)!r} {why}; it must name a PEM file (or a directory) of the CA "
        "certificates to trust.", field=where, rule="must name a PEM file of CA certificates")
