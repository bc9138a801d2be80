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


def test_a_damaged_compiled_model_is_compiled_again_with_the_same_vectors(tmp_path, monkeypatch):
    """OpenVINO keeps each compiled model beside its export (a run loads it in a fifth of the time); a blob
    left half-written by a killed run, or damaged since, is compiled again, and the vectors do not change."""
    import shutil

    from dedup.match.embed import _fingerprint, cache_folder

    texts = [s.text for s in segment((CORPUS / "002.txt").read_text())]
    export = cache_folder() / f"{_fingerprint(default_model_path())}.onnx"
    expected = Embedder().encode(texts)  # exports the model to the cache, if it is not there yet
    monkeypatch.setenv("DEDUP_CACHE", str(tmp_path))
    shutil.copy(export, tmp_path / export.name)
    assert np.array_equal(Embedder().encode(texts), expected)  # compiled, and the blob written
    blob, = (tmp_path / "compiled").glob("*.blob")
    blob.chmod(0o600)
    blob.write_bytes(blob.read_bytes()[:1_000_000])
    assert np.array_equal(Embedder().encode(texts), expected)
    assert blob.stat().st_size > 1_000_000  # written whole again
