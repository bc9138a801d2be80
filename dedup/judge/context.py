"""How sure a paraphrase verdict must be, given what else its two documents share."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Context:
    """How sure a paraphrase verdict must be, given what else its two documents share.

    A claim that is the only thing two documents share is judged on its own merit: claims travel alone,
    lifted into a tweet, a headline, an article about something else. The model must lean to it (`lone`) and
    the two readers agree (cosine + `weight` x probability at least `lone_score`: the model alone takes
    claims of one topic for one claim, the cosine alone cannot tell a claim from its look-alike; a pair the
    model is unsure of needs a cosine all the higher). Its
    facts must agree all the more: where each side names someone or something the other does not ("Hurricane Harvey" ~
    "Hurricane Katrina", "Montana passed a law" ~ "Wyoming passed a bill"), nothing else the documents
    share says it is the same claim, and it is another one (the model is not asked). Between two documents
    that share `shared` copies or more, and twice as many copies as paraphrases, one is a copy of the
    other, and a sentence it words differently was changed on purpose, usually to say something else
    (`copied`). Between two documents that share `shared` claims otherwise, the rest of the rewritten
    passage needs less (`rewritten`), as text-reuse tools align passages. The candidates between two
    documents are always judged in one run (the later document's), so an incremental build still equals
    a clean one."""

    lone: float
    copied: float
    rewritten: float
    shared: int = 2
    lone_score: float = 0.0  # a lone pair also needs cosine + `weight` x probability at least this
    weight: float = 0.3
    lone_cosine: float = 0.0  # ... and a cosine of at least this, however sure the model is

    def readers_agree(self, similarity, probability=1.0):
        """Whether the two readers agree on a lone pair: the cosine reaches `lone_cosine` and cosine + `weight` x
        probability reaches `lone_score` (with the default probability, whether a sure model could make them
        agree at all)."""
        return np.logical_and(similarity >= self.lone_cosine, similarity + self.weight * probability >= self.lone_score)

    def threshold(self, base: float, copies, paraphrases):
        """The threshold for pairs whose documents share `copies` and `paraphrases` other matches (numbers,
        or arrays of them, one per pair)."""
        copies, paraphrases = np.asarray(copies), np.asarray(paraphrases)
        sharing = copies + paraphrases
        needed = np.where((copies >= self.shared) & (copies >= 2 * paraphrases), self.copied,  # one copies the other
                          np.where(sharing >= self.shared, self.rewritten, np.where(sharing == 0, self.lone, base)))
        return float(needed) if needed.ndim == 0 else needed
