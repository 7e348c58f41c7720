"""Every result and model class, generated from the engine's Rust types
(``_types.py``): frozen dataclasses with a ``from_dict`` constructor that
reads the JSON the engine writes, e.g.
``ProgressResult.from_dict(proficient.progress(...))``, and ``Literal``
aliases of its enumerations; with :class:`Competency` and
:class:`Criterion` as :class:`proficient.Framework` gives them (each
criterion with its competency's id)."""

from ._model import Competency as Competency
from ._model import Criterion as Criterion
from ._types import *  # noqa: F401,F403
