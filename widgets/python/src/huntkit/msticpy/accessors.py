"""The pandas accessors MSTICPy registers, run by huntkit's engines.

* ``df.mp``: ``b64extract(column, **kwargs)``, ``ioc_extract(columns, **kwargs)``,
  ``build_process_tree(schema=None, show_summary=False, debug=False)``.
* ``df.mp_timeseries``: ``analyze``, ``anomaly_periods``, ``apply_threshold``,
  ``kql_periods``, ``plot``.
* ``df.mp_b64.extract(column=...)`` and ``df.mp_ioc.extract(columns=[...])``, the
  accessors of MSTICPy before 2.0.

They are registered under MSTICPy's names when ``huntkit.msticpy`` is imported, but
only where the name is still free: if MSTICPy was imported first, its accessors stay
(huntkit never replaces them). Importing MSTICPy afterwards replaces these with
MSTICPy's own, which is MSTICPy's doing. ``register_accessors(force=True)`` puts
huntkit's back.
"""

from __future__ import annotations

from typing import Any, Dict, List, Union

from ._common import pandas

__all__ = ["register_accessors"]


class HuntkitMsticpyAccessor:
    """MSTICPy's ``df.mp`` accessor, run by huntkit.

    Methods ``b64extract``, ``ioc_extract`` and ``build_process_tree`` take the
    arguments of ``unpack_df``, ``IoCExtract.extract_df`` and ``build_process_tree``.
    """

    def __init__(self, pandas_obj: Any) -> None:
        self._df = pandas_obj

    def b64extract(self, column: str, **kwargs: Any) -> Any:
        """Decodes base64 in a column, row by row.

        As ``unpack_df(df, column, **kwargs)``: the record frame with
        ``src_index``, the column and ``full_decoded_string``.
        """
        from .base64unpack import unpack_df

        return unpack_df(data=self._df, column=column, **kwargs)

    def ioc_extract(self, columns: Union[str, List[str]], **kwargs: Any) -> Any:
        """Extracts IoCs from columns of the frame.

        As ``IoCExtract().extract_df(df, columns, **kwargs)``: ``IoCType,
        Observable, SourceIndex, Input``.
        """
        from .iocextract import IoCExtract

        return IoCExtract().extract_df(data=self._df, columns=columns, **kwargs)

    def build_process_tree(
        self, schema: Any = None, show_summary: bool = False, debug: bool = False
    ) -> Any:
        """Links the frame's process events into trees.

        As ``build_process_tree(df, schema, show_summary, debug)``: the events plus the
        tree columns, indexed by ``proc_key``.
        """
        from .process_tree import build_process_tree

        return build_process_tree(self._df, schema=schema, show_summary=show_summary, debug=debug)


class HuntkitB64Accessor:
    """MSTICPy's ``df.mp_b64`` accessor (before 2.0), run by huntkit."""

    def __init__(self, pandas_obj: Any) -> None:
        self._df = pandas_obj

    def extract(self, column: str, **kwargs: Any) -> Any:
        """Decodes base64 in a column, row by row.

        As ``unpack_df(df, column, **kwargs)``: the record frame with
        ``src_index``, the column and ``full_decoded_string``.
        """
        from .base64unpack import unpack_df

        return unpack_df(data=self._df, column=column, **kwargs)


class HuntkitIoCAccessor:
    """MSTICPy's ``df.mp_ioc`` accessor (before 2.0), run by huntkit."""

    def __init__(self, pandas_obj: Any) -> None:
        self._df = pandas_obj

    def extract(self, columns: Union[str, List[str]], **kwargs: Any) -> Any:
        """Extracts IoCs from columns of the frame.

        As ``IoCExtract().extract_df(df, columns, **kwargs)``: ``IoCType,
        Observable, SourceIndex, Input``.
        """
        from .iocextract import IoCExtract

        return IoCExtract().extract_df(data=self._df, columns=columns, **kwargs)


class HuntkitTimeSeriesAccessor:
    """MSTICPy's ``df.mp_timeseries`` accessor, run by huntkit."""

    def __init__(self, pandas_obj: Any) -> None:
        self._df = pandas_obj

    def analyze(self, **kwargs: Any) -> Any:
        """Decomposes the series with STL and flags anomalies.

        As ``timeseries_anomalies_stl(df, **kwargs)``: ``seasonal``, ``period``,
        ``score_threshold``, ``time_column``, ``data_column``.
        """
        from .timeseries import timeseries_anomalies_stl

        return timeseries_anomalies_stl(data=self._df, **kwargs)

    def anomaly_periods(self, **kwargs: Any) -> Any:
        """The periods around the anomalies of an analyzed frame.

        As ``find_anomaly_periods(df, **kwargs)``: a list of ``TimeSpan``
        (``time_column``, ``period``, ``pos_only``, ``anomalies_column``).
        """
        from .timeseries import find_anomaly_periods

        return find_anomaly_periods(data=self._df, **kwargs)

    def apply_threshold(self, **kwargs: Any) -> Any:
        """Flags an analyzed frame again at a new threshold.

        As ``set_new_anomaly_threshold(df, **kwargs)``: ``threshold``,
        ``threshold_low``, ``anomalies_column``.
        """
        from .timeseries import set_new_anomaly_threshold

        return set_new_anomaly_threshold(data=self._df, **kwargs)

    def kql_periods(self, **kwargs: Any) -> str:
        """A KQL filter selecting the anomaly periods of an analyzed frame.

        As ``create_time_period_kqlfilter(extract_anomaly_periods(df, **kwargs))``:
        ``| where TimeGenerated between (...) or ...``.
        """
        from .timeseries import create_time_period_kqlfilter, extract_anomaly_periods

        return create_time_period_kqlfilter(extract_anomaly_periods(data=self._df, **kwargs))

    def plot(self, **kwargs: Any) -> Any:
        """Shows the series, its baseline and its anomalies.

        huntkit's ``TimeSeriesAnomalies`` view (MSTICPy's
        ``display_timeseries_anomalies`` options: ``time_column``, ``value_column``,
        ``y``, ``title``, ``height``, ``width``, ``color``, …).
        """
        from huntkit import TimeSeriesAnomalies

        return TimeSeriesAnomalies(self._df, **kwargs)


_ACCESSORS: Dict[str, Any] = {
    "mp": HuntkitMsticpyAccessor,
    "mp_timeseries": HuntkitTimeSeriesAccessor,
    "mp_b64": HuntkitB64Accessor,
    "mp_ioc": HuntkitIoCAccessor,
}


def register_accessors(force: bool = False) -> List[str]:
    """Registers ``df.mp``, ``df.mp_timeseries``, ``df.mp_b64`` and ``df.mp_ioc`` where
    the name is free (or every one with ``force=True``); returns the names registered."""
    pd = pandas()
    done = []
    for name, accessor in _ACCESSORS.items():
        # Reading the name from the class gives the accessor class registered under it.
        current = getattr(pd.DataFrame, name, None)
        ours = current is accessor
        if current is not None and (ours or not force):
            continue
        if current is not None:
            # pandas warns when a name is registered over another; this is asked for.
            delattr(pd.DataFrame, name)
        pd.api.extensions.register_dataframe_accessor(name)(accessor)
        done.append(name)
    return done


register_accessors()
