"""The package around the engines: cheap to import, typed, and one name for each engine."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys

import huntkit
from huntkit import _native


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_importing_huntkit_loads_no_engine() -> None:
    out = _python(
        "import sys, huntkit; print('huntkit._native' in sys.modules, 'huntkit.engines' in sys.modules)"
    )
    assert out == "False False"
    out = _python("import sys, huntkit; huntkit.decode; print('huntkit._native' in sys.modules)")
    assert out == "True"


def test_engines_load_no_widget_library() -> None:
    # Scripts and Spark workers call engines only: the notebook widgets' libraries load
    # with the first view.
    loaded = "print(any(m in sys.modules for m in ('anywidget', 'ipywidgets', 'traitlets')))"
    assert _python(f"import sys, huntkit, huntkit.spark; huntkit.decode; {loaded}") == "False"
    assert _python(f"import sys, huntkit; huntkit.Timeline; {loaded}") == "True"
    # `timeline` is the function whichever is imported first, as `ts_anomalies` is.
    for code in (
        "import huntkit.timeline, huntkit; print(callable(huntkit.timeline))",
        "import huntkit; huntkit.timeline; from huntkit.timeline import Timeline; "
        "print(callable(huntkit.timeline))",
    ):
        assert _python(code) == "True"


def test_ts_anomalies_is_the_function_whatever_is_imported_first() -> None:
    for code in (
        "import huntkit; from huntkit import TimeSeriesAnomalies; print(callable(huntkit.ts_anomalies))",
        "import huntkit; huntkit.ts_anomalies; import huntkit.ts_anomalies as m; "
        "from huntkit.ts_anomalies import TimeSeriesAnomalies; print(callable(huntkit.ts_anomalies))",
    ):
        assert _python(code) == "True"


def test_the_api_is_exported_and_typed() -> None:
    for name in (
        "inspect",
        "decode",
        "extract_iocs",
        "ts_anomalies",
        "stl",
        "bucket",
        "detect_polling",
        "sessionize",
        "score_sessions",
        "SessionModel",
        "build_process_tree",
        "HuntkitError",
    ):
        assert name in huntkit.__all__
        assert getattr(huntkit, name) is not None
    files = importlib.resources.files("huntkit")
    assert files.joinpath("py.typed").is_file()
    stub = files.joinpath("_native.pyi").read_text()
    public = {n for n in dir(_native) if not n.startswith("_")}
    for name in public:
        assert (f"def {name}(" in stub) or (f"class {name}" in stub), name
    assert _native.__version__ == huntkit.__version__


def test_results_say_what_they_hold() -> None:
    stream = _native.to_arrow(b"a,b\n1,2\n")
    assert stream.num_rows == 1 and stream.column_names == ["a", "b"]
    assert "1 rows" in repr(stream)
    model = huntkit.SessionModel.train([["a", "b"]])
    assert "commands" in repr(model)
