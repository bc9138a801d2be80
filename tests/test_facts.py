"""Facts decide, not characters: another figure, the opposite polarity or another name is another claim."""

from dedup.judge.facts import facts_conflict, facts_of, names_differ, states_a_fact
from dedup.judge.figures import figures_agree


def test_another_figure_is_another_claim():
    assert facts_conflict("The carmaker will cut 2,000 jobs in Germany.", "The carmaker will cut 5,000 jobs in Germany.") == "figures"
    assert facts_conflict("Intel expects sales between $8.1 billion and $8.7 billion.",
                          "Intel expects sales between $6.9 billion and $7.5 billion.") == "figures"
    assert facts_conflict("The law was passed in 1991.", "The law was passed in 1994.") == "figures"
    assert facts_conflict("Second quarter sales came in at $645 million, up from $600 million the year before.",
                          "Second quarter sales came in at $1,290 million, up from $600 million the year before.")
    # a round figure is not every figure it could be rounded from: a CheckThat claim and its template
    assert facts_conflict("Publix is giving away $100 grocery coupons to Facebook users.",
                          "Publix is giving away $75 and $80 grocery coupons to Facebook users.") == "figures"
    assert not figures_agree("250", "300") and not figures_agree("1.5", "2")


def test_another_ordinal_is_another_claim():
    assert facts_conflict("The bank reported its second-quarter results on Tuesday.",
                          "The bank reported its third-quarter results on Tuesday.") == "figures"
    # two versions of one legend among CheckThat's fact-checked claims: another student, another grade
    assert facts_conflict("Finally, yet another student submits the paper for a fourth time and receives an A.",
                          "The third student to hand in the same paper receives only a B from the professor.") == "figures"


def test_a_rounded_or_an_added_figure_is_the_same_claim():
    # both are paraphrases in MRPC
    assert not facts_conflict("SARS has killed 296 people on China's mainland and infected more than 5,200.",
                              "Throughout China's mainland, the disease has killed 300 people and infected more than 5,270.")
    assert not facts_conflict("Mr. Bergonzi was the finance chief from 1995 until his departure in 1999.",
                              "Mr. Bergonzi was the chief financial officer from 1995 until his departure.")
    assert figures_agree("4.4", "4") and figures_agree("1.71", "1.7") and figures_agree("9.95", "9.99")
    assert not figures_agree("29", "32") and not figures_agree("10", "20") and not figures_agree("1991", "1994")
    assert not facts_conflict("The deal is worth $2.5 billion.", "The deal is worth $2,500 million.")
    # an MRPC paraphrase: a fraction written as a decimal
    assert not facts_conflict("Children typically treat a 20-ounce soda bottle as one serving, although it actually "
                              "contains 2 ½ 8-ounce servings.",
                              "Children typically treat a 20-ounce soda bottle as one serving, while it actually "
                              "contains 2.5.")


def test_a_measure_in_another_unit_is_the_same_figure():
    # MRPC pairs: the distance converted (and rounded) by one outlet
    assert not facts_conflict("In Chatsworth, 52km north-west of Los Angeles, residents were told to leave.",
                              "In Chatsworth, 32 miles northwest of Los Angeles, residents were told to leave.")
    assert not facts_conflict("The capsule landed on its side and drifted about 12 metres.",
                              "The capsule landed on its side and was dragged about 40ft.")
    assert not facts_conflict("The talks lasted two days.", "The talks lasted 48 hours.")
    assert facts_conflict("The town lies 30 miles north of the border.", "The town lies 30 km north of the border.") == "figures"
    # in one unit, a rounding is still a rounding
    assert not facts_conflict("The new road is 4.4 miles long.", "The new road is 4 miles long.")


def test_a_scale_written_as_a_letter_or_a_compound_is_the_same_figure():
    # STS 2014 headlines and MRPC pairs of one claim
    assert not facts_conflict("Macau Gambling Revenue Hits Record $38 bn in 2012", "Macau gambling revenue hits record US$38b in 2012")
    assert not facts_conflict("Samsung profit at record $6.6 billion", "samsung profit soars to $6.6b record")
    assert not facts_conflict("The loss stemmed from a 1.5 billion pound assets writedown.",
                              "The loss stemmed from a 1.5 billion-pound asset writedown.")
    assert facts_of("Samsung profit soars to $6.6B record").names == frozenset()
    # "per" is a percentage only as "per cent"
    assert facts_of("Brent rose to $28.39 per barrel.").figures == (("28.39", "money"),)
    assert facts_conflict("They could face fines of up to $120,000.", "They could face fines of up to $11,000 per call.")


