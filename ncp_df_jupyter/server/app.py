"""The jupyter_server extension: configuration (traitlets) and the REST routes under /ncp-df/.

Enabled on install by jupyter-config/server-config/ncp_df_jupyter.json. Administrators configure it
in jupyter_server_config.py, e.g. ``c.DataForestServerApp.endpoint = "https://..."``; the key pair
itself comes from the core's credential chain (environment or ~/.ncloud/configure), never from
this configuration.
"""

from __future__ import annotations

from jupyter_server.extension.application import ExtensionApp
from traitlets import Float, Int, Unicode

from ..core.retry import RetryPolicy
from .handlers import SERVICE_SETTING
from .routes import ROUTES
from .service import WorkspaceService


class DataForestServerApp(ExtensionApp):
    name = "ncp_df_jupyter"
    description = "REST API of the DataForest sidebar (NAVER Cloud DataForest AI workspaces)."
    load_other_extensions = True

    endpoint = Unicode(
        None, allow_none=True, config=True,
        help="DataForest API endpoint. Default: the NCP_DF_ENDPOINT environment variable, else "
             "https://df.apigw.ntruss.com.")
    profile = Unicode(
        None, allow_none=True, config=True,
        help="Profile of ~/.ncloud/configure to read the key pair from. Default: the "
             "NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY environment variables, else the "
             "NCLOUD_PROFILE profile, else [DEFAULT]. Naming a profile here skips the variables.")
    cache_seconds = Float(
        5.0, min=0.0, config=True,
        help="How long answers of the DataForest API are reused (identical requests in flight "
             "are always shared), so many open browser tabs cost the service what one does.")
    request_timeout = Float(
        30.0, min=0.1, config=True,
        help="Seconds one DataForest API call may take in all, its retries and a create's "
             "look-ups included (each attempt gets an equal share).")
    max_attempts = Int(
        3, min=1, config=True,
        help="Attempts per read when the service is throttling or failing (with backoff); "
             "1 turns retries off. A create is never repeated blindly.")

    def initialize_settings(self) -> None:
        service = WorkspaceService(self.endpoint, self.profile, cache_seconds=self.cache_seconds,
                                   timeout=self.request_timeout,
                                   retry=RetryPolicy(max_attempts=self.max_attempts))
        self.settings[SERVICE_SETTING] = service
        base_url = self.serverapp.base_url if self.serverapp else "/"
        self.log.info("DataForest sidebar API at %sncp-df/ (%r)", base_url, service)

    def initialize_handlers(self) -> None:
        self.handlers.extend(ROUTES)

    async def stop_extension(self) -> None:
        service = self.settings.get(SERVICE_SETTING)
        if isinstance(service, WorkspaceService):
            await service.close()
