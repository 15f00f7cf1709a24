"""How much JavaScript the sidebar costs a JupyterLab user: at start, and when the form opens.

A real ``jupyter server`` (with JupyterLab) serves the sidebar built in this checkout
(``ncp_df_jupyter/labextension``, first on JUPYTER_PATH, as the browser tests do) against an
emulator holding the sample workspaces; Debian's Chromium opens /lab and every JavaScript file
fetched from ``/lab/extensions/@ncp-df/jupyter/`` is counted (jupyter_server sends files
uncompressed, so the body size is the file size):

- sidebar_js_start_kb: at JupyterLab start, until the network is idle, and then while the
  DataForest panel is opened and shows its first workspace (what a user pays before anything
  of ours is used);
- sidebar_js_start_files: how many files that is;
- sidebar_js_form_kb: fetched when New workspace opens the form, until its Name field shows
  (the form's code is loaded only then);
- all_js_start_kb: every JavaScript file of the page at start, JupyterLab's own included (a
  shared module we stop shipping can make JupyterLab load less too);
- sidebar_build_production: 1 when the build measured is a production one, else 0.

The numbers are those of the build in ``ncp_df_jupyter/labextension``: ``pip install -e .`` and
``jlpm build:prod`` make a production build (what the wheel ships), ``jlpm build`` a development
one; which one was measured is printed.

    python benchmarks/bench_weight.py [--quick] [--json PATH]

``--quick`` changes nothing here (one page load is all it takes).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import ACCESS_KEY, SECRET_KEY, jupyter_server, main

from ncp_df_jupyter.emulator import EmulatorThread

REPO = Path(__file__).resolve().parents[1]
BUILT = REPO / "ncp_df_jupyter" / "labextension"
OURS = "/lab/extensions/@ncp-df/jupyter/"
CHROMIUM = os.environ.get("NCP_DF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
KB = 1000


def build_kind() -> str:
    """'development' when jupyter-builder wrote its development log, else 'production'."""
    return "development" if (BUILT / "build_log.json").exists() else "production"


def _javascript(requests: list[Any], prefix: str = "") -> list[tuple[str, int]]:
    found = []
    for request in requests:
        path = request.url.split("?", 1)[0]
        if path.endswith(".js") and prefix in path:
            found.append((path.rsplit("/", 1)[-1], request.sizes()["responseBodySize"]))
    return found


def measure(url: str, token: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        seen: list[Any] = []
        # a lambda: a bound list method breaks Playwright's event wrapper
        page.on("requestfinished", lambda request: seen.append(request))
        page.goto(f"{url}lab?reset&token={token}")
        page.locator("#jp-main-dock-panel").wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        everything = _javascript(seen)
        page.locator('.jp-SideBar.jp-mod-left [data-id="ncp-df-sidebar"]').click()
        page.locator("#ncp-df-sidebar").get_by_role("listitem").first.wait_for(timeout=30_000)
        at_start = _javascript(seen, OURS)
        opened = len(seen)
        page.locator("#ncp-df-sidebar").get_by_role("button", name="New workspace").first.click()
        page.get_by_label("Name", exact=True).wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        form = _javascript(seen[opened:], OURS)
        browser.close()
    return {"start": at_start, "form": form, "all": everything}


_LAST: dict[str, Any] = {}


def run(quick: bool = False) -> dict[str, float | None]:
    measured = _LAST.update(measure_build()) or _LAST
    start, form = measured["start"], measured["form"]
    return {
        "sidebar_js_start_kb": round(sum(n for _, n in start) / KB, 1),
        "sidebar_js_start_files": len(start),
        "sidebar_js_form_kb": round(sum(n for _, n in form) / KB, 1),
        "all_js_start_kb": round(sum(n for _, n in measured["all"]) / KB, 1),
        # 1: what was measured is a production build (what the wheel ships), 0: a dev build
        "sidebar_build_production": 1 if build_kind() == "production" else 0,
    }


def measure_build() -> dict[str, Any]:
    if not (BUILT / "package.json").exists():
        raise SystemExit(f"no sidebar build in {BUILT}: run `jlpm build:prod`")
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as tmp, \
            EmulatorThread(access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                           sample_workspaces=True) as emulator:
        data = Path(tmp, "data")
        (data / "labextensions" / "@ncp-df").mkdir(parents=True)
        (data / "labextensions" / "@ncp-df" / "jupyter").symlink_to(BUILT)
        settings, workspaces = Path(tmp, "settings"), Path(tmp, "workspaces")
        env = {**emulator.endpoint.env(), "JUPYTER_PATH": str(data),
               "JUPYTERLAB_SETTINGS_DIR": str(settings),
               "JUPYTERLAB_WORKSPACES_DIR": str(workspaces)}
        with jupyter_server(env) as (url, token):
            return measure(url, token)


def files(quick: bool = False) -> dict[str, float | None]:
    """Each file of the last run, for the extras: its size in KB."""
    shown: dict[str, float | None] = {}
    for phase in ("start", "form"):
        for name, size in _LAST.get(phase, []):
            shown[f"{phase}: {name}"] = round(size / KB, 1)
    return shown


if __name__ == "__main__":
    print(f"build measured: {build_kind()} ({BUILT})", flush=True)
    sys.exit(main(run, __doc__, extra=files))
