"""A container's log, read from its ``logUrl``: unsigned, bounded in time and size, and turned
into plain text that cannot act on a terminal.

The logUrl points outside the API gateway (UNCONFIRMED: a YARN NodeManager page or a DataForest
proxy, see core/protocol.py notes), so it is never signed: the API keys are no login there. A
page that asks for a login (401/403, a redirect to a login page, a login form) is reported as
such, with the URL to open in a browser that holds the DataForest login.
"""

from __future__ import annotations

import asyncio
import html
import re
from typing import TYPE_CHECKING

from .errors import AppLogError

if TYPE_CHECKING:
    import ssl

    import aiohttp

DEFAULT_TIMEOUT_S = 15.0
DEFAULT_MAX_BYTES = 2_000_000
_CHUNK = 64 * 1024
_MAX_REDIRECTS = 5
_ACCEPT = {"Accept": "text/plain, text/*;q=0.9, */*;q=0.5"}
_LOGIN_IN_URL = re.compile(r"log-?in|sign-?in|sso|oauth|/auth|cas/", re.IGNORECASE)
_LOGIN_FORM = re.compile(r"<input[^>]+type=[\"']?password|<form[^>]+(log-?in|sign-?in)",
                         re.IGNORECASE)
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")

# Terminal escape sequences (CSI such as colours, OSC such as window titles, and the short
# two-character ones), then every other control character and the bidirectional overrides that
# could make a line read differently from what it holds.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
                      r"|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable_log(text: str) -> str:
    """Log text as plain lines: a carriage return keeps what a terminal would show last (a
    progress bar's final state), escape sequences are removed and any other control character
    becomes U+FFFD, so printing the log can never drive the terminal or hide text."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        lines.append(line.rstrip("\r").rsplit("\r", 1)[-1])
    return _CONTROLS.sub("\ufffd", _ESCAPES.sub("", "\n".join(lines)))


def _needs_login(url: str, message: str) -> AppLogError:
    return AppLogError(
        f"The container log at {url} needs the DataForest login ({message}); the API keys "
        "cannot open it: open the URL in a browser signed in to DataForest.",
        url=url, needs_login=True, operation="app_log")


def _refused(url: str, message: str) -> AppLogError:
    return AppLogError(f"The container log at {url} could not be read: {message}.", url=url,
                       operation="app_log")


async def _tail(response: aiohttp.ClientResponse, max_bytes: int) -> tuple[bytes, int]:
    """The last ``max_bytes`` of the body (memory stays bounded) and how many came before."""
    kept = bytearray()
    dropped = 0
    async for chunk in response.content.iter_chunked(_CHUNK):
        kept += chunk
        if len(kept) > 2 * max_bytes:
            dropped += len(kept) - max_bytes
            del kept[:len(kept) - max_bytes]
    if len(kept) > max_bytes:
        dropped += len(kept) - max_bytes
        del kept[:len(kept) - max_bytes]
    return bytes(kept), dropped


def _from_page(url: str, page: str) -> str:
    """The log inside an HTML page (YARN's log pages wrap it in <pre>), or the login error."""
    if _LOGIN_FORM.search(page):
        raise _needs_login(url, "it answered a login page")
    blocks = _PRE.findall(page)
    if not blocks:
        raise _needs_login(url, "it answered a web page without a log, probably a login page")
    return "\n".join(html.unescape(_TAG.sub("", block)) for block in blocks)


async def fetch_log(url: str, *, timeout: float = DEFAULT_TIMEOUT_S,
                    max_bytes: int = DEFAULT_MAX_BYTES,
                    ssl_context: ssl.SSLContext | None = None) -> str:
    """The text of the log at ``url`` (its last ``max_bytes`` when longer, with a first line
    saying so), made printable; ``AppLogError`` when it cannot be read. ``ssl_context``: the
    client's (core/tls.py), so a logUrl is trusted as the API is; None: Python's defaults."""
    if not re.match(r"https?://", url or "", re.IGNORECASE):
        raise _refused(url, "it is not an http(s) URL")
    import aiohttp  # on first use: `import ncp_df_jupyter` stays cheap

    # A fresh session: no cookies, no API headers; nothing is signed.
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout))
    try:
        async with session, session.get(url, headers=_ACCEPT, max_redirects=_MAX_REDIRECTS,
                                        ssl=ssl_context or True) as response:
            text = await _read(url, response, max_bytes)
    except AppLogError:
        raise
    except asyncio.TimeoutError:
        raise _refused(url, f"no answer within {timeout:g} s") from None
    except aiohttp.TooManyRedirects:
        raise _needs_login(url, "it redirects again and again, as logins do") from None
    except aiohttp.ClientError as exc:
        raise _refused(url, f"the connection failed ({type(exc).__name__})") from None
    return printable_log(text)


async def _read(url: str, response: aiohttp.ClientResponse, max_bytes: int) -> str:
    final = str(response.url)
    if response.status in (401, 403):
        raise _needs_login(url, f"it answered HTTP {response.status}")
    if response.history and _LOGIN_IN_URL.search(response.url.path + "?" +
                                                 response.url.query_string):
        raise _needs_login(url, f"it redirects to {final}")
    if response.status >= 400:
        raise _refused(url, f"it answered HTTP {response.status}")
    body, dropped = await _tail(response, max_bytes)
    if dropped and b"\n" in body:  # the first line was cut: start at a whole one
        cut = body.index(b"\n") + 1
        body, dropped = body[cut:], dropped + cut
    text = _decode(body, response.charset)
    if response.content_type == "text/html":
        return _from_page(url, text)
    if dropped:
        return f"[the first {dropped} bytes of this log are left out; all of it: {url}]\n{text}"
    return text


def _decode(body: bytes, charset: str | None) -> str:
    try:
        return body.decode(charset or "utf-8", "replace")
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", "replace")
