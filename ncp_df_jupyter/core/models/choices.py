"""What dropdowns offer: documented values united with those the service shows in use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..schema.rules import documented_gpu_models, documented_queues
from .configuration import Configuration


@dataclass(frozen=True)
class Choices:
    """Dropdown values: documented ones first, then those seen in the account's workspaces."""

    gpu_models: list[str]
    queues: list[str]


def _union(documented: Iterable[str], seen: Iterable[str | None]) -> list[str]:
    values: dict[str, None] = dict.fromkeys(documented)
    for value in seen:
        if value:
            values.setdefault(value, None)
    return list(values)


def dropdown_choices(configurations: Iterable[Configuration | None]) -> Choices:
    """GPU models and queues for dropdowns: never empty, since the documented values remain."""
    configs = [c for c in configurations if c is not None]
    return Choices(
        gpu_models=_union(documented_gpu_models(), (c.gpu_model for c in configs)),
        queues=_union(documented_queues(), (c.queue_name for c in configs)),
    )


def image_choices(docker_images: Mapping[str, Iterable[str]]) -> list[str]:
    """Flatten getDockerImageList's map into image references, keeping the service's order.

    The meaning of the map's keys is UNCONFIRMED: values that are already ``name:tag`` are taken
    as they are, bare values are read as tags of the key.
    """
    seen: dict[str, None] = {}
    for key, values in docker_images.items():
        for value in values:
            ref = value if ":" in value else f"{key}:{value}"
            seen.setdefault(ref, None)
    return list(seen)
