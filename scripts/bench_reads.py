"""How long the read commands take on a store of wire copy: `dedup pairs`, `clusters`, `provenance`, `report`.

The store is built once through `dedup index` (cached under the dedup cache folder): stories of ten
real news sentences (MRPC, STS, CheckThat, from ../shared/data), each carried by an original outlet
and 11 others a day or more later, verbatim (half), lightly edited (a word dropped from 30 % of the
sentences) or rewritten (sentences replaced by their labelled paraphrase), so that every claim is
repeated by up to 12 documents: at the default 100 stories, 12,000 sentences and over 50,000 pairs.
Each read command then runs in a fresh process, as a user runs it; the best of three wall-clock
times is printed with the command's peak memory.

    .venv/bin/python scripts/bench_reads.py [--stories 100]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)

from datasets import edited, pool_and_partners  # noqa: E402

OUTLETS_PER_STORY = 12
SENTENCES_PER_STORY = 10
READS = [["pairs", "--format", "csv"], ["clusters", "--format", "json"], ["provenance"],
         ["report", "--html", "{folder}/report.html"]]


def wire_copy(stories: int, seed: int = 0) -> list[dict]:
    """Documents ({id, outlet, published, text}) of `stories` stories, each carried by 12 outlets."""
    rng = random.Random(seed)
    pool, partners = pool_and_partners()
    rng.shuffle(pool)
    documents = []
    for story in range(stories):
        sentences = pool[story * SENTENCES_PER_STORY:(story + 1) * SENTENCES_PER_STORY]
        day = rng.randrange(300)
        outlets = rng.sample(range(40), OUTLETS_PER_STORY)
        for number, outlet in enumerate(outlets):
            kind = "original" if number == 0 else rng.choices(["verbatim", "edited", "rewritten"], [50, 35, 15])[0]
            if kind == "edited":
                version = [edited(s) if rng.random() < 0.3 else s for s in sentences]
            elif kind == "rewritten":
                version = [partners.get(s, s) for s in sentences]
            else:
                version = sentences
            published = f"2024-{1 + (day + number) // 28 % 12:02d}-{1 + (day + number) % 28:02d}"
            documents.append({"id": f"story{story}-{kind}-{number}", "outlet": f"Outlet {outlet}",
                              "published": published, "text": "\n\n".join(version)})
    return documents


def dedup(*args: str) -> tuple[float, int, str]:
    """(seconds, peak MB, stdout) of one `dedup` command in a fresh process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        clock = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "dedup", *args], stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)  # the child's own peak memory, not every child's
        seconds = time.perf_counter() - clock
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise SystemExit(f"dedup {' '.join(args)} failed: {err.read().strip()}")
        return seconds, usage.ru_maxrss // 1024, out.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100)
    args = parser.parse_args()
    from dedup.match.embed import cache_folder

    documents = wire_copy(args.stories)
    feed = "".join(json.dumps(d) + "\n" for d in documents)
    folder = cache_folder() / "bench" / f"reads-{hashlib.sha256(feed.encode()).hexdigest()[:12]}"
    store = folder / "store"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wire.jsonl").write_text(feed)
    seconds, peak, out = dedup("index", str(folder / "wire.jsonl"), "--store", str(store))
    print(out.strip())
    print(f"index: {seconds:.1f} s, peak {peak:,} MB (a second run on an indexed store only checks it)\n")
    stats = dict(line.split(":", 1) for line in dedup("stats", "--store", str(store))[2].splitlines())
    print(f"store: {stats['sentences'].strip()} sentences, {stats['pairs'].strip()} pairs, "
          f"{stats['clusters'].strip()} clusters\n")
    print(f"{'command':<42}{'seconds (best of 3)':>20}{'peak MB':>10}")
    for command in READS:
        best = min(dedup(*(part.format(folder=folder) for part in command), "--store", str(store)) for _ in range(3))
        label = "dedup " + " ".join(command).replace("{folder}/", "")
        print(f"{label:<42}{best[0]:>20.2f}{best[1]:>10,}")


if __name__ == "__main__":
    main()
