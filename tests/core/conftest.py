"""Fixtures of the core suite (its helpers, shared with other suites, are in tests/support.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..support import RecordingEmulator


@pytest.fixture
def recording_emulator() -> Iterator[RecordingEmulator]:
    with RecordingEmulator() as server:
        yield server
