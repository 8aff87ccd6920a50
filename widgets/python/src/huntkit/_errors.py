"""The exceptions huntkit's engines raise.

Every error is a :class:`HuntkitError`, a ``ValueError``, whose ``code`` is the engine's
stable code, the same the npm package and the command line report (``invalid_csv``,
``limit_exceeded``, ``column_not_found``, ``invalid_option``, …). Each also derives from
the built-in exception it stands for, so ``except ValueError`` or ``except
LookupError``-style handling keeps working:

==========================  =====================================  =====================
class                       codes                                  also a
==========================  =====================================  =====================
``InvalidInputError``       data that cannot be read or analysed   ``ValueError``
``InvalidOptionError``      ``invalid_option``, ``invalid_pattern``,  ``ValueError``
                            ``unknown_type``
``UnknownOptionError``      a keyword no option answers to          ``TypeError`` too
``ColumnNotFoundError``     ``column_not_found``                   ``LookupError`` too
``UnknownProcessError``     ``unknown_process``                    ``LookupError`` too
``LimitExceededError``      ``limit_exceeded``                     ``ValueError``
==========================  =====================================  =====================

Files that cannot be opened raise Python's own ``OSError`` subclasses
(``FileNotFoundError``, ``PermissionError``), as ``open()`` does.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple, Type

__all__ = [
    "HuntkitError",
    "InvalidInputError",
    "InvalidOptionError",
    "UnknownOptionError",
    "ColumnNotFoundError",
    "UnknownProcessError",
    "LimitExceededError",
]


class HuntkitError(ValueError):
    """An error from a huntkit engine: a value (data or option) it refuses. ``code`` is
    stable and machine-readable; the message says what was wrong and where (line,
    column, row, option)."""

    code: str

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self) -> Tuple[type, Tuple[str, str]]:  # crosses processes intact
        return (type(self), (self.code, str(self)))


class InvalidInputError(HuntkitError, ValueError):
    """The data cannot be read (``invalid_csv``, ``invalid_arrow``, ``empty_input``, …)
    or analysed as asked (``column_type``, ``non_finite``, ``too_short``, …)."""


class InvalidOptionError(HuntkitError, ValueError):
    """An option's value is refused: out of range, of the wrong type, or contradicting
    another (``invalid_option``, ``invalid_pattern``, ``unknown_type``)."""


class UnknownOptionError(InvalidOptionError, TypeError):
    """A keyword argument that no option of the function answers to, named as written
    (code ``invalid_option``, as the npm package reports a misspelt key)."""


class ColumnNotFoundError(HuntkitError, LookupError):
    """A column the call names is not in the table (``column_not_found``)."""


class UnknownProcessError(HuntkitError, LookupError):
    """A process row or key that is not in the tree (``unknown_process``)."""


class LimitExceededError(HuntkitError, ValueError):
    """A resource limit was reached (``limit_exceeded``); the message names the option
    that raises it."""


_BY_CODE: Dict[str, Type[HuntkitError]] = {
    "invalid_option": InvalidOptionError,
    "invalid_pattern": InvalidOptionError,
    "unknown_type": InvalidOptionError,
    "column_not_found": ColumnNotFoundError,
    "unknown_process": UnknownProcessError,
    "limit_exceeded": LimitExceededError,
    "internal": HuntkitError,
}

_BY_NAME: Dict[str, Type[HuntkitError]] = {
    cls.__name__: cls
    for cls in (
        HuntkitError,
        InvalidInputError,
        InvalidOptionError,
        UnknownOptionError,
        ColumnNotFoundError,
        UnknownProcessError,
        LimitExceededError,
    )
}


def error(code: str, message: str, cls: Optional[str] = None) -> HuntkitError:
    """The exception for an engine error: the class named ``cls`` when given, else the
    class of ``code`` (``InvalidInputError`` for every code about the data)."""
    kind = _BY_NAME.get(cls) if cls else None
    if kind is None:
        kind = _BY_CODE.get(code, InvalidInputError)
    return kind(code, message)
