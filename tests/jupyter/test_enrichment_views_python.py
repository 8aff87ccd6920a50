"""The enrichment views' Python side: TiBrowser (and MSTICPy's ``browse_results``),
GeoMap and PivotBrowser — keywords and their MSTICPy aliases, checks of columns and
values, the catalogue's forms, and reading back ``result`` and the selection.

Run: tests/jupyter/.venv/bin/python -m pytest -q tests/jupyter/test_enrichment_views_python.py
"""

import json

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import traitlets

import huntkit
from huntkit import GeoMap, PivotBrowser, TiBrowser, browse_results
from views_support import ipc_bytes as _ipc, read_ipc as _read

EVIL = "<img src=x onerror=alert(1)>"

TI = pd.DataFrame(
    {
        "Ioc": ["38.75.137.9", "38.75.137.9", "example.com"],
        "IocType": ["ipv4", "ipv4", "dns"],
        "Provider": ["OTX", "VirusTotal", "OTX"],
        "Result": [True, True, False],
        "Severity": ["high", "warning", "information"],
        "Details": ['{"pulse_count": 3}', "1 engine", "Not found."],
        "RawResult": ['{"pulse_info": {"count": 3}}', '{"positives": 1}', "{}"],
        "Reference": ["https://otx.example/ip/38.75.137.9", None, None],
    }
)

GEO = pd.DataFrame(
    {
        "IpAddress": ["81.2.69.142", "10.0.0.1", "216.160.83.56"],
        "City": ["London", None, "Milton"],
        "Latitude": [51.5142, None, 47.25],
        "Longitude": [-0.0931, None, -122.31],
        "Severity": ["high", "low", "information"],
    }
)

CATALOGUE = [
    {
        "entity": "IpAddress",
        "name": "geoloc",
        "container": "util",
        "help": "Location of an address.",
        "input": "value",
        "output": "DataFrame",
    },
    {
        "entity": "Dns",
        "name": "lookup_ioc",
        "container": "ti",
        "help": "TI lookup of a domain.",
        "input": "value",
        "output": "DataFrame",
    },
]


def test_lazy_imports_and_modules():
    assert huntkit.TiBrowser is TiBrowser
    assert huntkit.GeoMap is GeoMap
    assert huntkit.PivotBrowser is PivotBrowser
    assert huntkit.browse_results is browse_results
    for cls, name in ((TiBrowser, "ti_browser"), (GeoMap, "geo_map"), (PivotBrowser, "pivot_browser")):
        assert name in str(cls._esm) or "missing" in str(cls._esm)
        assert name in huntkit.__all__ or cls.__name__ in huntkit.__all__


def test_ti_browser_keywords_and_msticpy_spellings():
    view = browse_results(TI, ["warning", "HIGH"], height="300px", title=EVIL)
    assert view.severities == ["medium", "high"]
    assert view.height == 300
    assert view.title == EVIL
    assert _read(view.data).num_rows == 3
    assert TiBrowser(TI).severities is None
    assert TiBrowser(TI, providers="OTX").providers == ["OTX"]
    with pytest.raises(ValueError, match="unknown severity"):
        TiBrowser(TI, severities=["severe"])
    with pytest.raises(ValueError, match="height"):
        TiBrowser(TI, height="tall")
    with pytest.raises(KeyError, match="Provider"):
        TiBrowser(TI.drop(columns=["Provider"]))
    with pytest.raises(TypeError, match="unknown TI browser option"):
        TiBrowser(TI, severity="high")


def test_ti_browser_result_and_selection_in_the_input_kind():
    view = TiBrowser(TI)
    shown = pa.Table.from_pandas(TI.iloc[[0, 2]], preserve_index=False)
    view.result = _ipc(shown)
    assert isinstance(view.result, pd.DataFrame)
    assert list(view.result["Ioc"]) == ["38.75.137.9", "example.com"]
    view.selected_indices = [1]
    assert list(view.selected["Provider"]) == ["VirusTotal"]
    pv = TiBrowser(pl.from_pandas(TI))
    pv.result = _ipc(shown)
    assert isinstance(pv.result, pl.DataFrame)


