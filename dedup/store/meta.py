"""What the store records about itself (model, verifier, checksums, schema) and what it holds, counted."""

from __future__ import annotations

from dedup.errors import DedupError
from dedup.store.base import Part
from dedup.store.schema import meta_value


class Meta(Part):
    """Key-value settings: the model and verifier a store was built with are kept and enforced."""

    def get(self, key: str) -> str | None:
        return meta_value(self.db, key)

    def set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def model(self) -> str | None:
        return self.get("model")

    @property
    def dimension(self) -> int:
        return int(self.get("dimension") or 0)

    def check_model(self, model: str, dimension: int | None = None) -> None:
        """Record the model on first use; refuse a different one afterwards."""
        stored = self.model
        if stored is None:
            with self.store.transaction():
                self.set("model", model)
                if dimension is not None:
                    self.set("dimension", str(dimension))
        elif stored != model:
            raise DedupError(
                f"{self.store.root}: store was built with model '{stored}', not '{model}'; "
                f"use --model {stored} or another --store"
            )

    def check_verifier(self, name: str) -> None:
        """Record the verifier on first use; refuse a different one afterwards (stored pairs would mix)."""
        stored = self.get("verifier")
        if stored is None:
            with self.store.transaction():
                self.set("verifier", name)
        elif stored != name:
            raise DedupError(f"{self.store.root}: store matches claims with verifier '{stored}', not '{name}'; "
                             f"use --verifier {stored} or another --store")

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT COUNT(*) FROM documents"),
            "sentences": one("SELECT COUNT(*) FROM sentences"),
            "claims": one("SELECT COUNT(*) FROM sentences WHERE vector_id IS NOT NULL"),
            "distinct_claims": one("SELECT COUNT(DISTINCT vector_id) FROM sentences WHERE vector_id IS NOT NULL"),
            "vectors": one("SELECT COUNT(*) FROM vectors"),
            "pairs": one("SELECT COUNT(*) FROM pairs"),
            "clusters": one("SELECT COUNT(*) FROM clusters"),
            "runs": one("SELECT COUNT(*) FROM runs"),
        }
