"""The frame libraries are an extra of the install: where one is missing, the call that
needs it says what to install; where the extension is missing, the engines say to use the
views; and the package shows only its public names."""

from __future__ import annotations

import subprocess
import sys

import huntkit

PROCS = "../../examples/data/processes_on_host.csv"


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_a_missing_pyarrow_says_what_to_install() -> None:
    for call in (
        "huntkit.inspect(df)",
        "huntkit.build_process_tree(df)",
        "huntkit.DataTable(df)",
    ):
        done = _run(
            "import sys; sys.modules['pyarrow'] = None\n"
            f"import pandas as pd, huntkit\ndf = pd.read_csv({PROCS!r})\n"
            f"try:\n    {call}\nexcept ModuleNotFoundError as e:\n"
            "    print(e.name, '|', e)\nelse:\n    print('no error')"
        )
        assert done.returncode == 0, done.stderr
        name, message = done.stdout.split("|", 1)
        assert name.strip() == "pyarrow", (call, done.stdout)
        assert "pip install pyarrow" in message and "huntkit[pandas]" in message, (call, message)


def test_without_the_extension_the_engines_say_to_use_the_views() -> None:
    done = _run(
        "import sys; sys.modules['huntkit._native'] = None\n"
        "import huntkit\nhuntkit.Timeline, huntkit.ProcessTree\n"
        "try:\n    huntkit.decode('x')\nexcept ImportError as e:\n    print(e)"
    )
    assert done.returncode == 0, done.stderr
    assert "Use the view instead" in done.stdout and "huntkit.PayloadView" in done.stdout


def test_dir_shows_only_public_names() -> None:
    names = dir(huntkit)
    assert "decode" in names and "ProcessTree" in names and "HuntkitError" in names
    assert [n for n in names if n.startswith("_") and n != "__version__"] == []
    for helper in ("sys", "types", "importlib", "Any", "annotations", "engines"):
        assert helper not in names


def test_every_engine_error_is_a_value_error() -> None:
    for cls in (huntkit.HuntkitError, huntkit.ColumnNotFoundError, huntkit.UnknownProcessError):
        assert issubclass(cls, ValueError)
    assert issubclass(huntkit.ColumnNotFoundError, LookupError)
