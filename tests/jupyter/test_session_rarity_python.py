"""The SessionRarity view's Python side: keywords (and MSTICPy's aliases), checks of
columns and options, saved models as text, dict or path, the result and the selection.

Run: tests/jupyter/.venv/bin/python -m pytest tests/jupyter/test_session_rarity_python.py
"""

import json
import subprocess

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.ipc
import pytest

import huntkit
from huntkit import SessionRarity
from views_support import CLI, DATA as EXAMPLES

DATA = EXAMPLES / "o365_sessions.csv"
OPTIONS = dict(user_columns=["UserId", "ClientIP"], time_column="TimeGenerated", event_column="Operation", params_column="Parameters")


@pytest.fixture(scope="module")
def frame():
    return pd.read_csv(DATA, parse_dates=["TimeGenerated"])


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A model and ranked sessions written by the CLI (what the view computes in the browser)."""
    if CLI is None:
        pytest.skip("the huntkit CLI is not built (cargo build --release -p huntkit-cli)")
    out = tmp_path_factory.mktemp("sessions")
    args = [str(CLI), "sessions", str(DATA), "--user-columns", "UserId,ClientIP", "--time-column", "TimeGenerated",
            "--event-column", "Operation", "--params-column", "Parameters", "--model-out", str(out / "model.json"),
            "--format", "arrow", "-o", str(out / "ranked.arrow")]
    subprocess.run(args, check=True, capture_output=True)
    return out


def test_lazy_import_and_traits(frame):
    assert huntkit.SessionRarity is SessionRarity
    view = SessionRarity(frame, **OPTIONS)
    assert view.user_columns == ["UserId", "ClientIP"]
    assert (view.time_column, view.event_column, view.params_column) == ("TimeGenerated", "Operation", "Parameters")
    assert view.window == 3 and view.model is None and view.compat == "huntkit"
    assert (view.max_session_minutes, view.max_gap_minutes) == (20.0, 2.0)
    table = pa.ipc.open_stream(view.data).read_all()
    assert table.num_rows == 1911
    assert view._esm  # the built module, or a message naming the missing build


def test_msticpy_keywords_are_aliases(frame):
    view = SessionRarity(frame, user_identifier_cols="UserId", time_col="TimeGenerated", event_col="Operation",
                         window_length=2, max_session_time_mins=30, max_event_separation_mins=5)
    assert view.user_columns == ["UserId"]
    assert (view.event_column, view.window) == ("Operation", 2)
    assert (view.max_session_minutes, view.max_gap_minutes) == (30.0, 5.0)


def test_unknown_keywords_missing_columns_and_bad_options(frame):
    with pytest.raises(TypeError, match="colour_by"):
        SessionRarity(frame, colour_by="x", **OPTIONS)
    with pytest.raises(KeyError, match="Nope"):
        SessionRarity(frame, user_columns=["Nope"], event_column="Operation")
    with pytest.raises(KeyError, match="Missing"):
        SessionRarity(frame, event_column="Operation", source_columns=["Missing"])
    with pytest.raises(TypeError, match="event_column"):
        SessionRarity(frame, user_columns="UserId")
    with pytest.raises(ValueError, match="window"):
        SessionRarity(frame, window=0, **{k: v for k, v in OPTIONS.items()})
    with pytest.raises(Exception):
        SessionRarity(frame, form="sentences", **OPTIONS)


def test_saved_models_as_text_dict_or_path(frame, tmp_path):
    text = json.dumps({"format": "huntkit.sessions.model", "version": 1})
    assert SessionRarity(frame, model=text, **OPTIONS).model == text
    assert json.loads(SessionRarity(frame, model=json.loads(text), **OPTIONS).model)["version"] == 1
    path = tmp_path / "m.json"
    path.write_text(text)
    assert SessionRarity(frame, model=path, **OPTIONS).model == text
    assert SessionRarity(frame, model=str(path), **OPTIONS).model == text
    with pytest.raises(FileNotFoundError):
        SessionRarity(frame, model=tmp_path / "none.json", **OPTIONS)
    with pytest.raises(ValueError, match="not JSON"):
        SessionRarity(frame, model="{nope", **OPTIONS)
    with pytest.raises(ValueError, match="format"):
        SessionRarity(frame, model={"a": 1}, **OPTIONS)


def test_the_cli_model_is_accepted_and_saved_back(frame, saved, tmp_path):
    view = SessionRarity(frame, model=saved / "model.json", **OPTIONS)
    assert json.loads(view.model)["sessions"] == 300
    view.model_json = view.model  # what the view writes back once it has scored
    view.save_model(tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text() == (saved / "model.json").read_text()
    with pytest.raises(RuntimeError):
        SessionRarity(frame, **OPTIONS).save_model(tmp_path / "x.json")


def test_result_is_one_row_per_session_in_the_input_kind(frame, saved):
    ranked = (saved / "ranked.arrow").read_bytes()
    view = SessionRarity(frame, **OPTIONS)
    view.result = ranked  # the bytes the view writes
    result = view.result
    assert isinstance(result, pd.DataFrame)
    assert len(result) == 300
    assert list(result["rank"][:3]) == [1, 2, 3]
    assert result["UserId"].iloc[0] == "user000028"
    polars_view = SessionRarity(pl.from_pandas(frame), **OPTIONS)
    polars_view.result = ranked
    assert isinstance(polars_view.result, pl.DataFrame)
    assert polars_view.result.height == 300


def test_selected_are_the_input_rows_of_the_selected_sessions(frame):
    view = SessionRarity(frame, **OPTIONS)
    rows = frame.index[(frame["UserId"] == "user000028") & (frame["ClientIP"] == "10.0.0.88")].tolist()
    view.selected_indices = rows
    picked = view.selected
    assert isinstance(picked, pd.DataFrame)
    assert picked["Operation"].tolist() == frame["Operation"].iloc[rows].tolist()


def test_csv_bytes_input_skips_the_column_check():
    view = SessionRarity(DATA.read_bytes(), **OPTIONS)
    assert view.event_column == "Operation"