def test_geo_map_keywords_aliases_and_checks():
    view = GeoMap(GEO, color_column="Severity")
    assert (view.latitude_column, view.longitude_column, view.label_column) == ("Latitude", "Longitude", "IpAddress")
    assert view.color_column == "Severity"
    assert view.cluster is True and view.cluster_radius == 40 and view.projection == "natural_earth"
    alias = GeoMap(
        GEO.rename(columns={"Latitude": "lat", "Longitude": "lon"}),
        lat_column="lat",
        long_column="lon",
        tooltip_columns="City",
    )
    assert (alias.latitude_column, alias.longitude_column, alias.source_columns) == ("lat", "lon", ["City"])
    assert GeoMap(GEO, label_column="City").label_column == "City"
    with pytest.raises(KeyError, match="Lat"):
        GeoMap(GEO, latitude_column="Lat")
    with pytest.raises(KeyError, match="Colour"):
        GeoMap(GEO, color_column="Colour")
    with pytest.raises(TypeError, match="unknown map option"):
        GeoMap(GEO, zoom_start=3)
    with pytest.raises(traitlets.TraitError):
        GeoMap(GEO, projection="mercator")
    with pytest.raises(traitlets.TraitError):
        GeoMap(GEO, cluster_radius=1000)


def test_geo_map_result_has_source_rows_and_clusters():
    view = GeoMap(GEO)
    located = pa.Table.from_pandas(GEO.iloc[[0, 2]], preserve_index=False)
    located = located.append_column("source_row", pa.array([0, 2], pa.int32())).append_column(
        "cluster", pa.array([0, 1], pa.int32())
    )
    view.result = _ipc(located)
    assert list(view.result["source_row"]) == [0, 2]
    view.selected_indices = [2]
    assert list(view.selected["City"]) == ["Milton"]


def test_pivot_browser_catalogue_forms():
    view = PivotBrowser(CATALOGUE, search="lookup", entity="Dns")
    assert json.loads(view.catalogue)[0]["name"] == "geoloc"
    assert view.search == "lookup" and view.entity == "Dns"
    assert view.data == b""
    per_entity = PivotBrowser({"Host": [{"name": "dns_resolve", "container": "util", "help": "h"}]})
    assert json.loads(per_entity.catalogue) == [
        {"entity": "Host", "name": "dns_resolve", "container": "util", "help": "h"}
    ]
    frame = PivotBrowser(pd.DataFrame(CATALOGUE))
    assert [e["entity"] for e in json.loads(frame.catalogue)] == ["IpAddress", "Dns"]
    assert json.loads(PivotBrowser(pl.DataFrame(CATALOGUE)).catalogue)[1]["name"] == "lookup_ioc"
    native = {
        "entities": [{"name": "IpAddress"}],
        "pivots": [{"entity": "IpAddress", "name": "ip_type", "container": "util", "help": "h", "inputColumn": "ip"}],
    }
    engine = PivotBrowser(native)
    assert json.loads(engine.catalogue) == native["pivots"]
    engine.selected_indices = [0]
    assert engine.selected["name"] == "ip_type"
    as_text = PivotBrowser(json.dumps(native))
    as_text.selected_indices = [0]
    assert as_text.selected["inputColumn"] == "ip"
    text = PivotBrowser(json.dumps(CATALOGUE))
    assert json.loads(text.catalogue) == CATALOGUE
    with pytest.raises(ValueError, match="not JSON"):
        PivotBrowser("[{")
    with pytest.raises(TypeError, match="unknown pivot browser option"):
        PivotBrowser(CATALOGUE, query="x")


def test_pivot_browser_selection_and_result():
    view = PivotBrowser(CATALOGUE)
    assert view.selected is None
    view.selected_indices = [1]
    view.selected_pivot = {"entity": "Dns", "name": "lookup_ioc", "container": "ti", "qualified": "Dns.ti.lookup_ioc"}
    assert view.selected["help"] == "TI lookup of a domain."
    view.result = _ipc(
        pa.table({k: [e[k] for e in CATALOGUE] for k in ("entity", "name", "container", "help", "input", "output")})
    )
    assert isinstance(view.result, pa.Table)
    assert view.result.column("name").to_pylist() == ["geoloc", "lookup_ioc"]


def test_pivot_browser_default_catalogue():
    import importlib

    try:
        importlib.import_module("huntkit.pivots")
        available = True
    except ImportError:
        try:
            importlib.import_module("huntkit._native").pivot_catalogue  # noqa: B018
            available = True
        except (ImportError, AttributeError):
            available = False
    if not available:
        with pytest.raises(TypeError, match="needs a catalogue"):
            PivotBrowser()
    else:
        view = PivotBrowser()
        assert view.catalogue and json.loads(view.catalogue)