def test_links_and_a_tweets_byline_state_no_figure():
    # a CheckThat 2020 tweet and the fact-checked claim it repeats
    tweet = ("Internet challenge leads to shooting of 17-year-old, Memphis police say https://t.co/dU20nqoveS "
             "— Clarion Ledger (@clarionledger) January 26, 2018")
    assert facts_of(tweet).figures == (("17", "age"),)
    assert not facts_conflict("OMG! Iran's regime just announced an $80 million bounty for the head of "
                              "@realDonaldTrump pic.twitter.com/Yd0VqRzk3r",
                              "Iran has offered an $80M bounty for the head of U.S. President Donald Trump.")


def test_thousands_glued_to_a_figure_scale_it_money_or_not():
    # a CheckThat 2020 train tweet and the fact-check's headline
    assert not facts_conflict("Bill O'Reilly did his own poll of 25K ppl.",
                              "Bill O'Reilly Telephone Poll of 25,000 Voters Shows Trump with a Huge Lead?")
    assert facts_conflict("A poll of 25K people.", "A poll of 2,500 people.")
    # a glued "M" is millions only after money: it is as often a unit or a name
    assert facts_of("It has 128M bytes of memory.").figures == (("128", "number"),)
    assert facts_of("Iran offered an $80M bounty.").figures == (("80000000", "money"),)


def test_a_number_written_as_two_words_is_a_figure():
    # MRPC paraphrases, and a count changed
    assert not facts_conflict("Fifty-seven senators, including 24 Republicans, have signed the letter.",
                              "Of those who signed the letter, 57 are senators, including 24 Republicans.")
    assert facts_conflict("Twenty-eight people were believed to have been spending Christmas Day with the caretaker.",
                          "Twenty-seven people were believed to have been spending Christmas Day with the caretaker.") == "figures"


def test_figures_of_different_kinds_are_two_details_not_a_conflict():
    # MRPC paraphrases: a count against an age, a year against a count of people
    assert not facts_conflict("Peterson has been charged with two counts of murder in the deaths of his wife and son.",
                              "Peterson, 31, is now charged with murder in the deaths of his 27-year-old wife and their "
                              "unborn son.")
    assert not facts_conflict("As part of a 2001 agreement to extradite them from Canada, prosecutors agreed not to "
                              "seek the death penalty.",
                              "As part of the agreement to extradite the two best friends from Canada, prosecutors "
                              "agreed not to seek the death penalty for convictions.")
    assert not facts_conflict("South Asia follows, with 1.1 millions youths infected — 62 percent of them female.",
                              "Of the 1.1 million infected in south Asia, 62% are female.")
    # the same kind still conflicts, a year-like count included
    assert facts_conflict("More than 2,000 insurgents were involved in the attack.",
                          "More than 2002 insurgents were involved in the attack.") == "figures"
    assert facts_of("The Dow ended at 9,191.09.").figures == (("9191.09", "number"),)


def test_a_negated_copy_is_another_claim():
    assert facts_conflict("States of emergency were declared in three regions.",
                          "States of emergency were not declared in three regions.") == "polarity"
    assert facts_conflict("The ministry denied that the talks had failed.",
                          "The ministry said that the talks had failed.") == "polarity"
    # a double negation keeps the polarity
    assert not facts_conflict("We had nothing to do with the decision.", "We did not have anything to do with the decision.")


def test_a_negation_counts_where_it_governs_what_the_other_side_states():
    # STS tweet-news: a tweet's aside negates nothing the headline it repeats states
    assert not facts_conflict("not so good news .... nytimes : german economy shrank in fourth quarter",
                              "german economy probably shrank in fourth quarter")
    assert not facts_conflict("not in my diet but hamburger eaters should be aware * horsemeat found in hamburgers "
                              "in britain & ireland", "horsemeat found in hamburgers in britain and ireland")
    # what it governs, the other states plainly: another claim
    assert facts_conflict("Palin is no longer a commentator for Fox News.",
                          "Palin is a commentator for Fox News.") == "polarity"
    assert facts_conflict("NATO members have not refused to ratify the amended treaty.",
                          "NATO members have refused to ratify the amended treaty.") == "polarity"
    # a negation that governs no word of its own ("is not.") negates the whole
    assert facts_conflict("Ahmadinejad is embarking on an adventure; Bernanke is not.",
                          "Ahmadinejad is embarking on an adventure; Bernanke is.") == "polarity"


