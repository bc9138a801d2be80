"""What one index run did, stage by stage: counts, seconds and peak memory (`dedup runs`, scripts/bench.py)."""

from __future__ import annotations

import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from dedup.ingest.corpus import Problem


@dataclass
class IndexSummary:
    """What one `index` run did."""

    run: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    sentences: int = 0
    claims: int = 0
    embedded: int = 0  # new distinct wordings embedded in this run
    new_pairs: int = 0
    pairs: int = 0
    new_clusters: list[int] = field(default_factory=list)
    grown_clusters: dict[int, int] = field(default_factory=dict)  # cluster id -> documents before
    clusters: int = 0
    traced: int = 0  # clusters whose provenance was (re)traced
    embedded_multilingual: int = 0  # wordings embedded by the multilingual model in this run
    matched_anew: int = 0  # claims matched again because the store's judge changed
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, summed over its steps
    peak_mb: dict[str, int] = field(default_factory=dict)  # the process's peak memory during each stage
    verdicts: dict[str, int] = field(default_factory=dict)  # candidates decided at each step of the verifier
    problems: list[Problem] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage (adding up its steps) and note the peak memory when it ends: the one place
        where stages are timed, read by `dedup runs` and `scripts/bench.py`."""
        clock = time.perf_counter()
        reset_peak_memory()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - clock, 3)
            self.peak_mb[name] = max(self.peak_mb.get(name, 0), peak_memory_mb())

    def as_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "problems"}
        return {**data, "problems": [str(p) for p in self.problems]}


def reset_peak_memory() -> None:
    """Start a new peak-memory reading (Linux: clear the process's high-water mark; elsewhere the
    peaks are the process's so far)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def peak_memory_mb() -> int:
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
