"""A property worked out when first read and kept on the instance: ``functools.cached_property`` without the lock
Python 3.11 takes at every first reading of every instance (Python 3.12 dropped it, for that cost). A check reads
a few hundred such properties an issue, each once; what they compute depends on the instance alone, so two
threads working one out at once would only both compute the same value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_MISSING = object()


class cached_property(Generic[T]):  # noqa: N801  (named as the standard library's, which it stands in for)
    def __init__(self, function: Callable[[Any], T]):
        self.function = function
        self.name: str | None = None
        self.__doc__ = function.__doc__
        self.__module__ = function.__module__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        kept = instance.__dict__
        value = kept.get(self.name, _MISSING)
        if value is _MISSING:
            value = kept[self.name] = self.function(instance)
        return value
