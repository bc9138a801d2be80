"""The run log: each `dedup index` run's start, end and summary (a run with no end was interrupted)."""

from __future__ import annotations

import json

from dedup.store.base import Part, now


class Runs(Part):
    """Index runs, oldest first."""

    def start_run(self, command: str) -> int:
        with self.store.transaction():
            return self.db.execute("INSERT INTO runs (started, command) VALUES (?, ?)", (now(), command)).lastrowid

    def finish_run(self, run_id: int, summary: dict) -> None:
        with self.store.transaction():
            self.db.execute("UPDATE runs SET finished=?, summary=? WHERE id=?", (now(), json.dumps(summary), run_id))

    def all(self, newest: int | None = None) -> list[dict]:
        """Every run (or the `newest` few), oldest first; a run with no end time was interrupted."""
        rows = self.db.execute("SELECT id, started, finished, command, summary FROM runs ORDER BY id DESC LIMIT ?",
                               (-1 if newest is None else newest,)).fetchall()
        return [{"run": run_id, "started": started, "finished": finished, "command": command,
                 "status": "finished" if finished else "interrupted", **json.loads(summary)}
                for run_id, started, finished, command, summary in reversed(rows)]

    def last_run(self) -> dict | None:
        runs = self.all(newest=1)
        return runs[0] if runs else None