def test_negations_without_apostrophes_and_unless_count():
    # MRPC paraphrases: "if ... not" ~ "unless", "don't" ~ "dont"
    assert not facts_conflict("If the subsidies are not repealed, the European Union is threatening trade sanctions.",
                              "The European Union is threatening trade sanctions unless the subsidies are repealed.")
    assert not facts_conflict("But Mr. Peterson added, \"I don't know anybody in the conference committee who's "
                              "fighting to keep it out completely.\"",
                              "But Peterson added, I dont know anybody in the conference committee whos fighting to "
                              "keep it out completely.")
    assert not facts_conflict("Some of the company's software developers will join Microsoft, but details haven't "
                              "been finalized, said Mike Nash.",
                              "Some of the companys software developers will join Microsoft, but details havent been "
                              "finalized, said Mike Nash.")


def test_a_contraction_split_by_a_tokeniser_or_a_wrong_decoding_still_negates():
    # STS12 MSRpar (treebank-style tokens) and STS14 tweet-news ("?" for an apostrophe): pairs of one claim
    assert not facts_conflict("ruffner , 45 , doesn ' t yet have an attorney in the murder charge , authorities said .",
                              "ruffner , 45 , does not have a lawyer on the murder charge , authorities said .")
    assert not facts_conflict("a new housing boom ? don ' t count on it", "a new housing boom ? don ? t count on it")
    assert facts_of("Who won? They did.").negated is False


def test_a_negation_does_not_reach_into_the_clause_it_introduces():
    # an STS12 MSRpar pair: "don't know" governs "know", not whom the speaker is talking to
    assert not facts_conflict('"I don\'t know if the person I\'m talking to now may end up being someone else at another '
                              'time that may not follow the rules," Parrish said.',
                              '"I don\'t know whether the person I\'m talking to now may end up being someone else," '
                              'Parrish said.')
    assert facts_conflict("The minister did not say that he would resign.",
                          "The minister said that he would resign.") == "polarity"


def test_a_negation_moved_into_a_verb_is_the_same_polarity():
    # MRPC paraphrases
    assert not facts_conflict("Carlson on Tuesday said he would not recuse himself from the case.",
                              "Service officials said Carlson refused to recuse himself from the case.")
    assert not facts_conflict("Jack Ferry, company spokesman, said that a search is in progress but would not comment on "
                              "its status.",
                              "Company spokesman Jack Ferry said a search is ongoing but declined comment on its status.")
    assert not facts_conflict("A federal judge struck down the do-not-call list, saying the agency that created it "
                              "lacked the authority.",
                              "A federal judge struck down the do-not-call list, ruling the agency had no authority to "
                              "create it.")
    # "declined" as a fall is not a refusal
    assert facts_of("Advertising revenues from the magazine have declined.").negated is False


def test_a_word_that_negates_by_its_meaning_answers_a_negation_but_does_not_negate_a_plain_verb():
    # MRPC and STS SMTnews pairs of one claim
    assert not facts_conflict("The Pentagon singled out an officer, Dallager, for failing to address the scandal.",
                              "The Pentagon singled out an officer, Dallager, for not addressing the scandal.")
    assert not facts_conflict("moreover , the main oil exporters are unwilling to subordinate their investment policies .",
                              "moreover , the major oil exporters are not willing to submit their investment policies .")
    assert not facts_conflict("That is evident from their failure, three times in a row, to get a big enough turnout.",
                              "Three times in a row, they failed to get a big enough turnout.")
    # STS pairs of one claim: "prohibits", "acquitted", "rather than"
    assert not facts_conflict("the eu embargo prohibits direct or indirect supply of military equipment for use in myanmar .",
                              "the eu embargo states that no military equipment should be supplied for use in myanmar .")
    assert not facts_conflict("edwards acquitted on 1 count , mistrial on others",
                              "edwards found not guilty on one count ; mistrial on others")
    assert not facts_conflict("this is the last chance to build security based on trust and not on possession of nuclear weapons .",
                              "this is the last chance to build security based on trust rather than on the possession of nuclear arms .")
    # an STS-B dev pair of one claim: "opposed" answers "no"
    assert not facts_conflict('At midnight, 68 percent of voters said "no" to the tax, with 97 percent of the votes counted.',
                              "With 97 percent of precincts counted tonight, 68 percent of voters opposed the tax.")
    assert facts_conflict("The talks did not reach a deal on Monday.", "The talks reached a deal on Monday.") == "polarity"


