"""Embeddings: the OpenVINO path gives sentence-transformers' vectors."""

import numpy as np

from dedup.ingest.segment import segment
from dedup.match.embed import DEFAULT_MODEL, Embedder, OpenVinoEncoder, SentenceTransformerEncoder, default_model_path, model_id

from conftest import CORPUS


def test_the_default_model_runs_on_openvino_with_sentence_transformers_vectors():
    texts = [s.text for s in segment((CORPUS / "002.txt").read_text())]
    embedder = Embedder()
    assert isinstance(embedder.backend, OpenVinoEncoder)
    fast = embedder.encode(texts)
    reference = SentenceTransformerEncoder(str(default_model_path()), DEFAULT_MODEL).encode(texts, progress=False)
    assert fast.shape == (len(texts), 384)
    assert np.einsum("ij,ij->i", fast, reference).min() > 0.9999
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)


def test_models_are_recorded_by_short_name_or_absolute_path(tmp_path):
    assert model_id(None) == model_id("sentence-transformers/all-MiniLM-L6-v2") == DEFAULT_MODEL
    assert model_id(str(tmp_path)) == str(tmp_path.resolve())
    assert model_id("paraphrase-MiniLM-L3-v2") == "paraphrase-MiniLM-L3-v2"


def test_without_a_writable_cache_the_default_model_falls_back_to_sentence_transformers(monkeypatch, capsys):
    monkeypatch.setenv("DEDUP_CACHE", "/proc/no-such-cache")
    embedder = Embedder()
    assert isinstance(embedder.backend, SentenceTransformerEncoder)
    assert "using sentence-transformers" in capsys.readouterr().err
    vector = embedder.encode(["Prices rose sharply in March."])
    assert vector.shape == (1, 384) and np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)


def test_a_sentence_gets_the_same_vector_whatever_it_is_embedded_with():
    texts = [s.text for name in ("000.txt", "002.txt") for s in segment((CORPUS / name).read_text())]
    embedder = Embedder()
    together = embedder.encode(texts)
    one_by_one = np.concatenate([embedder.encode([text]) for text in texts])
    in_two_runs = np.concatenate([embedder.encode(texts[:7]), embedder.encode(texts[7:])])
    assert np.array_equal(together, one_by_one) and np.array_equal(together, in_two_runs)
