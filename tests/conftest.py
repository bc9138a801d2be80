import os
import subprocess
import sys
from pathlib import Path

import pytest

from dedup import pipeline

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
FIXTURES = REPO / "tests" / "fixtures"


# A tweet as published and fact-checks near it, one JSON Lines record each: the post repeats CDC_PAGE_CHECK best.
CDC_POST = ('{"id": "post-1", "text": "The CDC just quietly deleted a page that linked polio vaccines to cancer-causing '
            'viruses. What are they hiding? https://t.co/x1y2z3 \\u2014 Jane Roe (@janeroe) February 25, 2016"}\n')
DETAIN_CHECK = ('{"id": "check-1", "text": "The CDC has proposed a new rule to apprehend and detain anyone it suspects '
                'of illness."}\n')
POLIO_CHECK = ('{"id": "check-2", "text": "Polio vaccines given in the 1950s were contaminated with a virus that causes '
               'cancer."}\n')
CDC_PAGE_CHECK = '{"id": "check-3", "text": "The CDC removed a web page linking polio vaccines to cancer."}\n'


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
