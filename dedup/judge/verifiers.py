"""The judges a store can be built with, by the name it records (`dedup index --verifier NAME`)."""

from __future__ import annotations

from dedup.judge.cosine import CosineVerifier
from dedup.judge.cross_encoder import CrossEncoderVerifier
from dedup.judge.pair_model import PairModelVerifier
from dedup.judge.verdicts import Judge

VERIFIERS = {"cosine": CosineVerifier, "pair-model": PairModelVerifier, "cross-encoder": CrossEncoderVerifier}
DEFAULT_VERIFIER = "cross-encoder"
LEGACY_VERIFIER = "cosine"  # what stores that do not record their verifier were built with


def make_verifier(name: str) -> Judge:
    if name not in VERIFIERS:
        raise ValueError(f"unknown verifier '{name}'; choose one of {', '.join(VERIFIERS)}")
    return VERIFIERS[name]()