def test_not_only_but_also_and_nothing_but_do_not_negate():
    assert facts_of("Not only is this the oldest known planet, it's also the most distant.").negated is False
    assert facts_of("Residents had nothing but praise for Lynch.").negated is False
    assert facts_of("Gibson said that neither I nor my film are anti-Semitic.").negated is True
    # without "but also", "not only" still changes the claim
    assert facts_conflict("The defeat would have consequences in Europe, and not only for competition policy.",
                          "The defeat would have consequences in Europe, and only for competition policy.") == "polarity"


def test_an_abbreviated_name_is_the_same_name():
    # an MRPC paraphrase
    assert not facts_conflict("Identical wording was introduced in the Senate last week by three Republicans, Wayne "
                              "Allard (Colo.), Jeff Sessions (Ala.) and Sam Brownback (Kan.).",
                              "Identical wording was introduced in the Senate last week by three Republicans: Wayne "
                              "Allard of Colorado, Jeff Sessions of Alabama and Sam Brownback of Kansas.")
    # initials of part of a name: an STS-B dev headline pair of one claim
    assert not facts_conflict("Kenya Supreme Court upholds election result", "Kenya SC upholds election result")
    assert not facts_conflict("\"We're going to defend these charges in court,\" said Ira Lee Sorkin, Furst's attorney.",
                              "\"We are going to defend these charges in court,\" said Ira Lee Sorkin, Furst's attorney.")


def test_a_template_with_another_name_is_another_claim():
    # two fact-checked claims of CheckThat 2020
    assert facts_conflict("Amazon is giving out free $200 gift cards to Facebook users.",
                          "Nordstrom is giving $200 gift cards to Facebook users.") == "names"
    assert facts_conflict("A 13-year-old Philadelphia girl named Ashley Flores is missing.",
                          "A 14-year-old girl named Ashley Lewis is missing from Kannapolis, NC.")
    # a weekday where the other has a date is another day
    assert facts_conflict("Starting on Saturday, every infected computer will flood Microsoft's Windows Update service.",
                          "Starting on Aug. 16, every infected computer will flood Microsoft's Windows Update service.") == "names"


def test_names_each_side_adds_elsewhere_are_details_not_a_swap():
    # an STS-B dev pair and an MRPC paraphrase of one claim
    assert not facts_conflict("On Monday, Abbey trotted on stage, tail wagging, with Conway before a crowd of 10,000 "
                              "attendees at PeopleSoft's annual customer conference.",
                              "Tail wagging, Abbey trotted on stage with Conway before a crowd of more than 10,000 "
                              "attendees at PeopleSoft's annual customer conference at the Anaheim Convention Center.")
    # an initial in the place of the name it begins is that name, but not one beside another name
    assert not facts_conflict("South Korean economic growth falls to 3-year low",
                              "S. Korean economic growth falls to near 3-year low")
    assert facts_conflict("St. Paul Chairman and Chief Executive Jay S. Fishman will be CEO of the combined company.",
                          "St. Paul Santa and Chief Executive Jay S. Fishman will be CEO of the combined company.") == "names"
    assert not facts_conflict("Also Tuesday, a soldier drowned in an aqueduct in northern Iraq.",
                              "Another soldier drowned after diving into an aqueduct in northern Iraq, the Central Command said.")


