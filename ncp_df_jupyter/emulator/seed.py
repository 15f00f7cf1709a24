"""What a fresh emulator holds: the published demo key pair, accounts and the image catalogue.

The demo keys are public on purpose (like Azurite's devstoreaccount1): they only ever open the
local emulator. Never use them, or real keys, in place of each other.
"""

from __future__ import annotations

from typing import Any

DEMO_ACCESS_KEY = "NCPDFDEMOACCESSKEY01"
DEMO_SECRET_KEY = "ncp-df-demo-secret-key-not-a-real-secret"

DEMO_ACCOUNT_ID = "DfDemoAccount000000001"
LOCKED_ACCOUNT_ID = "DfLockedAccount0000002"

# (id, name, disabled) - a disabled account is one the key has no resource permission on,
# so its workspace calls answer 403 "not allowed to access".
ACCOUNTS: tuple[tuple[str, str, bool], ...] = (
    (DEMO_ACCOUNT_ID, "df-demo", False),
    (LOCKED_ACCOUNT_ID, "df-locked", True),
)

# getDockerImageList, keyed by typeName. The meaning of the map's keys is UNCONFIRMED; here
# they are image names and the values full name:tag references.
DOCKER_IMAGES: dict[str, dict[str, list[str]]] = {
    "tensorflow": {
        "tensorflow": ["tensorflow:2.15.0-gpu", "tensorflow:2.13.0-gpu", "tensorflow:2.3.1-gpu"],
        "dataforest/tf-notebook": ["dataforest/tf-notebook:2.15.0",
                                   "dataforest/tf-notebook:2.13.0"],
    },
    "pytorch": {
        "pytorch": ["pytorch:2.3.0-cuda12.1", "pytorch:2.1.2-cuda11.8", "pytorch:1.13.1-cuda11.6"],
        "dataforest/torch-notebook": ["dataforest/torch-notebook:2.3.0"],
    },
}


def _config(image: str, gpu_model: str, gpu_count: int, queue: str,
            command: str = "jupyter lab --ip=0.0.0.0 --port=8888") -> dict[str, Any]:
    return {
        # no workdir: the pages' getDetail examples have none since it left the API in 2024
        "docker": {"image": image, "command": command, "exposeTcpPorts": [8888],
                   "env": {"JUPYTER_ENABLE_LAB": "yes"}},
        "queueName": queue,
        "resource": {"cpuCount": 4 * gpu_count, "gpuCount": gpu_count, "gpuModel": gpu_model,
                     "memoryMb": 30720 * gpu_count},
        "data": {"input": [{"hdfs": "/user/df-demo/datasets", "path": "/data/in"}],
                 "output": [{"hdfs": "/user/df-demo/results", "path": "/data/out",
                             "overwrite": False}]},
    }


# Sample workspaces for `ncp-df demo`: several GPU models and queues, including values the
# documentation does not list (A100, gpu-large), so the dropdowns visibly come from the service.
SAMPLE_WORKSPACES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("mnist-train", "TensorFlow on one T4", _config("tensorflow:2.15.0-gpu", "T4", 1, "gpu")),
    ("llm-finetune", "PyTorch on four A100s", _config("pytorch:2.3.0-cuda12.1", "A100", 4,
                                                      "gpu-large")),
    ("eda-notebook", "Exploration on a V100", _config("dataforest/tf-notebook:2.15.0", "V100", 1,
                                                      "gpu")),
)


# Sample AI apps for `ncp-df demo`, run from the sample workspaces: (workspace, namePrefix,
# command, minutes before the emulator started that it was submitted, minutes it runs, final
# state, final status). States come from the emulator's clock (app_runs.py), so the running one
# is a day-long run: it is still RUNNING for the whole demo.
SAMPLE_APPS: tuple[tuple[str, str, str, int, int, str, str], ...] = (
    ("mnist-train", "mnist", "python train.py --epochs 10", 180, 25, "FINISHED", "SUCCEEDED"),
    ("llm-finetune", "llm", "python finetune.py --batch-size 64", 60, 4, "FAILED", "FAILED"),
    ("llm-finetune", "llm", "python finetune.py --batch-size 16", 12, 24 * 60, "FINISHED",
     "SUCCEEDED"),
)
