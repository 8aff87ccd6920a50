"""The map view: GeoIP points on an offline world basemap.

Points come from a GeoIP lookup (``IpAddress``, ``CountryCode``, ``CountryOrRegionName``,
``State``, ``City``, ``Longitude``, ``Latitude``, ``Asn``, ``AsnOrganization``) or any
table with coordinates. The basemap (Natural Earth's countries at 1:110m) is part of the
view, so nothing is fetched to draw it. The differences from MSTICPy's folium maps are
listed in the docstring of :class:`GeoMap`.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import traitlets as t

from ._view import View, require_columns, set_aliases, view_module

__all__ = ["GeoMap"]


class GeoMap(View):
    """GeoIP points on a world map: clustered when zoomed out, described on hover,
    selectable by click or box.

    ``GeoMap(data, latitude_column="Latitude", longitude_column="Longitude",
    label_column="IpAddress", *, color_column=None, source_columns=None, cluster=True,
    cluster_radius=40, projection="natural_earth", height=450, title=None, width=None,
    theme="auto", group="")``

    * ``latitude_column``, ``longitude_column``: the coordinates (degrees). Rows where
      either is null, not a number or out of range are "not located": counted and listed
      under the map by their label.
    * ``label_column``: what names a point in the tooltip and the list (default the
      lookup's ``IpAddress``; rows are named by position when the column is absent).
    * ``color_column``: colour points by this column; severities (``high``, ``medium`` /
      ``warning``, ``low``, ``information``, ``unknown``) in the TI browser's severity
      colours, other values in ten hues that keep 3:1 contrast on light and dark pages.
    * ``source_columns``: the columns the tooltip shows (default the GeoIP columns present).
    * ``cluster``, ``cluster_radius``: points closer than ``cluster_radius`` pixels on
      screen are drawn as one marker with their count; zooming in splits them.
      ``projection``: ``"natural_earth"`` or ``"equal_earth"``.
    * Wheel or +/- zooms, drag pans, Reset shows the world; click selects a marker's
      points, Ctrl/Cmd+click adds them, Shift+drag selects a box, Escape clears.

    Read back: ``result`` is the located rows, in input order, with two columns added:
    ``source_row`` (the row's input position) and ``cluster`` (the marker the point is
    drawn in at the current zoom; it follows the zoom). ``selected_indices`` are input row
    positions and ``selected`` those rows.

    MSTICPy's ``plot_map`` keywords are accepted as aliases: ``lat_column``,
    ``long_column``, ``tooltip_columns`` (and ``popup_columns``) for ``source_columns``.
    Differences from MSTICPy: no tile server (the basemap is bundled and drawn offline, so
    there are no street-level tiles); markers are clustered on screen rather than by
    folium's MarkerCluster; rows without coordinates are listed instead of dropped
    silently; unknown keywords raise ``TypeError``, missing columns ``KeyError``.
    """

    _esm = view_module("geo_map")
    _label = "map"

    latitude_column = t.Unicode("Latitude").tag(sync=True)
    longitude_column = t.Unicode("Longitude").tag(sync=True)
    label_column = t.Unicode("IpAddress").tag(sync=True)
    color_column = t.Unicode(None, allow_none=True).tag(sync=True)
    source_columns = t.List(t.Unicode()).tag(sync=True)
    cluster = t.Bool(True).tag(sync=True)
    cluster_radius = t.Int(40, min=8, max=200).tag(sync=True)
    projection = t.Enum(["natural_earth", "equal_earth"], "natural_earth").tag(sync=True)

    def __init__(
        self,
        data: Any = None,
        latitude_column: Optional[str] = None,
        longitude_column: Optional[str] = None,
        label_column: Optional[str] = None,
        *,
        color_column: Optional[str] = None,
        source_columns: Union[str, Sequence[str], None] = None,
        lat_column: Optional[str] = None,
        long_column: Optional[str] = None,
        tooltip_columns: Union[str, Sequence[str], None] = None,
        popup_columns: Union[str, Sequence[str], None] = None,
        **kwargs: Any,
    ) -> None:
        self._refuse_unknown(kwargs)
        latitude = latitude_column or lat_column or "Latitude"
        longitude = longitude_column or long_column or "Longitude"
        sources = (
            source_columns
            if source_columns is not None
            else (tooltip_columns if tooltip_columns is not None else popup_columns)
        )
        source_list = [] if sources is None else ([sources] if isinstance(sources, str) else [str(c) for c in sources])
        require_columns(data, [latitude, longitude, color_column, *source_list])
        set_aliases(kwargs, label_column=label_column)
        super().__init__(
            data,
            latitude_column=latitude,
            longitude_column=longitude,
            color_column=color_column,
            source_columns=source_list,
            **kwargs,
        )