def test_a_paraphrase_that_names_things_differently_is_not_a_conflict():
    # MRPC paraphrases: the same fact, named two ways
    assert not facts_conflict("In a televised interview on Wednesday, ECB President Wim Duisenberg said it was too "
                              "soon to discuss further interest rate cuts in the euro zone.",
                              "European Central Bank President Wim Duisenberg said in a televised interview that it "
                              "was too soon to discuss further interest rate cuts in the euro zone.")
    assert not facts_conflict("Under the program, U.S. officials work with foreign port authorities.",
                              "Under the program, US officials work with foreign port authorities.")
    assert not facts_conflict("But U.S. troops will not shrink from mounting raids when their locations can be "
                              "pinpointed, Sanchez said.",
                              "But American troops will not shrink from mounting raids when their locations can be "
                              "pinpointed, General Sanchez said.")
    # initials skip "of", "and", "for" and stand for the name's beginning: "CDC", "SEC"
    assert not facts_conflict("The SEC said its staff was preparing to draw up rules to combat trading abuses.",
                              "The Securities and Exchange Commission said its staff was preparing to draw up rules to "
                              "combat trading abuses.")
    assert not facts_conflict("The CDC said the vaccine would reach these people in time to do good.",
                              "The Centers for Disease Control and Prevention said the vaccine would reach these "
                              "people in time to do good.")
    # or spell the connectors too ("CHOGM"); a prefixed name is that name ("Al-Qaida" ~ "Qaeda")
    assert not facts_conflict("Among the proposals is one for Zimbabwe to have the opportunity to rejoin the 54-member "
                              "body before the next CHOGM meeting in two years.",
                              "Among the proposals being considered is for Zimbabwe to have the opportunity to rejoin "
                              "the 54-member body before the next Commonwealth Heads of Government Meeting in two years.")
    assert not facts_conflict("Al Qaeda, the terror network led by Saudi-born Osama bin Laden and blamed for the Sept. 11, "
                              "2001, attacks, has been linked to both cases.",
                              "Al-Qaida, the terror network led by Saudi-born bin Laden and blamed for the Sept. 11, 2001 "
                              "attacks on the United States, has been linked to both cases.")
    # a name that opens the other sentence is mentioned there; a title is not a name
    assert not facts_conflict('"I just got carried away and started making stuff," Byrne said.',
                              'Byrne says he got carried away with PowerPoint and just "started making stuff."')
    assert not facts_conflict("Sgt. Randy Force, a police spokesman, said O'Brien wasn't being charged because Reed was jaywalking.",
                              "Sergeant Randy Force, a police spokesman, said O'Brien wasn't being charged because the victim had been jaywalking.")
    # but a name the other mentions less often is still another name: "the father of the Palm handheld"
    assert facts_conflict("Palm Wednesday announced plans to acquire Handspring, regarded as the father of the Palm handheld.",
                          "Palm Wednesday announced plans to acquire Handspring, regarded as the father of the Taliban handheld.") == "names"


def test_an_acronym_in_capitals_is_the_words_it_spells_whatever_their_case():
    # MRPC paraphrases: "CHOGM meeting" ~ "Commonwealth Heads of Government meeting", "CEO" ~ "chief executive officer"
    assert not facts_conflict("Among the proposals is one for Zimbabwe to have the opportunity to rejoin the 54-member "
                              "body before the next CHOGM meeting in two years.",
                              "Among the proposals being considered is for Zimbabwe to have the opportunity to rejoin "
                              "the 54-member body before the next Commonwealth Heads of Government meeting in two years.")
    assert not names_differ(facts_of('"The impact of increased prices has only begun to be seen in the financial numbers '
                                     'of the company," Noranda president and chief executive officer Derek Pannell said.'),
                            facts_of('"The impact of increased prices has only begun to be seen in the financial numbers '
                                     'of the company," president and CEO Derek Pannell said in a statement.'))
    # a name not written in capitals spells nothing: "Sue said until early May" names someone "Bob" is not
    assert names_differ(facts_of("Sue said until early May the plant would stay shut."),
                        facts_of("Bob said until early May the plant would stay shut."))


def test_a_sentence_without_a_fact_states_none():
    assert not states_a_fact(facts_of("Therefore, we have a lot of work to do."))  # sample 002
    assert not states_a_fact(facts_of("Therefore we simply must work together."))  # sample 001
    assert states_a_fact(facts_of("I would like to emphasize that our interaction stands on an equal footing, "
                                  "it is of equally mutual interest."))
    assert states_a_fact(facts_of("Naryshkin spoke."))
