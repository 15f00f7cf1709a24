"""The reading magics: %df_list, %df_show, %df_config, %df_images, %df_accounts, %df_check."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core.models import (
    Account,
    Configuration,
    WorkspaceDetail,
    WorkspaceSummary,
    image_choices,
)
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl
from ncp_df_jupyter.emulator.seed import DOCKER_IMAGES, LOCKED_ACCOUNT_ID, SAMPLE_WORKSPACES

from .conftest import formats, magics

SAMPLE_NAMES = [name for name, _, _ in SAMPLE_WORKSPACES]


def test_list_returns_summaries_shown_as_a_table(ip: InteractiveShell) -> None:
    table = ip.run_line_magic("df_list", "")
    assert all(isinstance(row, WorkspaceSummary) for row in table)
    assert [row.name for row in table] == SAMPLE_NAMES[::-1]  # newest first, as everywhere
    llm = next(row for row in table if row.name == "llm-finetune")
    assert (llm.gpus, llm.queue_name, llm.image) == ("A100 x 4", "gpu-large",
                                                     "pytorch:2.3.0-cuda12.1")
    shown = formats(ip, table)
    text, html = shown["text/plain"], shown["text/html"]
    header = text.splitlines()[1].split()
    assert header == ["name", "id", "image", "GPUs", "queue", "created"]
    row = next(line for line in text.splitlines() if line.startswith("llm-finetune"))
    assert llm.id in row and "A100 x 4" in row and "gpu-large" in row
    # aligned: every column starts at the same offset on every line
    lines = text.splitlines()[1:]
    start = lines[0].index("id")
    assert all(line[start - 2:start] == "  " for line in lines)
    assert "<table" in html and "<td style='text-align:left'>llm-finetune</td>" in html
    assert "3 workspaces in account df-demo" in html
    # Times in the kernel's zone, with the zone's name (core/times.py: the one rule).
    created = row.split()[-3:]
    assert created[0][:2] == "20" and created[1][2] == ":" and created[2].isalpha(), row


def test_list_shows_the_newest_first(ip: InteractiveShell) -> None:
    ip.run_line_magic("df_create", "newest --image tensorflow:2.15.0-gpu --command train")
    table = ip.run_line_magic("df_list", "")
    assert [row.name for row in table] == ["newest", *SAMPLE_NAMES[::-1]]


def test_list_of_an_account_by_id_and_by_name(ip: InteractiveShell) -> None:
    by_name = ip.run_line_magic("df_list", "--account df-demo")
    by_id = ip.run_line_magic("df_list", f"--account {DEMO_ACCOUNT_ID}")
    assert [r.id for r in by_name] == [r.id for r in by_id]


def test_list_of_an_empty_account_says_so(ip: InteractiveShell, control: EmulatorControl
                                          ) -> None:
    for row in ip.run_line_magic("df_list", ""):
        ip.run_line_magic("df_delete", f"{row.id} --yes")
    table = ip.run_line_magic("df_list", "")
    assert table == []
    assert "No workspaces in account df-demo" in formats(ip, table)["text/plain"]
    assert "No workspaces in account df-demo" in formats(ip, table)["text/html"]


def test_show_by_name_and_by_id(ip: InteractiveShell) -> None:
    detail = ip.run_line_magic("df_show", "mnist-train")
    assert isinstance(detail, WorkspaceDetail)
    assert detail.name == "mnist-train" and detail.account_name == "df-demo"
    again = ip.run_line_magic("df_show", detail.id)
    assert again == detail
    text = formats(ip, detail)["text/plain"]
    assert f"id           {detail.id}" in text
    assert "GPUs         T4 x 1" in text and "memory       30720 MB (30 GB)" in text
    assert "inputs       /user/df-demo/datasets → /data/in" in text
    html = formats(ip, detail)["text/html"]
    assert "<th style='text-align:left'>image</th><td style='text-align:left'>" \
           "tensorflow:2.15.0-gpu</td>" in html


def test_config_returns_the_configuration_as_pasteable_yaml(ip: InteractiveShell) -> None:
    config = ip.run_line_magic("df_config", "eda-notebook")
    assert isinstance(config, Configuration)
    expected = dict((name, body) for name, _, body in SAMPLE_WORKSPACES)["eda-notebook"]
    assert config.to_api() == Configuration.from_api(expected).to_api()
    yaml_text = formats(ip, config)["text/plain"]
    assert "gpuModel: V100" in yaml_text and "JUPYTER_ENABLE_LAB: 'yes'" in yaml_text
    # what it shows goes straight back in as a cell
    replaced = ip.run_cell_magic("df_set_config", "eda-notebook", yaml_text)
    assert replaced.configuration.to_api() == config.to_api() and replaced.changes() == []
    assert "<pre class='ncp-df-config'>" in formats(ip, config)["text/html"]


def test_images_of_both_frameworks_and_of_one(ip: InteractiveShell) -> None:
    every = ip.run_line_magic("df_images", "")
    wanted = {f: image_choices(DOCKER_IMAGES[f]) for f in ("tensorflow", "pytorch")}
    assert every.by_framework == wanted
    assert list(every) == wanted["tensorflow"] + wanted["pytorch"]
    torch = ip.run_line_magic("df_images", "pytorch")
    assert list(torch) == wanted["pytorch"]
    text = formats(ip, torch)["text/plain"]
    assert text.splitlines()[2].split() == ["pytorch", wanted["pytorch"][0]]


def test_accounts_marks_the_default_and_the_locked(ip: InteractiveShell) -> None:
    accounts = ip.run_line_magic("df_accounts", "")
    assert all(isinstance(a, Account) for a in accounts)
    assert {a.id for a in accounts} == {DEMO_ACCOUNT_ID, LOCKED_ACCOUNT_ID}
    text = formats(ip, accounts)["text/plain"]
    assert "df-demo (default)" in text
    locked = next(line for line in text.splitlines() if line.startswith("df-locked"))
    assert "no (no permission)" in locked
    assert "<td style='text-align:left'>df-demo (default)</td>" in formats(ip, accounts)[
        "text/html"]


def test_check_says_free_or_used(ip: InteractiveShell, capsys: pytest.CaptureFixture[str]
                                 ) -> None:
    assert ip.run_line_magic("df_check", "brand-new") is True
    assert ip.run_line_magic("df_check", "mnist-train") is False
    out = capsys.readouterr().out.splitlines()
    assert out == ["'brand-new' is free in account df-demo.",
                   "'mnist-train' is already used in account df-demo; choose another name."]


def test_the_account_trait_is_the_default(ip: InteractiveShell, control: EmulatorControl,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    magics(ip).account = "df-locked"
    assert ip.run_line_magic("df_list", "") is None
    err = capsys.readouterr().err
    assert err.startswith("%df_list: DataForest getList was refused: not allowed to access")
    assert control.requests("getList")[-1]["status"] == 403


def test_reads_are_shared_for_a_few_seconds(ip: InteractiveShell, control: EmulatorControl
                                            ) -> None:
    ip.run_line_magic("df_list", "")
    ip.run_line_magic("df_show", "mnist-train")
    ip.run_line_magic("df_list", "")
    assert control.count("accounts.getList") == 1
    assert control.count("getList") == 1


def test_html_escapes_what_the_service_says(ip: InteractiveShell) -> None:
    created = ip.run_line_magic("df_create", "escaped --description '<img src=x onerror=alert(1)>'"
                                " --image tensorflow:2.15.0-gpu --command x")
    for value in (created, ip.run_line_magic("df_list", "")):
        html = formats(ip, value)["text/html"]
        assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in formats(ip, created)["text/html"]
