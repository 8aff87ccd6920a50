"""What the MSTICPy-compatible modules share: MSTICPy's exception, the compatibility
mode and converting between pandas frames and huntkit's engines."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Union

#: The behaviour followed where huntkit and MSTICPy differ: ``"msticpy"`` (the default
#: of this package) reproduces MSTICPy 3.0.2, quirks included; ``"huntkit"`` applies
#: huntkit's fixes.
DEFAULT_COMPAT = "msticpy"


class MsticpyException(Exception):
    """Raised where MSTICPy raises its ``MsticpyException`` (bad input to an analysis
    function). ``except MsticpyException`` catches the same errors as with MSTICPy."""


def check_compat(compat: Optional[str]) -> str:
    """The compatibility mode to pass on (``None`` means this package's default)."""
    if compat is None:
        return DEFAULT_COMPAT
    if compat not in ("msticpy", "huntkit", "none"):
        raise ValueError(f"compat must be 'msticpy' or 'huntkit', got {compat!r}")
    return compat


def pandas() -> Any:
    """pandas, which this package needs (its functions take and return DataFrames)."""
    import pandas as pd

    return pd


def is_frame(data: Any) -> bool:
    """Whether ``data`` is a pandas DataFrame."""
    pd = pandas()
    return isinstance(data, pd.DataFrame)


def names(value: Union[str, Sequence[str], None]) -> List[str]:
    """A list of column names; one name may be given as a string."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def check_kwargs(kwargs: Dict[str, Any], allowed: Sequence[str], where: str) -> None:
    """MSTICPy's ``check_kwargs``: an unknown keyword raises ``NameError`` with the
    closest allowed names."""
    import difflib

    for name in kwargs:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise NameError(
                f"{name!r} is not a recognized argument of {where}.{hint} "
                f"Allowed arguments are: {', '.join(allowed)}"
            )
