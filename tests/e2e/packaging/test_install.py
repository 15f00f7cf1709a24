"""`pip install` alone gives a working sidebar: both halves in one wheel, enabled, no node needed.

The wheel is built from a clean copy of the work tree (the files git would commit, so a dev
build left in ncp_df_jupyter/labextension cannot slip in), installed into a fresh virtual
environment whose PATH has no node, and checked the way an administrator would: the extension
lists, the files, and a running server that serves the sidebar and answers /ncp-df/.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..browser.lab import REPO, JupyterLab

pytestmark = pytest.mark.slow

LABEXTENSION = "share/jupyter/labextensions/@ncp-df/jupyter"
SERVER_CONFIG = "etc/jupyter/jupyter_server_config.d/ncp_df_jupyter.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
        timeout: float = 600) -> str:
    """Run a command; its output (stdout and stderr, colours removed); fail with the output."""
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False)
    output = ANSI.sub("", done.stdout + done.stderr)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{output[-4000:]}"
    return output


def bin_dir(prefix: Path) -> Path:
    return prefix / ("Scripts" if os.name == "nt" else "bin")


def installed_here() -> bool:
    """Is ncp-df-jupyter pip-installed in this environment (not only importable from the tree)?"""
    try:
        importlib.metadata.distribution("ncp-df-jupyter")
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def assert_enabled_and_ok(prefix_bin: Path, env: dict[str, str]) -> None:
    jupyter = str(prefix_bin / "jupyter")
    servers = run([jupyter, "server", "extension", "list"], env=env)
    assert re.search(r"ncp_df_jupyter enabled", servers), servers
    assert re.search(r"ncp_df_jupyter \S+ OK", servers), servers
    labs = run([jupyter, "labextension", "list"], env=env)
    assert re.search(r"@ncp-df/jupyter v\S+ enabled OK \(python, ncp-df-jupyter\)", labs), labs


@pytest.mark.skipif(not installed_here(), reason="ncp-df-jupyter is not pip-installed in this "
                    "environment (CI installs it with pip install -e .)")
def test_this_environment_has_both_halves_enabled() -> None:
    assert_enabled_and_ok(Path(sys.executable).parent, dict(os.environ))


# -- the wheel, built from a clean copy -------------------------------------------------------

def clean_copy(destination: Path) -> Path:
    """The work tree as git would commit it (tracked and new files, nothing ignored)."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                 cwd=REPO)
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)  # keeps mtimes: nothing looks newer than node_modules
    if (REPO / "node_modules").is_dir():
        # Reused, so the build needs no download; `jlpm install` finds it complete.
        (destination / "node_modules").symlink_to(REPO / "node_modules")
    return destination


def can_build_without_isolation() -> bool:
    return all(importlib.util.find_spec(m) for m in (
        "hatchling", "hatch_jupyter_builder", "jupyter_builder"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("building from a clean copy needs the git work tree")
    source = clean_copy(tmp_path_factory.mktemp("source"))
    assert not (source / "ncp_df_jupyter" / "labextension").exists()  # nothing prebuilt
    dist = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                                 f"{os.environ.get('PATH', '')}"}
    isolation = ["--no-build-isolation"] if can_build_without_isolation() else []
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-w", str(dist),
         str(source)], env=env)
    (built,) = dist.glob("ncp_df_jupyter-*.whl")
    return built


