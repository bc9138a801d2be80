"""The cross-encoder, or with `--embedder` the embedding model, quantized to int8 (NNCF post-training
quantization) beside bfloat16 and float32: speed and agreement on held-out text. A measurement, not a path of the product (docs/performance.md, Tried and
dropped). NNCF is not a dependency: install it apart, e.g.

    .venv/bin/pip install --target /tmp/nncf --no-deps nncf tabulate psutil
    PYTHONPATH=/tmp/nncf .venv/bin/python scripts/compare_int8.py [--embedder]

Calibration: 300 pairs drawn from CheckThat train (tweet, claim) and MRPC (what the model trained on).
Scored: STS-B dev and the CheckThat dev tweets with their claims (never trained on), each pair read in
the order the verifier reads it, in batches of equal token count as `dedup` reads them.

`--embedder`: calibrated on 300 MRPC sentences; scored on the sentences of STS-B dev and the STS news
subsets and the CheckThat dev tweets as published: sentences a second, and of the pairs among them at the
candidate radius (cosine 0.6) and the post radius (0.45) in bfloat16, the share that int8 keeps there.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Callable

import _common  # noqa: F401  (this checkout's dedup first on the path, models offline)
import datasets
import numpy as np

from dedup.judge.cross_encoder import CROSS_ENCODER_PATH, CrossEncoder
from dedup.match.embed import (OpenVinoEncoder, _fingerprint, cache_folder, default_model_path, equal_length_batches,
                               file_fingerprint, model_inputs)


def compiled(path, precision: str):
    import openvino

    return openvino.Core().compile_model(str(path), "CPU", {"INFERENCE_PRECISION_HINT": precision,
                                                             "PERFORMANCE_HINT": "THROUGHPUT"})


def probabilities(model, tokenizer, pairs: list[tuple[str, str]]) -> np.ndarray:
    encoded = tokenizer.encode_batch(pairs)
    logits = np.zeros(len(pairs))
    queue = model.create_infer_request()
    for rows in equal_length_batches(encoded):
        logits[rows] = queue.infer(model_inputs(encoded, rows))[model.output(0)][:, 0]
    return 1.0 / (1.0 + np.exp(-logits))


def vectors(model, tokenizer, texts: list[str]) -> np.ndarray:
    """Normalised vectors, in batches of equal token count as `dedup` embeds (one request at a time)."""
    encoded = tokenizer.encode_batch(texts)
    found = np.zeros((len(texts), 384), dtype=np.float32)
    queue = model.create_infer_request()
    for rows in equal_length_batches(encoded):
        found[rows] = queue.infer(model_inputs(encoded, rows))[model.output(0)]
    return found / np.linalg.norm(found, axis=1, keepdims=True)


def compare_embedders() -> None:
    encoder = OpenVinoEncoder.for_model(default_model_path())  # exports the ONNX file if needed
    onnx = cache_folder() / f"{_fingerprint(default_model_path())}.onnx"
    pool = sorted({s for a, b, _ in datasets.mrpc() for s in (a, b)})
    random.Random(0).shuffle(pool)
    int8 = quantized(onnx, encoder.tokenizer.encode_batch(pool[:300]), "embedder")
    texts = sorted({s for a, b, _ in datasets.stsb("dev") for s in (a, b)} |
                   {s for pairs in datasets.sts_news().values() for a, b, _ in pairs for s in (a, b)})
    _, tweets, _ = datasets.checkthat("dev")
    texts += [datasets.as_published(text) for text in tweets.values()]
    found = timed(onnx, int8, lambda model, batch: vectors(model, encoder.tokenizer, batch), texts, "sentences")
    bfloat16 = found["bfloat16"] @ found["bfloat16"].T
    np.fill_diagonal(bfloat16, 0)
    for name in ("int8", "float32"):
        other = found[name] @ found[name].T
        np.fill_diagonal(other, 0)
        change = np.abs(other - bfloat16)[bfloat16 >= 0.45]
        kept = [float(((bfloat16 >= r) & (other >= r)).sum() / (bfloat16 >= r).sum()) for r in (0.6, 0.45)]
        print(f"{name} against bfloat16: pairs at cosine 0.6 kept {kept[0]:.4f}, at 0.45 {kept[1]:.4f}; cosine "
              f"changed by {change.mean():.4f} on average, {change.max():.3f} at most")


def quantized(onnx: Path, encoded: list, name: str) -> Path:
    """The model at `onnx` quantized to int8 by NNCF, calibrated on `encoded` inputs, saved in the dedup cache."""
    import nncf
    import openvino

    clock = time.perf_counter()
    model = nncf.quantize(openvino.Core().read_model(str(onnx)),
                          nncf.Dataset([model_inputs(encoded, np.array([i])) for i in range(len(encoded))]),
                          model_type=nncf.ModelType.TRANSFORMER, subset_size=len(encoded))
    print(f"quantized in {time.perf_counter() - clock:.0f} s")
    int8 = cache_folder() / f"{name}-int8-measurement.xml"
    openvino.save_model(model, str(int8))
    return int8


def timed(onnx: Path, int8: Path, run: Callable, items: list, unit: str) -> dict[str, np.ndarray]:
    """`run(model, items)` with the model in bfloat16, in int8 and in float32 (warmed up first), each timed."""
    outputs = {}
    for name, path, precision in (("bfloat16", onnx, "bf16"), ("int8", int8, "bf16"), ("float32", onnx, "f32")):
        model = compiled(path, precision)
        run(model, items[:64])
        clock = time.perf_counter()
        outputs[name] = run(model, items)
        print(f"{name}: {len(items) / (time.perf_counter() - clock):.0f} {unit} a second ({len(items)} {unit})")
    return outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", action="store_true", help="the embedding model instead of the cross-encoder")
    if parser.parse_args().embedder:
        return compare_embedders()
    reader = CrossEncoder()  # exports the ONNX file if needed
    onnx = cache_folder() / f"cross-encoder-{file_fingerprint(CROSS_ENCODER_PATH)}.onnx"
    claims, tweets, relevant = datasets.checkthat("train")
    calibration = [(tweets[t], claims[c]) for t, ids in relevant.items() if t in tweets for c in ids]
    calibration += [(a, b) for a, b, _ in datasets.mrpc()]
    random.Random(0).shuffle(calibration)
    calibration = [tuple(sorted(pair)) for pair in calibration[:300]]
    int8 = quantized(onnx, reader.tokenizer.encode_batch(calibration), "cross-encoder")

    held_out = [tuple(sorted((a, b))) for a, b, _ in datasets.stsb("dev")]
    claims, tweets, relevant = datasets.checkthat("dev")
    held_out += [tuple(sorted((tweets[t], claims[c]))) for t, ids in relevant.items() if t in tweets for c in ids]
    read = timed(onnx, int8, lambda model, batch: probabilities(model, reader.tokenizer, batch), held_out, "pairs")
    for name in ("int8", "float32"):
        change = np.abs(read[name] - read["bfloat16"])
        print(f"{name} against bfloat16: the same decision at 0.5 for "
              f"{np.mean((read[name] >= 0.5) == (read['bfloat16'] >= 0.5)):.4f} of pairs; "
              f"probability changed by {change.mean():.4f} on average, {change.max():.3f} at most")


if __name__ == "__main__":
    main()
