"""A first end-to-end check: create, list and delete through the client over loopback HTTP."""

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.emulator import EmulatorControl

from ..conftest import ACCOUNT_ID


async def test_create_list_delete(client: DataForestClient, control: EmulatorControl) -> None:
    config = {"docker": {"image": "tensorflow:2.15.0-gpu", "command": "jupyter lab"}}
    created = await client.create_workspace(ACCOUNT_ID, "smoke", config, description="s")
    names = [w.name for w in await client.list_workspaces(ACCOUNT_ID)]
    assert names == ["smoke"]
    await client.delete_workspace(created.id)
    assert await client.list_workspaces(ACCOUNT_ID) == []
    assert [r["operation"] for r in control.requests()] == ["create", "getList", "delete",
                                                             "getList"]
