"""Judge: decide whether a candidate pair carries the same claim, and label the match.

Every judge implements one interface (`Judge` in `verdicts.py`: the same inputs, the same `Verdicts`), and
the English ones share one cascade (`cascade.py`):

1. same wording once quotation marks, spacing and case are normalised: `exact` (`copies.py`);
2. a lightly edited copy (character similarity >= NEAR_EXACT_LEXICAL) whose facts agree: `near-exact`;
   for the judges of step 4 that read text, only if it swaps no word for another ("open flat" ~ "open
   lower"): one that does is `near-exact` if the judge says it is the same claim;
3. never the same claim when the facts of the two sentences conflict (`facts.py`, `figures.py`: another
   figure, the opposite polarity, another name in the same frame), whatever their characters or cosine;
4. otherwise `paraphrase` when the judge of paraphrases says so. `CrossEncoderVerifier` (the default,
   `cross_encoder.py`) asks a cross-encoder that reads the two sentences together (trained by
   scripts/train_cross_encoder.py), only for sentences that each state a fact, and asks for a surer
   verdict where the pair would be the only match between its two documents (`context.py`) or a post's
   (`posts.py`); `CosineVerifier` (`cosine.py`) accepts a cosine of at least its threshold;
   `PairModelVerifier` (`pair_model.py`) asks a logistic regression over the cosine and word-level
   features (`pair_features.py`, trained by scripts/train_verifier.py).

Pairs with a side not in English go to `TranslationJudge` (`translation.py`). Rewritten passages are
completed by `align.py`. Every word list the judges read is in `words.py`; the judges by name in
`verifiers.py`. The judge is its own stage so that a stronger judge of "same claim" versus "same topic"
can replace another without touching mining or clustering.
"""

from dedup.judge.cascade import cascade
from dedup.judge.context import Context
from dedup.judge.copies import COPY_RADIUS, COPY_REASONS, NEAR_EXACT_LEXICAL, copy_label, same_words, settle
from dedup.judge.cosine import DEFAULT_THRESHOLD, CosineVerifier
from dedup.judge.cross_encoder import CrossEncoderVerifier
from dedup.judge.pair_model import MODEL_PATH, PairModel, PairModelVerifier, default_pair_model
from dedup.judge.posts import PostRanking, one_post_side
from dedup.judge.translation import TRANSLATION, TranslationJudge, facts_conflict_across_languages
from dedup.judge.verdicts import (ACROSS_LANGUAGES, ALIGNED_IN_PASSAGE, EXACT, NEAR_EXACT, PARAPHRASE, Judge, Verdict,
                                  Verdicts)
from dedup.judge.verifiers import DEFAULT_VERIFIER, LEGACY_VERIFIER, VERIFIERS, make_verifier

__all__ = ["ACROSS_LANGUAGES", "ALIGNED_IN_PASSAGE", "COPY_RADIUS", "COPY_REASONS", "CosineVerifier",
           "CrossEncoderVerifier", "Context", "DEFAULT_THRESHOLD", "DEFAULT_VERIFIER", "EXACT", "Judge",
           "LEGACY_VERIFIER", "MODEL_PATH", "NEAR_EXACT", "NEAR_EXACT_LEXICAL", "PARAPHRASE", "PairModel",
           "PairModelVerifier", "PostRanking", "TRANSLATION", "TranslationJudge", "VERIFIERS", "Verdict", "Verdicts",
           "cascade", "copy_label", "default_pair_model", "facts_conflict_across_languages", "make_verifier",
           "one_post_side", "same_words", "settle"]