def test_the_wheel_holds_the_built_sidebar_and_the_server_config(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    data = next(n.split("/")[0] for n in names if n.endswith(".data/data/" + SERVER_CONFIG))
    inside = {n[len(data) + len("/data/"):] for n in names if n.startswith(data + "/data/")}
    assert SERVER_CONFIG in inside
    assert f"{LABEXTENSION}/package.json" in inside
    assert f"{LABEXTENSION}/install.json" in inside
    assert f"{LABEXTENSION}/schemas/@ncp-df/jupyter/plugin.json" in inside
    assert any(re.fullmatch(rf"{LABEXTENSION}/static/remoteEntry\.\w+\.js", n) for n in inside)
    assert "ncp_df_jupyter/server/app.py" in names
    assert "ncp_df_jupyter/core/schema/workspace.schema.json" in names
    # A production build: no source maps shipped, no development build log.
    assert not [n for n in inside if n.endswith(".js.map")]
    assert f"{LABEXTENSION}/build_log.json" not in inside
    # The compiled translations (git-ignored, made by the build), not their sources.
    catalogue = "ncp_df_jupyter/locale/ko_KR/LC_MESSAGES/ncp_df_jupyter"
    assert f"{catalogue}.json" in names and f"{catalogue}.mo" in names
    assert f"{catalogue}.po" not in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[jupyterlab.locale]\nncp_df_jupyter = ncp_df_jupyter" in text


# -- a fresh environment without node ---------------------------------------------------------

@pytest.fixture(scope="module")
def fresh(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    prefix = tmp_path_factory.mktemp("fresh-venv")
    venv.EnvBuilder(with_pip=True).create(prefix)
    # Only the new environment's scripts on PATH: node, jlpm and the test env are out of reach.
    env = {"PATH": str(bin_dir(prefix)), "HOME": str(tmp_path_factory.mktemp("home")),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CACHE_DIR", "XDG_CACHE_HOME",
                 "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "SSL_CERT_FILE"):
        if name in os.environ:
            env[name] = os.environ[name]
    if "PIP_CACHE_DIR" not in env and "XDG_CACHE_HOME" not in env:
        env["XDG_CACHE_HOME"] = str(Path.home() / ".cache")  # reuse the downloads pip made
    assert shutil.which("node", path=env["PATH"]) is None
    run([str(bin_dir(prefix) / "python"), "-m", "pip", "install", "-q", str(wheel)], env=env,
        timeout=900)
    yield prefix, env


def test_a_fresh_install_has_both_halves_enabled(fresh) -> None:
    prefix, env = fresh
    assert_enabled_and_ok(bin_dir(prefix), env)
    assert (prefix / SERVER_CONFIG).is_file()
    assert list((prefix / LABEXTENSION / "static").glob("remoteEntry.*.js"))


def test_a_fresh_install_serves_the_sidebar_and_its_api(fresh, tmp_path: Path) -> None:
    prefix, env = fresh
    # With JupyterLab's Korean language pack the server finds our catalogue too (a package
    # whose locale folder is missing would blank every Korean string, JupyterLab's included).
    run([str(bin_dir(prefix) / "python"), "-m", "pip", "install", "-q",
         "jupyterlab-language-pack-ko-KR>=4.5.post3"], env=env, timeout=900)
    lab = JupyterLab(tmp_path, {"PATH": env["PATH"], "HOME": env["HOME"],
                                "NCP_DF_CONFIG_FILE": str(tmp_path / "no-configure")},
                     jupyter=str(bin_dir(prefix) / "jupyter"), repo_build=False).start()
    try:
        extensions = lab.get("lab/api/extensions")
        ours = next(e for e in extensions if e["name"] == "ncp-df-jupyter")
        assert ours["enabled"] and ours["installed"] and ours["pkg_type"] == "prebuilt"
        page = lab.fetch("lab")[2].decode()
        config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)'
                           r'</script>', page, re.S)
        assert config is not None
        federated = json.loads(config.group(1))["federated_extensions"]
        (entry,) = [e for e in federated if e["name"] == "@ncp-df/jupyter"]
        status, kind, script = lab.fetch(f"lab/extensions/@ncp-df/jupyter/{entry['load']}")
        assert status == 200 and "javascript" in kind and b"@ncp-df/jupyter" in script
        status, body = lab.request("GET", "ncp-df/status")
        assert status == 200 and body["credentials"]["configured"] is False
        translations = lab.get("lab/api/translations/ko_KR")
        assert translations["message"] == ""
        ours = translations["data"]["ncp_df_jupyter"]
        assert ours[""]["language"] == "ko-KR"
        assert ours["New workspace"] == ["새 워크스페이스"]
        assert translations["data"]["jupyterlab"]  # JupyterLab's own Korean is still there
    finally:
        lab.stop()
