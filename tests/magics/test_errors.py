"""Expected errors are one line naming the option or field (a bad option adds its usage line),
with no traceback; all_errors_are_fatal raises them; bugs keep their traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core import errors, models
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.store import AccountRow
from ncp_df_jupyter.kernel import command_line

from ..conftest import TEST_SECRET_KEY
from .conftest import EXTENSION, magics


def run(ip: InteractiveShell, source: str, capsys: pytest.CaptureFixture[str]
        ) -> tuple[str, list[str]]:
    """Run a cell as a notebook would; (stdout, stderr lines). The cell must not fail.

    Trace ids (random) are cut out of the lines, and argparse's quoting of choices (which
    differs between Python versions) is removed."""
    result = ip.run_cell(source)
    out, err = capsys.readouterr()
    assert result.error_in_exec is None and result.error_before_exec is None, out + err
    assert "Traceback" not in out + err and TEST_SECRET_KEY not in out + err
    err = re.sub(r" \(trace id [0-9a-f]+\)", "", err)
    err = err.replace("'tensorflow'", "tensorflow").replace("'pytorch'", "pytorch")
    return out, err.splitlines()


USAGE_CREATE = ("usage: %df_create NAME [--account ID_OR_NAME] [--from WORKSPACE] "
                "[--description TEXT] [configuration options] [--dry-run]  (--help lists them)")

BAD_OPTIONS = [
    ("%df_create w1 --gpu-count two",
     "%df_create: --gpu-count must be a whole number (got 'two').", USAGE_CREATE),
    # an unknown option: the closest ones named (never used in its place)
    ("%df_create w1 --gpus 2",
     "%df_create: unknown option --gpus (did you mean --gpu-count?).", USAGE_CREATE),
    ("%df_create w1 --gpu 2",
     "%df_create: unknown option --gpu (did you mean --gpu-model or --gpu-count?).",
     USAGE_CREATE),
    ("%df_create w1 --imgae a:b --cpus=2",
     "%df_create: unknown options --imgae (did you mean --image?) and --cpus=2 (did you mean "
     "--cpu-count?).", USAGE_CREATE),
    ("%df_create w1 two words", "%df_create: unrecognized arguments: two words.", USAGE_CREATE),
    ("%df_create", "%df_create: the following arguments are required: NAME.", USAGE_CREATE),
    ("%df_create w1 --command 'jupyter lab",
     "%df_create: No closing quotation (check the quotes).", USAGE_CREATE),
    ("%df_create w1 --framework jax",
     "%df_create: --framework: invalid choice: 'jax' (choose from tensorflow, pytorch).",
     USAGE_CREATE),
    ("%df_create w1 --env NOVALUE", "%df_create: --env takes KEY=VALUE (got 'NOVALUE').",
     USAGE_CREATE),
    ("%df_create w1 --input /only-one-part",
     "%df_create: --input takes HDFS_PATH:CONTAINER_PATH (got '/only-one-part').", USAGE_CREATE),
    ("%df_create w1 --port 0", "%df_create: --port must be at least 1 (got 0).", USAGE_CREATE),
    ("%df_show", "%df_show: the following arguments are required: WS.",
     "usage: %df_show [--account ID_OR_NAME] WS"),
    ("%df_images jax", "%df_images: framework: invalid choice: 'jax' (choose from tensorflow, "
     "pytorch).", "usage: %df_images [{tensorflow,pytorch}]"),
    ("%df_accounts extra", "%df_accounts: unrecognized arguments: extra.", "usage: %df_accounts"),
    ("%df_delete ws --force", "%df_delete: unknown option --force.",
     "usage: %df_delete [--account ID_OR_NAME] [--yes] WS"),
    ("%df_set_config mnist-train", "%df_set_config: nothing to change; give options such as "
     "--gpu-count 2, or the whole configuration in a %%df_set_config cell.",
     "usage: %df_set_config WS [--account ID_OR_NAME] [--replace] [configuration options] "
     "[--dry-run]  "
     "(--help lists them)"),
    ("%df_connect --endpoint localhost:8950", "%df_connect: --endpoint must be an http:// or "
     "https:// URL (got 'localhost:8950').",
     "usage: %df_connect [--endpoint URL] [--profile P] [--account ID_OR_NAME]"),
]


@pytest.mark.parametrize(("source", "message", "usage"), BAD_OPTIONS,
                         ids=[case[0] for case in BAD_OPTIONS])
def test_a_bad_option_is_one_line_and_the_usage(ip: InteractiveShell, control: EmulatorControl,
                                               capsys: pytest.CaptureFixture[str], source: str,
                                               message: str, usage: str) -> None:
    out, err = run(ip, source, capsys)
    assert err == [message, usage]
    assert out == ""
    assert [r["operation"] for r in control.requests()
            if r["operation"] not in ("accounts.getList", "getList", "getConfigurationList")
            ] == []


ONE_LINERS = [
    # validation before anything is sent
    ("%df_create BadName --image a:b --command c",
     "%df_create: name must start with a lowercase letter and contain only lowercase letters, "
     "digits and single hyphens, not ending with a hyphen (got 'BadName')."),
    ("%df_create w1 --image tensorflow:2.15.0-gpu --command x --gpu-count 12",
     "%df_create: configuration.resource.gpuCount must be a whole number from 1 to 8 (got 12)."),
    ("%df_create w1 --image NotAnImage --command x",
     "%df_create: configuration.docker.image must look like name:tag or dataforest/name:tag "
     "(lowercase; name up to 30 and tag up to 20 characters of a-z, 0-9, '.', '_', '-') "
     "(got 'NotAnImage')."),
    ("%df_check Bad_Name", "%df_check: name must start with a lowercase letter and contain only "
     "lowercase letters, digits and single hyphens, not ending with a hyphen (got 'Bad_Name')."),
    ("%df_show 'Not A Name!'", "%df_show: 'Not A Name!' is neither a workspace id nor a "
     "workspace name (a name must start with a lowercase letter and contain only lowercase "
     "letters, digits and single hyphens, not ending with a hyphen)."),
    # the service's own answer
    ("%df_create mnist-train --from mnist-train",
     "%df_create: DataForest create was rejected by the service: invalid request parameter "
     "(name, 'mnist-train'). Is already used by another workspace of this account."),
    ("%df_show zzzzzzzzzzzzzzzzzzzzzz",
     "%df_show: DataForest getDetail failed: no such element (no workspace or account with that "
     "id)."),
    ("%df_list --account df-locked",
     "%df_list: DataForest getList was refused: not allowed to access; this key's user lacks "
     "permission for that account or workspace."),
    # lookups
    ("%df_show nope", "%df_show: No workspace named or with id 'nope' in account df-demo; "
     "%df_list --account df-demo shows them."),
    ("%df_config nope --account df-demo", "%df_config: No workspace named or with id 'nope' in "
     "account df-demo; %df_list --account df-demo shows them."),
    ("%df_list --account nobody", "%df_list: No account named or with id 'nobody'; this key's "
     "accounts are: df-demo, df-locked."),
    ("%df_delete nope --yes", "%df_delete: No workspace named or with id 'nope' in account "
     "df-demo; %df_list --account df-demo shows them."),
]


@pytest.mark.parametrize(("source", "message"), ONE_LINERS, ids=[c[0] for c in ONE_LINERS])
def test_an_expected_error_is_one_line(ip: InteractiveShell, control: EmulatorControl,
                                       capsys: pytest.CaptureFixture[str], source: str,
                                       message: str) -> None:
    before = control.state()["workspaces"]
    _, err = run(ip, source, capsys)
    assert err == [message]
    assert control.state()["workspaces"] == before


def test_every_problem_of_a_line_at_once_before_any_request(
        ip: InteractiveShell, control: EmulatorControl, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = run(ip, "%df_create BadName --gpu-count 12 --image NotAnImage", capsys)
    assert out == ""
    assert err[0] == "%df_create: 4 problems; nothing was sent:"
    assert [line.split(" ", 3)[2] for line in err[1:]] == [
        "name", "configuration.docker.command", "configuration.docker.image",
        "configuration.resource.gpuCount"]
    assert all(line.startswith("  ") and line.endswith(".") for line in err[1:])
    assert control.requests() == []  # not even the accounts were read

    # With --from, what the other workspace gives is not missing: only the line's own rules.
    out, err = run(ip, "%df_create w1 --from mnist-train --gpu-count 12 --cpu-count 0", capsys)
    assert err == ["%df_create: 2 problems; nothing was sent:",
                   "  configuration.resource.cpuCount must be a whole number of at least 1 "
                   "(got 0).",
                   "  configuration.resource.gpuCount must be a whole number from 1 to 8 "
                   "(got 12)."], err
    assert control.count("create") == 0 and control.count("getDetail") == 0


def test_a_broken_rule_is_reported_before_announcing_the_change(
        ip: InteractiveShell, control: EmulatorControl, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = run(ip, "%df_create w1 --from mnist-train --gpu-count 12", capsys)
    assert out == ""
    assert err == ["%df_create: configuration.resource.gpuCount must be a whole number from 1 "
                   "to 8 (got 12)."]
    out, err = run(ip, "%df_set_config mnist-train --image Bad", capsys)
    assert out == "" and err[0].startswith("%df_set_config: configuration.docker.image must")
    assert control.count("create") == 0 and control.count("setConfiguration") == 0


CELLS = [
    ("%%df_create w1\ndocker:\n  image: [\n",
     "%%df_create: the cell is not valid YAML: line 3, column 1: expected the node content, but "
     "found '<stream end>'."),
    ('%%df_create w1\n{"docker": {"image": }}',
     "%%df_create: the cell is not valid JSON: line 1, column 22: Expecting value."),
    ("%%df_create w1\ndocker:\n  imgae: a:b\n",
     "%%df_create: configuration.docker.imgae is not a known field (known: args, command, env, "
     "exposeTcpPorts, image, workdir) (got 'a:b') in the cell."),
    ("%%df_create w1\n- docker\n",
     "%%df_create: the cell must hold a configuration object (keys such as docker, resource), "
     "not list ['docker']."),
    # a whole request: its fields are checked against the operation's request definition
    ("%%df_create w1\nconfiguration: {docker: {image: 'a:b', command: c}}\nextra: 1\n",
     "%%df_create: extra is not a known field (known: accountId, configuration, description, "
     "name) (got 1) in the cell."),
    ("%%df_create w1\nconfiguration: {docker: {image: 'a:b', command: c}}\ndescription: 12\n",
     "%%df_create: description must be text (got 12) in the cell."),
    ("%%df_create w1\nconfiguration: {docker: {image: 'a:b', command: c}}\nid: x\n",
     "%%df_create: id is not a known field (known: accountId, configuration, description, "
     "name) (got 'x') in the cell."),
    ("%%df_create w1\nname: w2\nconfiguration: {docker: {image: 'a:b', command: c}}\n",
     "%%df_create: name in the cell ('w2') differs from the line's ('w1'); make them agree or "
     "leave name out of the cell."),
    ("%%df_set_config mnist-train\ndocker:\n  image: a:b\n",
     "%%df_set_config: configuration.docker.command is required."),
    ("%%df_create w1\ndocker: {image: 'a:b', command: c}\nresource: {gpuCount: 9}\n",
     "%%df_create: configuration.resource.gpuCount must be a whole number from 1 to 8 (got 9) in "
     "the cell."),
]


@pytest.mark.parametrize(("source", "message"), CELLS, ids=[c[0].split("\n")[1] for c in CELLS])
def test_a_bad_cell_is_one_line(ip: InteractiveShell, control: EmulatorControl,
                                capsys: pytest.CaptureFixture[str], source: str,
                                message: str) -> None:
    _, err = run(ip, source, capsys)
    assert err == [message]
    assert control.count("create") == 0 and control.count("setConfiguration") == 0


def test_a_cell_request_for_another_workspace_is_refused(
        ip: InteractiveShell, control: EmulatorControl,
        capsys: pytest.CaptureFixture[str]) -> None:
    other = ip.run_line_magic("df_show", "eda-notebook")
    target = ip.run_line_magic("df_show", "mnist-train")
    _, err = run(ip, f"%%df_set_config mnist-train\nid: {other.id}\n"
                 "configuration: {docker: {image: 'a:b', command: c}}\n", capsys)
    assert err == [f"%%df_set_config: id in the cell ({other.id!r}) differs from the line's "
                   f"({target.id!r}); make them agree or leave id out of the cell."]
    assert control.count("setConfiguration") == 0


def test_several_accounts_ask_for_one(ip: InteractiveShell, sample_emulator: EmulatorThread,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    sample_emulator.emulator.store.add_account(AccountRow(
        "DfSecondAccount0000003", "df-second", "df-second@KR.DF.NAVERNCP.COM", "RUNNING", False,
        "2025-01-01T00:00:00+09:00"))
    _, err = run(ip, "%df_list", capsys)
    names = re.search(r"\((.*?)\)", err[0])
    assert names is not None and sorted(names.group(1).split(", ")) == ["df-demo", "df-second"]
    assert err == [f"%df_list: this key has 2 accounts ({names.group(1)}); choose one with "
                   "--account, or for the whole kernel with %df_connect --account.",
                   "usage: %df_list [--account ID_OR_NAME]"]
    run(ip, "%df_connect --account df-second", capsys)
    assert ip.run_line_magic("df_list", "") == []


def test_wrong_secret_is_an_authentication_error(ip: InteractiveShell,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", "not-the-secret")
    _, err = run(ip, "%df_accounts", capsys)
    assert len(err) == 1
    assert err[0].startswith("%df_accounts: DataForest accounts.getList was refused by the API "
                             "gateway (Authentication Failed: Invalid authentication "
                             "information.); check the access key and secret key")


def test_no_credentials(ip: InteractiveShell, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("NCLOUD_SECRET_ACCESS_KEY")
    _, err = run(ip, "%df_list", capsys)
    assert err == ["%df_list: NCLOUD_ACCESS_KEY_ID is set but NCLOUD_SECRET_ACCESS_KEY (or "
                   "NCLOUD_SECRET_KEY) is not; set both or neither."]


def test_a_timeout_is_one_line(ip: InteractiveShell, control: EmulatorControl,
                               capsys: pytest.CaptureFixture[str]) -> None:
    magics(ip).timeout = 0.2
    control.set_faults([{"operation": "accounts.getList", "action": "delay", "delay_ms": 1500}])
    _, err = run(ip, "%df_accounts", capsys)
    assert len(err) == 1
    # The time the call really took (the timeout bounds all of it), and its attempts (the
    # jittered backoff decides whether a third one fits in the 0.2 s; a loaded machine may
    # take a little longer and fit fewer).
    assert re.fullmatch(r"%df_accounts: DataForest accounts\.getList got no answer within "
                        r"0\.[1-9] s \([1-3] attempts?\); the service may be slow or unreachable, "
                        r"try again or raise the client's timeout\.", err[0]), err[0]


def test_a_slow_read_says_what_it_waits_for(ip: InteractiveShell, control: EmulatorControl,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ncp_df_jupyter.magics.plumbing.SLOW_NOTICE_SECONDS", 0.05)
    control.set_faults([{"operation": "accounts.getList", "action": "delay", "delay_ms": 300}])
    out, err = run(ip, "%df_accounts", capsys)
    assert out.splitlines()[0] == "Reading the accounts: still waiting for DataForest..."
    assert "df-demo (default)" in out and err == []


def test_help_is_printed_not_an_error(ip: InteractiveShell, control: EmulatorControl,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out, err = run(ip, "%df_create --help", capsys)
    assert out.startswith(USAGE_CREATE) and "--gpu-count N" in out and err == []
    assert control.requests() == []
    assert "--gpu-count N" in (ip.find_line_magic("df_create").__doc__ or "")


def test_all_errors_are_fatal_from_the_config(shell: InteractiveShell, control: EmulatorControl,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from ncp_df_jupyter.kernel import connection

    connection.forget()
    shell.config.DataForestMagics.all_errors_are_fatal = True
    shell.extension_manager.load_extension(EXTENSION)
    try:
        result = shell.run_cell("%df_show nope")
        assert isinstance(result.error_in_exec, errors.NotFoundError)
        result = shell.run_cell("%df_create w1 --gpu-count two")
        assert isinstance(result.error_in_exec, command_line.OptionError)
        assert "Traceback" in capsys.readouterr().out
    finally:
        shell.extension_manager.unload_extension(EXTENSION)
        shell.config.pop("DataForestMagics", None)
        connection.forget()


def test_all_errors_are_fatal_at_run_time(ip: InteractiveShell,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    ip.run_line_magic("config", "DataForestMagics.all_errors_are_fatal = True")
    with pytest.raises(errors.ValidationError):
        ip.run_line_magic("df_check", "Bad_Name")
    ip.run_line_magic("config", "DataForestMagics.all_errors_are_fatal = False")
    assert ip.run_line_magic("df_check", "Bad_Name") is None


def test_a_bug_keeps_its_traceback(ip: InteractiveShell, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    def broken(images: object) -> list[str]:
        raise RuntimeError("a bug in image_choices")

    monkeypatch.setattr(models, "image_choices", broken)
    result = ip.run_cell("%df_images")
    assert isinstance(result.error_in_exec, RuntimeError)
    out = capsys.readouterr().out
    assert "Traceback" in out and "a bug in image_choices" in out


def test_profile_that_does_not_exist(ip: InteractiveShell, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    configure = tmp_path / "configure"
    configure.write_text("[DEFAULT]\nncloud_access_key_id = A\nncloud_secret_access_key = B\n")
    configure.chmod(0o600)
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(configure))
    _, err = run(ip, "%df_profile nope", capsys)
    assert err == [f"%df_profile: Profile 'nope' is not in {configure} (it has: DEFAULT)."]
