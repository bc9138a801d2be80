from dedup.ingest.segment import clean_text, segment, text_key
from dedup.records import BYLINE, CLAIM, DATELINE, FRAGMENT, HEADLINE, LABEL, POST, TITLE

from conftest import CORPUS


def kinds_by_text(name: str) -> dict[str, str]:
    return {s.text: s.kind for s in segment((CORPUS / name).read_text())}


def test_each_sentence_of_a_long_quotation_is_its_own_claim():
    segments = kinds_by_text("002.txt")
    assert segments["I would like to emphasize that our interaction stands on an equal footing, "
                    "it is of equally mutual interest."] == CLAIM
    assert segments["We have certain strong sides, our Belarusian colleagues also have their strengths."] == CLAIM
    assert segments["“I am very glad to return to the hospitable Belarusian land."] == CLAIM


def test_speaker_labels_headlines_and_datelines_are_kept_but_not_claims():
    assert kinds_by_text("001.txt")["Sergei Naryshkin, head of Russia's Foreign Intelligence Service:"] == LABEL
    assert kinds_by_text("001.txt")["Alexander Lukashenko, President of the Republic of Belarus:"] == LABEL
    tass = kinds_by_text("000.txt")
    assert tass["Partnership between special services of Russia, Belarus at exceptional level — SVR chief"] == HEADLINE
    assert tass["MOSCOW, September 6. /TASS/."] == DATELINE
    assert tass["Strategic partnership between the Russian and Belarusian special services is characterized by an "
                "exceptional level of cooperation, the director of Russia’s Foreign Intelligence Service (SVR), "
                "Sergey Naryshkin said in an interview with National Defense magazine."] == CLAIM
    assert kinds_by_text("002.txt")["• 4:48"] == FRAGMENT


def test_abbreviations_do_not_end_sentences():
    text = "WASHINGTON, Sept. 5 (Reuters) - Mr. Smith met the U.S. envoy at No. 10 Downing St. on Monday. He left."
    segments = segment(text)
    assert [(s.kind, s.text) for s in segments] == [
        (DATELINE, "WASHINGTON, Sept. 5 (Reuters) -"),
        (CLAIM, "Mr. Smith met the U.S. envoy at No. 10 Downing St. on Monday."),
        (FRAGMENT, "He left."),  # too short to be a claim
    ]


def test_offsets_point_back_into_the_document():
    text = (CORPUS / "002.txt").read_text()
    for s in segment(text):
        assert " ".join(text[s.start:s.end].split()) == s.text
    assert [s.position for s in segment(text)] == list(range(len(segment(text))))


def test_wordings_that_differ_only_in_quotes_spacing_and_case_share_a_key():
    assert clean_text("“We are allies,”  he said.") == "We are allies, he said."
    assert text_key("“We are allies,” he said.") == text_key('"we are ALLIES," he  said.')
    assert text_key("We are allies.") != text_key("We are not allies.")


def test_wire_ticker_codes_never_split_a_sentence():
    # MRPC's Reuters sentences keep their ticker codes, with and without brackets
    for text in ["The broader Standard & Poor's 500 Index <.SPX> added 12.64 points, or 1.3 percent, to 1,003.27.",
                 "The broad Standard & Poor's 500 Index .SPX lost 6 points, or 0.71 percent, to 927.",
                 "Hewlett-Packard Co. HPQ.N , the No. 2 computer maker, rose 41 cents, or 2.4 percent, to $17.29."]:
        assert [s.text for s in segment(text)] == [text]


def test_a_tweet_as_published_is_one_post_without_its_links_handles_and_dates():
    tweet = ("RT @newsdesk: The CDC quietly removed a page linking polio vaccines to cancer-causing viruses. "
             "Unbelievable. https://t.co/x1y2z3 pic.twitter.com/AbC123 #vaccines @cdcgov "
             "— Jane Roe (@janeroe) February 25, 2016")
    (post,) = segment(tweet)
    assert post.kind == POST
    # who posted it stays, as the name of the embed trailer, and so do the words of its hashtags
    assert post.text == ("The CDC quietly removed a page linking polio vaccines to cancer-causing viruses. "
                         "Unbelievable. vaccines — Jane Roe")
    assert tweet[post.start:post.end].startswith("The CDC") and tweet[post.start:post.end].endswith("Jane Roe")


def test_a_reply_loses_the_handles_it_opens_and_ends_with():
    (post,) = segment("@bob @alice the senator never voted for the bill, check the record via @cnn")
    assert (post.kind, post.text) == (POST, "the senator never voted for the bill, check the record")


def test_a_headline_is_matched_and_a_byline_or_caption_is_furniture():
    text = ("CDC 'Disappears' Page Linking Polio Vaccines To Cancer-Causing Viruses\n\nBy John Smith\n\n"
            "Photo of author\n\nThe agency removed the page on Monday.\n")
    kinds = {s.text: s.kind for s in segment(text)}
    assert kinds["CDC 'Disappears' Page Linking Polio Vaccines To Cancer-Causing Viruses"] == HEADLINE
    assert kinds["By John Smith"] == FRAGMENT or kinds["By John Smith"] == BYLINE
    assert kinds["Photo of author"] == BYLINE
    assert kinds["The agency removed the page on Monday."] == CLAIM


def test_a_title_the_text_does_not_carry_comes_last_and_body_numbering_stays():
    body = "Russia and Belarus expanded intelligence cooperation. The two services meet every quarter."
    plain = segment(body)
    titled = segment(body, title="Naryshkin praises intelligence ties with Minsk")
    assert titled[:-1] == plain
    assert (titled[-1].kind, titled[-1].position, titled[-1].text) == (
        TITLE, len(plain), "Naryshkin praises intelligence ties with Minsk")
    assert segment("Naryshkin praises intelligence ties with Minsk\n\n" + body,
                   title="Naryshkin praises intelligence ties with Minsk")[-1].kind == CLAIM  # carried: not twice


def test_an_attribution_after_a_closed_quotation_stays_with_its_quote():
    text = ('"We will not allow this to happen again." he told reporters on Monday. '
            '“Why now?” asked the minister. "Talks resume in June." Officials confirmed the date later.')
    assert [(s.kind, s.text) for s in segment(text)] == [
        (CLAIM, '"We will not allow this to happen again." he told reporters on Monday.'),
        (CLAIM, "“Why now?” asked the minister."),
        (CLAIM, '"Talks resume in June."'),  # the next sentence begins anew: its own claim
        (CLAIM, "Officials confirmed the date later."),
    ]
    # a quoted title or question inside a sentence does not end it either (MRPC, CheckThat)
    asked = "A page who asked “Lido Deck or Promenade Deck?” was fired by Grandy for his insolence."
    assert [s.text for s in segment(asked)] == [asked]
