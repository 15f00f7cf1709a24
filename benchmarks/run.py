"""Every benchmark of the project in one table (and one JSON object), checked against its target.

    python benchmarks/run.py                  # full: under 3 minutes
    python benchmarks/run.py --quick          # a rough look, under 20 s: shorter runs, and the
                                              # parts that mostly wait run side by side
    python benchmarks/run.py --json out.json  # also write the numbers as JSON

Each part is a module of this folder exposing ``run(quick: bool = False) -> dict`` of its keys;
it runs in its own Python process (so one part's imports, threads or memory never touch another's
numbers) and starts whatever it measures against, the emulator included, itself. A part whose
module is missing or fails gives null for its keys, and the reason is printed.

Targets are read off the numbers here; no test asserts a timing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
RESULT_MARK = "@@benchmark-result "
Numbers = dict[str, float | None]


@dataclass(frozen=True)
class Part:
    name: str
    module: str  # file in benchmarks/
    keys: tuple[str, ...]
    timeout: float  # seconds, full run; a quick run gets a third
    # Numbers a target needs that are not in the JSON object (shown under the table).
    references: tuple[str, ...] = ()
    # Mostly waiting (on injected latency, timers): --quick runs these side by side.
    waits: bool = False


PARTS = (
    Part("client", "bench_client.py",
         ("client_rps_c1", "client_rps_c32", "baseline_rps", "raw_rps_c1", "raw_rps_c32",
          "emulator_rps"), 90),
    Part("import", "import_cost.py", ("import_ms", "load_ext_ms"), 90),
    Part("form", "form_ready.py", ("form_ready_ms", "form_sequential_ms"), 60,
         references=("round_trip_ms",), waits=True),
    Part("sidebar", "bench_sidebar.py",
         ("sidebar_upstream_calls_1tab", "sidebar_upstream_calls_5tabs", "sidebar_p50_ms",
          "sidebar_p99_ms"), 90, waits=True),
    Part("runs", "bench_runs.py", ("runs_upstream_per_min_1tab", "runs_upstream_per_min_5tabs"),
         120, waits=True),
    Part("big_account", "bench_big_account.py", ("big_account_ms", "big_account_peak_mb"), 60),
    Part("response_cap", "bench_response_cap.py",
         ("response_cap_peak_mb", "response_cap_ms", "response_uncapped_peak_mb"), 60),
    Part("weight", "bench_weight.py",
         ("sidebar_js_start_kb", "sidebar_js_start_files", "sidebar_js_form_kb",
          "all_js_start_kb", "sidebar_build_production"), 90),
)
KEYS = tuple(key for part in PARTS for key in part.keys)
REFERENCES = tuple(key for part in PARTS for key in part.references)

# The injected latency of the form benchmark: "one round trip" in its target, unless the part
# measured the round trip itself (round_trip_ms).
FORM_LATENCY_MS = 100.0


@dataclass(frozen=True)
class Target:
    text: str
    check: Callable[[Numbers], bool | None]  # None: a number it needs is missing


def _ratio(results: Numbers, top: str, bottom: str) -> float | None:
    a, b = results.get(top), results.get(bottom)
    return None if a is None or not b else a / b


def _at_least(value: float | None, limit: float) -> bool | None:
    return None if value is None else value >= limit


def _at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


TARGETS: dict[str, Target] = {
    "client_rps_c32": Target(
        ">= 5 x baseline_rps",
        lambda r: _at_least(_ratio(r, "client_rps_c32", "baseline_rps"), 5)),
    "client_rps_c1": Target(
        ">= 0.85 x raw_rps_c1",
        lambda r: _at_least(_ratio(r, "client_rps_c1", "raw_rps_c1"), 0.85)),
    "import_ms": Target("<= 60", lambda r: _at_most(r.get("import_ms"), 60)),
    # A 128 MB answer is refused after the cap (8 MiB), never read into memory.
    "response_cap_peak_mb": Target("<= 32", lambda r: _at_most(r.get("response_cap_peak_mb"), 32)),
    "form_ready_ms": Target(
        "<= 1.5 x one round trip",
        lambda r: _at_most(r.get("form_ready_ms"),
                           1.5 * (r.get("round_trip_ms") or FORM_LATENCY_MS))),
    "form_sequential_ms": Target(
        "/ form_ready_ms >= 2.5",
        lambda r: _at_least(_ratio(r, "form_sequential_ms", "form_ready_ms"), 2.5)),
    "sidebar_js_start_kb": Target(
        "<= 200 (a production build)",
        lambda r: None if r.get("sidebar_build_production") != 1
        else _at_most(r.get("sidebar_js_start_kb"), 200)),
    "sidebar_upstream_calls_5tabs": Target(
        "== sidebar_upstream_calls_1tab",
        lambda r: None if r.get("sidebar_upstream_calls_5tabs") is None
        or r.get("sidebar_upstream_calls_1tab") is None
        else r["sidebar_upstream_calls_5tabs"] == r["sidebar_upstream_calls_1tab"]),
    # 10 runs shown, the list and one expanded run asked for every second by each tab: one
    # list and one detail per cache time (5 s) at most, whatever the number of tabs.
    "runs_upstream_per_min_5tabs": Target(
        "<= 30 (2 per 5 s cache time)",
        lambda r: _at_most(r.get("runs_upstream_per_min_5tabs"), 30)),
}


# -- one part, in a child process -----------------------------------------------------------------


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmark_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_part_here(part: Part, quick: bool) -> None:
    """The child's side: run one part and print its numbers on a marked line."""
    module = _load(HERE / part.module)
    runner = getattr(module, "run", None)
    if not callable(runner):
        raise SystemExit(f"{part.module} has no run(quick) function")
    numbers = runner(quick=quick)
    print(RESULT_MARK + json.dumps(numbers), flush=True)


