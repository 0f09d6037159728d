"""The contracts as other teams install them: `make dist`'s wheel holds the package alone, typed,
with its version and README, and the models work from an install of it in a clean virtualenv."""

from __future__ import annotations

import os
import shutil
import subprocess
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def uv() -> list[str]:
    """uv as `make` runs it: `uv run` names itself in $UV; else the one on PATH or python's."""
    found = os.environ.get("UV") or shutil.which("uv")
    return [found] if found else ["python3", "-m", "uv"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [*uv(), "build", "--package", "egisz-contracts", "--wheel", "--out-dir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [built] = out.glob("egisz_contracts-*.whl")
    return built


def test_the_wheel_holds_the_typed_contracts_alone_with_version_and_readme(wheel: Path) -> None:
    import egisz.contracts

    names = zipfile.ZipFile(wheel).namelist()
    assert "egisz/contracts/py.typed" in names
    assert "egisz/contracts/registry/learners.py" in names
    assert not [n for n in names if n.startswith("egisz/") and not n.startswith("egisz/contracts/")]
    assert not [n for n in names if "__pycache__" in n]
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert f"Version: {egisz.contracts.__version__}" in text
    assert "## Subscribe to an event" in text  # the README is the package's page


def test_a_clean_install_reads_an_event_with_the_models(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    subprocess.run(
        [*uv(), "pip", "install", "--python", str(python), str(wheel)],
        check=True,
        capture_output=True,
    )
    script = (
        "from egisz.contracts import __version__, subjects\n"
        "from egisz.contracts.events import CloudEvent\n"
        "from egisz.contracts.registry import WorkerRegistered\n"
        "e = CloudEvent[WorkerRegistered].model_validate_json("
        '\'{"id":"e1","source":"/egisz/registry","type":"x","time":"2026-12-01T00:00:00Z",'
        '"data":{"worker_id":"w1","snils":"1","last_name":"А","first_name":"Б",'
        '"birth_date":"1980-01-01","added_later":1}}\')\n'
        "print(__version__, subjects.WORKER_REGISTERED.stream, e.data.worker_id)\n"
    )
    out = subprocess.run([str(python), "-c", script], check=True, capture_output=True, text=True)
    import egisz.contracts

    assert out.stdout.split() == [egisz.contracts.__version__, "EGISZ_REGISTRY", "w1"]
