"""Did you mean ...? The closest option of a magic's parser, or the closest name of a list.

A typo is answered with what was probably meant (``--gpus`` -> ``--gpu-count``, ``mnist-trian``
-> ``mnist-train``), never guessed at: nothing runs with the suggestion until it is typed.
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Iterable, Sequence

CUTOFF = 0.6  # difflib's similarity below which nothing is suggested
SAYS_IT_CUTOFF = 0.4  # ... and for an option whose name or help has the typed word
_WORD = re.compile(r"[a-z0-9]+")
# Words of help texts that say nothing about an option.
_FILLER = frozenset({"a", "an", "and", "as", "at", "by", "e", "g", "for", "in", "into", "is",
                     "it", "of", "on", "or", "the", "this", "to", "with"})


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def closest(word: str, candidates: Iterable[str], limit: int = 1) -> list[str]:
    """The candidates most like ``word`` (best first; none when nothing is close), case
    aside ("t4" -> "T4"); a second one only when it is about as close as the first."""
    listed = list(dict.fromkeys(candidates))
    by_lower = {c.lower(): c for c in reversed(listed)}
    near = difflib.get_close_matches(word.lower(), list(by_lower), n=limit, cutoff=CUTOFF)
    if not near:
        return []
    best = _likeness(word.lower(), near[0])
    return [by_lower[n] for n in near if _likeness(word.lower(), n) >= best - 0.05]


def _options(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Every long option of the parser and its help text."""
    return {flag: (action.help or "") for action in parser._actions
            for flag in action.option_strings if flag.startswith("--")}


def closest_options(typed: str, parser: argparse.ArgumentParser) -> list[str]:
    """The options meant by an unknown ``typed`` (``--gpus=2`` -> ["--gpu-count"]).

    Options whose name or help has the typed word come first (``gpus`` is in the help of
    --gpu-count, "GPUs, 1 to 8"; ``gpu`` in both GPU options' names, so both are named), then
    close spellings (``--imgae`` -> ``--image``); at most two."""
    name = typed.split("=", 1)[0]
    options = _options(parser)
    stem = name.lstrip("-").lower()

    def likeness(option: str) -> float:
        return _likeness(name, option)

    def says_it(option: str) -> bool:
        words = {*option.lstrip("-").split("-"), *_WORD.findall(options[option].lower())}
        return stem in words and likeness(option) >= SAYS_IT_CUTOFF

    said = sorted((option for option in options if says_it(option)), key=likeness,
                  reverse=True) if stem not in _FILLER else []
    if said:
        return said[:2]
    return closest(name, options, limit=2)


def did_you_mean(suggestions: Sequence[str]) -> str:
    """" (did you mean --gpu-count?)", " (did you mean 'a' or 'b'?)", or "" for none."""
    if not suggestions:
        return ""
    return f" (did you mean {' or '.join(suggestions)}?)"
