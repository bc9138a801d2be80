import os
import subprocess
import sys
from pathlib import Path

import pytest

from dedup import pipeline

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = REPO / "tests" / "fixtures"


def run_dedup(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real `dedup` command line in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "dedup", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """The sample corpus indexed once with the real model."""
    store = tmp_path_factory.mktemp("sample") / "store"
    summary = pipeline.index_paths(store, [CORPUS])
    assert summary.added == 5 and not summary.problems
    return store
