"""A small synchronous client of the emulator's control API (tests, benchmarks, demos).

Standard library only, so it works anywhere, including in a kernel without touching its loop.
"""

from __future__ import annotations

import json
import ssl
import urllib.request
from typing import Any


class EmulatorControl:
    """``ca_bundle``: the CA file of an emulator in TLS mode (``Endpoint.ca_bundle``)."""

    def __init__(self, url: str, timeout: float = 10.0, ca_bundle: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._context = ssl.create_default_context(cafile=ca_bundle) if ca_bundle else None

    def __repr__(self) -> str:
        return f"EmulatorControl({self.url!r})"

    def _send(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=self.timeout,
                                    context=self._context) as response:
            return json.loads(response.read() or b"null")

    def reset(self) -> None:
        self._send("POST", "/_emulator/reset")

    def set_faults(self, rules: list[dict[str, Any]], seed: int | None = None) -> list[Any]:
        suffix = "" if seed is None else f"?seed={seed}"
        rules_now: list[Any] = self._send("POST", "/_emulator/faults" + suffix, rules)["rules"]
        return rules_now

    def clear_faults(self) -> None:
        self._send("DELETE", "/_emulator/faults")

    def requests(self, operation: str | None = None) -> list[dict[str, Any]]:
        suffix = "" if operation is None else f"?operation={operation}"
        seen: list[dict[str, Any]] = self._send("GET", "/_emulator/requests" + suffix)["requests"]
        return seen

    def count(self, operation: str) -> int:
        return len(self.requests(operation))

    def set_behaviour(self, **changes: Any) -> dict[str, Any]:
        """Change how the emulator behaves where the pages are silent (see behaviour.py), e.g.
        ``set_behaviour(order="newest_first", nulls=True)``; returns every behaviour field."""
        now: dict[str, Any] = self._send("POST", "/_emulator/behaviour", changes)
        return now

    def behaviour(self) -> dict[str, Any]:
        now: dict[str, Any] = self._send("GET", "/_emulator/behaviour")
        return now

    def set_clock(self, offset_ms: int) -> None:
        self._send("POST", "/_emulator/clock", {"offset_ms": offset_ms})

    def set_apps(self, **behaviour: Any) -> list[dict[str, Any]]:
        """How apps submitted from now on run: ``accept_ms``, ``run_ms``, ``final_status``,
        ``final_state``, ``log_lines`` (and ``name_prefix`` to set it for that prefix only)."""
        behaviours: list[dict[str, Any]] = self._send("POST", "/_emulator/apps",
                                                      behaviour)["behaviours"]
        return behaviours

    def clear_apps(self) -> None:
        """Apps submitted from now on run with the default behaviour."""
        self._send("DELETE", "/_emulator/apps")

    def state(self) -> dict[str, Any]:
        snapshot: dict[str, Any] = self._send("GET", "/_emulator/state")
        return snapshot

    def healthy(self) -> bool:
        try:
            return bool(self._send("GET", "/_emulator/health")["ok"])
        except OSError:
            return False