def run_part(part: Part, quick: bool) -> tuple[Numbers, str | None, float]:
    """The parent's side: (numbers, why they are missing or None, seconds taken)."""
    empty: Numbers = dict.fromkeys(part.keys + part.references)
    if not (HERE / part.module).exists():
        return empty, f"benchmarks/{part.module} does not exist yet", 0.0
    command = [sys.executable, str(Path(__file__).resolve()), "--part", part.name]
    if quick:
        command.append("--quick")
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=part.timeout / 3 if quick else part.timeout,
                              env={**os.environ, "PYTHONHASHSEED": "0"})
    except subprocess.TimeoutExpired:
        return empty, f"timed out after {part.timeout:g} s", time.perf_counter() - started
    took = time.perf_counter() - started
    found = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if done.returncode != 0 or not found:
        tail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-3:]
        return empty, f"failed (exit {done.returncode}): {' | '.join(tail)}", took
    numbers = json.loads(found[-1][len(RESULT_MARK):])
    missing = [key for key in part.keys if numbers.get(key) is None]
    result: Numbers = {key: _number(numbers.get(key)) for key in part.keys + part.references}
    return result, f"no value for {', '.join(missing)}" if missing else None, took


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# -- the table ------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    import aiohttp

    return (f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, aiohttp {aiohttp.__version__}, "
            f"load average {load}")


def _shown(value: float | None) -> str:
    if value is None:
        return "null"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def table(results: Numbers) -> str:
    rows = ["| number | value | target | met |", "| --- | ---: | --- | --- |"]
    for key in KEYS:
        target = TARGETS.get(key)
        verdict = "" if target is None else target.check(results)
        met = {True: "yes", False: "**no**", None: "n/a", "": ""}[verdict]
        rows.append(f"| {key} | {_shown(results[key])} | {target.text if target else ''} "
                    f"| {met} |")
    for key in REFERENCES:
        rows.append(f"| ({key}, used by a target) | {_shown(results.get(key))} | | |")
    return "\n".join(rows)


def report(part: Part, outcome: tuple[Numbers, str | None, float], results: Numbers) -> None:
    numbers, why, took = outcome
    results.update(numbers)
    print(f"  {part.name:12s} {took:5.1f} s{'  (' + why + ')' if why else ''}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, rougher numbers")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers to this file")
    parser.add_argument("--only", metavar="PART", action="append",
                        choices=[p.name for p in PARTS], help="run only this part (repeatable)")
    parser.add_argument("--part", help=argparse.SUPPRESS)  # internal: the child's side
    args = parser.parse_args(argv)

    by_name = {part.name: part for part in PARTS}
    if args.part:
        run_part_here(by_name[args.part], args.quick)
        return 0

    print(f"machine: {machine()}", flush=True)
    results: Numbers = dict.fromkeys(KEYS + REFERENCES)
    started = time.perf_counter()
    chosen = [part for part in PARTS if not args.only or part.name in args.only]
    # A full run measures one part at a time; a quick look overlaps the parts that mostly wait.
    together = [part for part in chosen if args.quick and part.waits]
    for part in chosen:
        if part not in together:
            report(part, run_part(part, args.quick), results)
    with ThreadPoolExecutor(max_workers=max(1, len(together))) as pool:
        outcomes = pool.map(lambda part: run_part(part, True), together)
        for part, outcome in zip(together, outcomes, strict=True):
            report(part, outcome, results)
    print(f"total {time.perf_counter() - started:.1f} s\n")
    print(table(results))
    if args.json:
        shown = {key: results[key] for key in KEYS}
        Path(args.json).write_text(json.dumps(shown, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
