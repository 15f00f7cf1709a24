"""A field of a frozen dataclass that is read from the service's JSON only when it is first used.

A call of the client builds its result object from every answer, but most callers look at a few
fields (a poll its state, a table its name): the nested parts (a workspace detail's configuration
entries) are the dearest to build, so they are kept as the JSON they came as and built on first
read, once. To the caller the field is an ordinary one: it is given to the constructor as its
value (or, by ``from_api``, as ``Deferred(read, json)``), compared, shown by repr and copied by
``dataclasses.replace`` as its value.

    @dataclass(frozen=True)
    class Detail:
        entries: Lazy[list[Entry]] = Lazy(list)

    Detail(entries=Deferred(read_entries, body.get("contents")))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class Deferred(Generic[T]):
    """What a lazy field is made from, and how: ``make(source)`` on first read."""

    __slots__ = ("make", "source")

    def __init__(self, make: Callable[[Any], T], source: Any) -> None:
        self.make = make
        self.source = source


class Lazy(Generic[T]):
    """The descriptor of a lazy dataclass field; ``default`` makes its value when none is given.

    The value (or its Deferred) is kept in the instance's ``__dict__`` under the field's own
    name, which this data descriptor shadows: a frozen dataclass's ``__init__`` sets it through
    ``__set__``, and every read comes through ``__get__``.
    """

    def __init__(self, default: Callable[[], T]) -> None:
        self._default = default
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Lazy[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | Lazy[T]:
        if instance is None:
            return self  # the dataclass's default: __set__ reads it as "none given"
        kept = instance.__dict__[self._name]
        if isinstance(kept, Deferred):
            kept = instance.__dict__[self._name] = kept.make(kept.source)
        value: T = kept
        return value

    def __set__(self, instance: object, value: T | Deferred[T] | Lazy[T]) -> None:
        instance.__dict__[self._name] = self._default() if value is self else value
