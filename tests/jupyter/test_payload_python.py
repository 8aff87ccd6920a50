"""The PayloadView's Python side: a text or a frame and its column, checks of columns and
keywords, the result (the decoder's records) and the indicators read back as frames, the
selection.

Run: tests/jupyter/.venv/bin/python -m pytest tests/jupyter/test_payload_python.py
"""

import subprocess

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.ipc
import pytest

import huntkit
from huntkit import PayloadView
from views_support import CLI, DATA, ipc_bytes as _ipc, read_ipc as _read

TEXT = (DATA / "base64msg.txt").read_text()


# What the view writes to `indicators` (built in the browser from the engine's matches).
INDICATORS = pa.table(
    {
        "IoCType": ["url", "dns", "ipv4"],
        "Observable": ["http://evil.example.com/a", "evil.example.com", "203.0.113.7"],
        "raw": ["hxxp://evil[.]example.com/a", "evil[.]example.com", "203.0.113.7"],
        "defanged": [True, True, False],
        "SourceIndex": pa.array([1, 1, 1], pa.int32()),
        "Layer": ["1", "1", "source"],
        "start": pa.array([4, 11, 40], pa.int32()),
        "end": pa.array([31, 29, 51], pa.int32()),
    }
)


@pytest.fixture(scope="module")
def records():
    """The decoder's record table for base64msg.txt, as the view's engine computes it."""
    if CLI is None:
        pytest.skip("the huntkit CLI is not built (cargo build --release -p huntkit-cli)")
    out = subprocess.run([str(CLI), "decode", str(DATA / "base64msg.txt"), "--format", "arrow"], check=True, capture_output=True)
    return out.stdout


def test_a_text_goes_to_the_text_trait():
    view = PayloadView(TEXT)
    assert view.text == TEXT
    assert view.data == b""
    assert view.column is None
    assert "missing from this install" not in str(view._esm), "the built module ships with the package"
    assert view.selected is None, "a single text has no input rows"
    assert view.result is None and view.indicators is None, "nothing until the view has drawn"
    assert PayloadView(TEXT.encode()).text == TEXT, "bytes without a column are a text"
    assert isinstance(huntkit.PayloadView, type)


def test_keywords_and_columns_are_checked():
    with pytest.raises(TypeError, match="unknown payload view option.*colour"):
        PayloadView(TEXT, colour="red")
    frame = pd.DataFrame({"CommandLine": ["a", "b"], "Host": ["x", "y"]})
    with pytest.raises(KeyError, match="Nope"):
        PayloadView(frame, column="Nope")
    with pytest.raises(ValueError, match="column must be supplied"):
        PayloadView(frame)
    assert PayloadView(frame[["CommandLine"]]).column == "CommandLine", "a one-column frame names itself"
    with pytest.raises(TypeError):
        PayloadView(text=TEXT)
    with pytest.raises(Exception):
        PayloadView(TEXT, compat="other")
    view = PayloadView(TEXT, utf16=True, compat="msticpy", max_depth=5, min_length=40, ioc_types=["url", "ipv4"], include_paths=True, ignore_tlds=True, max_chars=2048, title="t", height=500, group="g")
    assert (view.utf16, view.compat, view.max_depth, view.ioc_types, view.max_chars, view.group) == (True, "msticpy", 5, ["url", "ipv4"], 2048, "g")


def test_frame_inputs_and_selection():
    cmds = ["cmd /c dir", "powershell -enc SQBFAFgA", TEXT]
    frame = pd.DataFrame({"CommandLine": cmds, "Host": ["a", "b", "c"]})
    view = PayloadView(frame, column="CommandLine")
    assert view.text is None
    assert _read(view.data).column("CommandLine").to_pylist() == cmds
    view.selected_indices = [2]
    assert isinstance(view.selected, pd.DataFrame)
    assert view.selected["Host"].tolist() == ["c"]

    polars_view = PayloadView(pl.from_pandas(frame), column="CommandLine")
    polars_view.selected_indices = [0, 1]
    assert isinstance(polars_view.selected, pl.DataFrame)
    assert polars_view.selected["Host"].to_list() == ["a", "b"]

    arrow_view = PayloadView(pa.Table.from_pandas(frame), column="Host")
    arrow_view.selected_indices = [1]
    assert arrow_view.selected.column("Host").to_pylist() == ["b"]


def test_result_and_indicators_read_back_in_the_input_kind(records):
    view = PayloadView(TEXT)
    view.result = memoryview(records)  # as the browser sends it
    view.indicators = memoryview(_ipc(INDICATORS))
    result = view.result
    assert isinstance(result, pd.DataFrame), "a text gives pandas (as MSTICPy's unpack_items)"
    assert result.shape[0] == 16
    assert list(result.columns[:12]) == ["reference", "original_string", "file_name", "file_type", "input_bytes", "decoded_string", "encoding_type", "file_hashes", "md5", "sha1", "sha256", "printable_bytes"]
    assert result.loc[result.file_name == "dllenc.txt", "md5"].tolist() == ["9fd687fb66a85f89cc413728a179fb0d"] * 2
    iocs = view.indicators
    assert isinstance(iocs, pd.DataFrame)
    assert iocs["Observable"].tolist()[0] == "http://evil.example.com/a"
    assert view.indicators is iocs, "read once, kept"
    assert view.refanged() == ["http://evil.example.com/a", "evil.example.com", "203.0.113.7"]
    assert view.refanged(["ipv4"]) == ["203.0.113.7"]
    # The synced value is always the stored bytes.
    state = view.get_state()
    assert bytes(state["indicators"]) == _ipc(INDICATORS) or state["indicators"] == _ipc(INDICATORS)

    frame = pl.DataFrame({"CommandLine": [TEXT]})
    pview = PayloadView(frame, column="CommandLine")
    pview.indicators = _ipc(INDICATORS)
    assert isinstance(pview.indicators, pl.DataFrame)
    assert pview.refanged(["dns"]) == ["evil.example.com"]
    aview = PayloadView(pa.table({"c": [TEXT]}), column="c")
    aview.indicators = _ipc(INDICATORS)
    assert isinstance(aview.indicators, pa.Table)
    assert aview.refanged() == view.refanged()


def test_set_data_switches_between_text_and_frame():
    view = PayloadView(TEXT)
    frame = pd.DataFrame({"CommandLine": ["x"], "Host": ["h"]})
    view.set_data(frame, column="CommandLine")
    assert (view.text, view.column) == (None, "CommandLine")
    assert _read(view.data).num_rows == 1
    view.selected_indices = [0]
    assert view.selected["Host"].tolist() == ["h"]
    view.set_data("just text")
    assert (view.text, view.data, view.column, view.selected_indices) == ("just text", b"", None, [])
    with pytest.raises(ValueError):
        view.set_data(frame)
