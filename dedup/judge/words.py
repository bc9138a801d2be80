"""Every word list a judge reads, in one place: negations, refusals, stop words, words that are not names.

The lists differ by judge on purpose, each the one its judge was built or trained with: the facts step
(`dedup.judge.facts`) reads the full `NEGATIONS`; the pair model's features (`dedup.judge.pair_features`)
count `PAIR_MODEL_NEGATIONS`, the words it was trained with (retrain it, scripts/train_verifier.py, before
changing them); the judge across languages (`dedup.judge.translation`) looks for `CROSS_LANGUAGE_NEGATIONS`
in English, Russian, Ukrainian and Belarusian. A change here is a change of verdicts: rerun the evaluations
(scripts/eval_quality.py).
"""

from __future__ import annotations

# The negations every judge knows, and the verbs of denial
PLAIN_NEGATIONS = frozenset("not no never none nobody nothing neither nor without".split())
DENIALS = frozenset("deny denies denied".split())

# "denied" negates what it governs; verbs of refusal are left out: paraphrases swap "refused", "dismissed",
# "rejected" and "declined" freely, and listing one of them would set it against the others
NEGATIONS = PLAIN_NEGATIONS | DENIALS | frozenset("cannot rarely seldom hardly barely scarcely "
                      "denying denial unless dont doesnt didnt isnt wasnt arent werent cant "
                      "couldnt wouldnt shouldnt havent hasnt hadnt wont".split())
# capitalised words that are not names: sentence-initial function words, titles, pronouns
NOT_NAMES = frozenset(
    "a an the this that these those there their they then when what which while where who whom whose why how "
    "however but and or if as at in on for of to from by with after before during since until he she we it i you "
    "his her our its my your mr mrs ms dr sen rep gov gen president minister chief prime state house senate "
    "sgt sergeant lt lieutenant col colonel capt captain maj major cpl corporal adm admiral cmdr commander det "
    "detective insp inspector supt superintendent "
    "according also meanwhile still yet so thus therefore today yesterday".split())
# names of days and months: a date, not someone or something else a claim is about ("on Monday" ~ "Mr. Kuo said")
TIME_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                       "june july august september october november december".split())
STOP_WORDS = frozenset(
    "a an the of to in on at for and or but is are was were be been being has have had do does did it its this "
    "that these those with as by from he she they we you i me us them him his her their our your my said says say "
    "will would could should may might can must shall than then there here which who whom what when where also "
    "into over about after before up down out more most such so if just very really simply all some any each "
    "every other another much many lot lots one own well even only now again ever already always still together "
    "therefore thus hence however get got make made go going like".split())

REFUSALS = frozenset("refused refuses refusing refusal".split())  # "refused to recuse himself" ~ "would not recuse"
DECLINING = frozenset("declined declines declining".split())  # "declined to comment", not "shares declined 3%"
LACKING = frozenset("lack lacks lacked lacking".split())  # "lacked the authority" ~ "had no authority"
# Words that negate by their meaning: "for failing to address" ~ "for not addressing", "unwilling to subordinate" ~
# "not willing to", "prohibits supply" ~ "no equipment should be supplied", "based on trust rather than on arms" ~
# "on trust and not on arms", "acquitted" ~ "found not guilty". They answer a negation on the other side but do
# not conflict with a plain verb: "failed to get" ~ "their failure, three times in a row, to get"; "failing to
# meet targets" ~ "missing targets"; "unable to reach" ~ "yet to reach"; "banned" ~ "outlawed"; "opposed the tax" ~
# 'said "no" to the tax'.
NEGATING_WORDS = REFUSALS | frozenset(
    "refuse fail fails failed failing failure unable unwilling prohibit prohibits prohibited prohibiting prohibition "
    "ban bans banned banning forbid forbids forbade forbidden bar bars barred barring acquit acquits acquitted "
    "acquittal oppose opposes opposed opposing".split())  # a refusal not followed by "to" ("refused permission") counts here
NEGATING_PHRASES = {"rather": "than", "instead": "of"}

# What the pair model's `negation_mismatch` feature counts (with any word ending in "n't")
PAIR_MODEL_NEGATIONS = PLAIN_NEGATIONS | DENIALS
# Words that say nothing about what a sentence claims, as the pair model's features leave them out
PAIR_MODEL_STOP_WORDS = frozenset(
    "a an the of to in on at for and or but is are was were be been being has have had do does did it its this "
    "that these those with as by from he she they we you i his her their our your said says say will would could "
    "should may might can not no than then there here which who whom what when where why how also into over "
    "about after before up down out more most such so if just".split())

# Negations the judge across languages looks for (besides "n't"): English, then Russian, Ukrainian, Belarusian
CROSS_LANGUAGE_NEGATIONS = PLAIN_NEGATIONS | {"cannot"}
CROSS_LANGUAGE_NEGATIONS_CYRILLIC = ("не", "нет", "ни", "никогда", "ничего", "никто", "без", "ні", "ніколи", "ніхто", "няма",
                                     "ніколі")
