"""The README's AI Apps example runs as written (in a fresh interpreter, against the emulator
it starts itself) and prints what the README says it prints."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ..conftest import REPO


def readme_block(section: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text.split(f"## {section}\n", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]


@pytest.mark.slow
def test_the_readme_ai_apps_example() -> None:
    block = readme_block("AI Apps")
    assert len([line for line in block.splitlines() if line.startswith("    ")]) == 5
    done = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:3] == ["ACCEPTED", "RUNNING", "FINISHED"]
    assert any(line.endswith("Training finished") for line in lines)
    assert lines[-1].startswith("[('train-") and lines[-1].endswith("'FINISHED', 'SUCCEEDED')]")
