"""Behaviour of generated classes (``_types.py``) that the Rust types do not
state: each mixin here is a base class of the generated class named in
``core/tests/python_types.rs``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Tuple

if TYPE_CHECKING:
    from ._types import CompetencyScore

__all__ = ["WorkerScoreMethods"]


class WorkerScoreMethods:
    """Lookups of :class:`~proficient.WorkerScore`."""

    __slots__ = ()
    competencies: Tuple[CompetencyScore, ...]

    def competency(self, id: str) -> CompetencyScore:
        """The score of the competency with this id (``KeyError`` if none)."""
        for c in self.competencies:
            if c.id == id:
                return c
        raise KeyError(id)
