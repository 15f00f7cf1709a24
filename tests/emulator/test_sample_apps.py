"""`ncp-df demo`'s sample apps: the sample emulator holds a finished, a failed and a running app,
run from the sample workspaces, with believable logs; a reset brings them back."""

from __future__ import annotations

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import DEMO_ACCOUNT_ID, SAMPLE_APPS

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY


def test_the_demo_has_a_finished_a_failed_and_a_running_app() -> None:
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                        sample_workspaces=True) as emu, \
            BlockingClient(**emu.endpoint.client_kwargs()) as client:
        apps = client.list_apps(DEMO_ACCOUNT_ID)
        assert len(apps) == len(SAMPLE_APPS) == 3
        by_state = {(a.state, a.final_status): a for a in apps}
        assert set(by_state) == {("FINISHED", "SUCCEEDED"), ("FAILED", "FAILED"),
                                 ("RUNNING", "UNDEFINED")}
        assert {a.workspace_name for a in apps} == {"mnist-train", "llm-finetune"}

        failed = client.get_app(by_state["FAILED", "FAILED"].id)
        assert "CUDA out of memory" in client.app_log(failed.containers[0])
        finished = client.get_app(by_state["FINISHED", "SUCCEEDED"].id)
        assert client.app_log(finished.containers[0]).rstrip().endswith("Training finished")
        running = client.get_app(by_state["RUNNING", "UNDEFINED"].id)
        assert not running.is_finished and running.containers
        assert "step 100/" in client.app_log(running.containers[0])  # a line a minute so far
        assert running.elapsed_ms_at() is not None and running.elapsed_ms_at() > 60_000

        client.kill_app(running.id)  # the demo's data can be changed, and a reset restores it
        EmulatorControl(emu.url).reset()
        states = sorted(str(a.state) for a in client.list_apps(DEMO_ACCOUNT_ID))
        assert states == ["FAILED", "FINISHED", "RUNNING"]
