"""A local stand-in of the DataForest API: same wire protocol, signature checks and errors.

    ncp-df emulator                  # CLI, prints the URL and the demo key pair
    async with EmulatorServer() as server: ...   # in-process, for async tests
    with EmulatorThread() as emu: ...            # background thread, for sync code
"""

from .control import EmulatorControl
from .seed import DEMO_ACCESS_KEY, DEMO_ACCOUNT_ID, DEMO_SECRET_KEY
from .server import EmulatorServer, EmulatorThread, Endpoint
from .service import Emulator

__all__ = [
    "DEMO_ACCESS_KEY",
    "DEMO_ACCOUNT_ID",
    "DEMO_SECRET_KEY",
    "Emulator",
    "EmulatorControl",
    "EmulatorServer",
    "EmulatorThread",
    "Endpoint",
]
