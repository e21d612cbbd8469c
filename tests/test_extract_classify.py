"""What counts as a forecast, whose it is, how sure it sounds, and the claim it makes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ledger.extract.candidates import Candidate, decisions, extract
from ledger.extract.classify import classify
from ledger.yardstick import load_yardstick

PUBLISHED = datetime(2026, 3, 10, tzinfo=UTC)


def one(sentence: str) -> Candidate:
    found = extract(sentence, "Author", PUBLISHED, load_yardstick("capphrase"))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "hedge"),
    [
        ("The media will call it progress.", "will"),
        ("Moscow won't extend the contract.", "won't"),
        ("They will never agree to irreversible concessions.", "will never"),
        ("The talks will likely produce minor understandings.", "will likely"),
        ("The regulator is expected to publish new tariffs.", "is expected to"),
        ("The grid operators are set to merge their markets.", "are set to"),
        ("A price spike next winter is inevitable.", "is inevitable"),
        ("The table is set for the next cycle of inevitable crisis.", "inevitable"),
        ("The smaller suppliers are bound to exit the market.", "are bound to"),
        ("There is a 70% chance that Lithuania will invoke the clause.", "a 70% chance"),
        ("I put the odds at 3 to 1 against the truce lasting.", "3 to 1 against"),
        ("Beijing is not going to publish its schedule.", "is not going to"),
        ("Expect at least one carrier to suspend the route.", "Expect"),
    ],
)
def test_the_authors_forecasts_are_proposed(sentence: str, hedge: str) -> None:
    verdict = classify(sentence)
    assert verdict.proposed, verdict.reason
    assert verdict.marker is not None and verdict.marker.words == hedge
    assert verdict.attributed_to is None and not verdict.conditional


@pytest.mark.parametrize(
    ("sentence", "why"),
    [
        ("The prevailing theory suggests that if the US offers relief, Iran will roll back.", "reject"),
        ("Critics argue that the interconnector will never pay for itself.", "reject"),
        ("Maximum pressure campaigns assume that pain inevitably leads to collapse.", "general claim"),
        ("The real danger is not that they will fail, but that they block alternatives.", "reject"),
        ("Analysts say the currency will recover by the spring.", "reject"),
        ("Will the ceasefire hold?", "question"),
        ("Does a moderate faction offer a path to a breakthrough?", "question"),
        ("In 2018 the operator was expected to renew its contract.", "past expectation"),
        ("The walkout was scripted.", "no future marker"),
        ("Total sanctions relief would introduce foreign competition.", "counterfactual"),
        ("Had the donors paid on time, the peacekeepers would still be there.", "counterfactual"),
        ("American policy must pivot toward hard deterrence.", "normative"),
        ("Washington must make sure that Tehran will comply.", "normative"),
        ("Insurers ought to publish their risk models.", "normative"),
        ("Hostility is the system.", "no future marker"),
        ("Sanctions will always hurt the middle class.", "general claim"),
        ("The French withdrawal may well have emboldened the militias.", "hedge about the past"),
        ('"The talks will fail," he said.', "reported"),
    ],
)
def test_what_is_not_proposed(sentence: str, why: str) -> None:
    verdict = classify(sentence)
    assert not verdict.proposed
    assert why in verdict.reason


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Morgan Stanley predicts that regional gas prices will fall within six months.", "Morgan Stanley"),
        ("The IMF forecasts that growth will slow in 2027.", "IMF"),
        (
            "The International Crisis Group expects the junta to postpone the vote.",
            "International Crisis Group",
        ),
        (
            "Gen. Okafor, the regional commander, said on Tuesday that his troops will withdraw.",
            "Gen. Okafor",
        ),
        ('"The coalition will hold," Prime Minister Dario Vell told reporters.', "Prime Minister Dario Vell"),
        ("Oil will top $100 by June 2027, Goldman Sachs predicts.", "Goldman Sachs"),
        ("According to Jane Roe, the ceasefire will collapse.", "Jane Roe"),
        ("The shipping ministry said last week it expects traffic to recover.", "the shipping ministry"),
    ],
)
def test_attributed_forecasts_name_their_source(sentence: str, who: str) -> None:
    verdict = classify(sentence)
    assert verdict.proposed, verdict.reason
    assert verdict.attributed_to == who


@pytest.mark.parametrize(
    "sentence",
    [
        "If temperatures drop sharply, the truce will collapse.",
        "Unless inflation falls, the central bank will raise rates.",
        "Should the rains come early, the militias will regroup.",
        "The truce will collapse if temperatures drop.",
    ],
)
def test_conditionals_are_flagged(sentence: str) -> None:
    verdict = classify(sentence)
    assert verdict.proposed and verdict.conditional


def test_author_frames_are_the_authors_own() -> None:
    verdict = classify("I think the coalition will collapse.")
    assert verdict.proposed and verdict.attributed_to is None
    assert one("I think the coalition will collapse.").claim == "The coalition will collapse."


def test_negation_flips_the_probability_and_leaves_the_event_in_the_claim() -> None:
    c = one("Because of this, they will never agree to irreversible concessions.")
    assert (c.claim, c.probability, c.basis, c.negated) == (
        "They will agree to irreversible concessions.", 0.1, "hedge", True)  # fmt: skip
    assert one("Moscow won't extend the contract.").probability == 0.1
    assert one("Iran is unlikely to sign the deal.").probability == 0.2


@pytest.mark.parametrize(
    ("sentence", "probability", "claim"),
    [
        (
            "There is a 70% chance that Lithuania will invoke the clause.",
            0.7,
            "Lithuania will invoke the clause.",
        ),
        ("I put the odds at 3 to 1 against a deal this year.", 0.25, "A deal this year."),
        ("The odds are 3 to 1 on a deal this year.", 0.75, "A deal this year."),
        ("There is a one in four chance of a collision this year.", 0.25, "A collision this year."),
        ("There is a 40 per cent chance of a coup next year.", 0.4, "A coup next year."),
    ],
)
def test_stated_probabilities_and_odds(sentence: str, probability: float, claim: str) -> None:
    c = one(sentence)
    assert (c.probability, c.basis, c.claim) == (probability, "stated", claim)
    assert c.probability_note


def test_hedge_probabilities_come_from_the_yardstick() -> None:
    c = one("The current round of talks will likely produce minor understandings.")
    assert (c.probability, c.hedge, c.hedge_read, c.yardstick) == (
        0.75,
        "will likely",
        "will likely",
        "capphrase",
    )
    assert c.claim == "The current round of talks will produce minor understandings."
    assert c.deadline is None and c.deadline_text == "The current round of talks" and c.needs_deadline
    widely = one("The regulator is widely expected to publish tariffs next year.")
    assert (widely.hedge, widely.hedge_read, widely.probability) == (
        "is widely expected to", "is expected to", 0.8)  # fmt: skip
    assert widely.deadline == "2027-12-31"


def test_may_might_could_need_a_time_frame_and_past_time_frames_are_past() -> None:
    yardstick = load_yardstick("capphrase")
    assert extract("Iran could walk away.", "A", PUBLISHED, yardstick) == []
    maybe = one("Iran could walk away by the end of 2026.")
    assert (maybe.hedge, maybe.probability, maybe.deadline) == ("could", 0.4, "2026-12-31")
    found = decisions("The operator will renew its contract in 2018.", "A", PUBLISHED, yardstick)
    assert found[0].candidates == [] and "past event" in found[0].reason


def test_semicolon_clauses_give_one_candidate_each_with_the_whole_sentence_as_quote() -> None:
    sentence = "The US will claim it paused enrichment; Iran will claim it forced the West to ease."
    found = extract(sentence, "A", PUBLISHED, load_yardstick("capphrase"))
    assert [c.claim for c in found] == [
        "The US will claim it paused enrichment.",
        "Iran will claim it forced the West to ease.",
    ]
    assert {c.sentence for c in found} == {sentence}


def test_headline_and_bullet_forecasts() -> None:
    found = extract(
        "Why the Baltic Gas Truce Will Not Survive the Winter\n- Gold exports will keep rising through 2027.",
        "A", PUBLISHED, load_yardstick("capphrase"),
    )  # fmt: skip
    assert [(c.kind, c.hedge, c.probability) for c in found] == [
        ("headline", "Will Not", 0.1),
        ("bullet", "will", 0.9),
    ]
    assert found[0].claim == "The Baltic Gas Truce will Survive the Winter."
    assert found[0].reason.startswith("a headline forecast")
    assert found[1].deadline == "2027-12-31"


def test_the_noun_will_is_not_a_marker() -> None:
    assert not classify("Nobody doubts the political will of the coalition.").proposed
    assert not classify("They lack the will to fight.").proposed
