"""The two lists of the Compassionate City Charter, each in its published order, chosen in the
community profile; a commitment keeps its id (and so its stored answers) in both lists."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
import yaml

from workshop_kit.activities.charter.commitments import (
    VARIANT_FILES,
    commitments_path,
    load_commitments,
)
from workshop_kit.activities.charter.model import charter_table
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import (
    CHARTER_VARIANTS,
    DEFAULT_CHARTER_VARIANT,
    ProfileError,
    load_profile,
    profile_from_mapping,
)


def sample_raw() -> dict:
    return yaml.safe_load(sample_profile_path().read_text(encoding="utf-8"))


def test_phpci_13_in_its_published_order():
    """PHPCI's "13 social changes" (Kellehear & Abel, The Compassionate City Charter, PHPCI,
    May 2015), numbered as Compassionate Thunder Bay lists "the 13 charter items"
    (https://www.compassionatetbay.com/compassionatethunderbay): homeless and imprisoned people
    at 7, the memorial parade at 8, the award at 9
    (https://www.compassionatetbay.com/charteritem9), the media at 10, the competition at 11,
    diversity at 12 and the yearly review at 13."""
    commitments = load_commitments(variant="phpci13")
    assert commitments.ids == [
        "schools",
        "workplaces",
        "trade_unions",
        "places_of_worship",
        "hospices_care_homes",
        "museums_galleries",
        "homeless_prisons",
        "memorial_parade",
        "civic_award",
        "local_media",
        "story_art_competition",
        "diversity",
        "review_and_extend",
    ]
    assert [c.number for c in commitments] == list(range(1, 14))


def test_canada_12_in_its_published_order():
    """The Canadian "12 social changes" as Carpenter Hospice publishes them for Burlington,
    Ontario (https://www.thecarpenterhospice.com/resources/compassionate-city-charter/): the
    six sectors at 1-6, then the incentive scheme (award) at 7, the media at 8 and the story or
    art competition at 9; no memorial parade among 1-9. Items 10-12 were not found in the copy
    consulted: the rows say so and are marked ``to verify``."""
    commitments = load_commitments(variant="ca12")
    assert commitments.ids[:9] == [
        "schools",
        "workplaces",
        "trade_unions",
        "places_of_worship",
        "hospices_care_homes",
        "museums_galleries",
        "civic_award",
        "local_media",
        "story_art_competition",
    ]
    assert len(commitments) == 12
    assert [c.number for c in commitments] == list(range(1, 13))
    assert "memorial_parade" not in commitments.ids[:9]
    for commitment in commitments.items[:9]:
        assert commitment.status == "checked", commitment.id
        assert "thecarpenterhospice.com" in commitment.source
    for commitment in commitments.items[9:]:
        assert commitment.status == "to verify", commitment.id
        assert "NOT FOUND" in commitment.source
    assert commitments.to_verify


def test_the_12_point_list_is_not_the_13_point_list_without_its_last_row():
    """What docs/charter.md used to advise ("remove the last row") gives no published list."""
    thirteen = load_commitments(variant="phpci13").ids
    twelve = load_commitments(variant="ca12").ids
    assert thirteen[:12] != twelve


def test_every_row_of_both_lists_names_its_source():
    for variant in CHARTER_VARIANTS:
        with commitments_path(variant).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                source = row["source"]
                assert f"Item {row['number']} of the" in source, (variant, row["id"])
                if row["status"] == "to verify":
                    assert "not found" in source.lower(), (variant, row["id"])
                else:
                    assert "checked against" in source, (variant, row["id"])


def test_the_award_keeps_the_sector_award_and_the_mayors_prize_apart():
    """PHPCI item 9 as Thunder Bay quotes it: an annual award administered by a committee from
    the end-of-life care sector, and a separate "Mayor's Prize"."""
    award = load_commitments(variant="phpci13").get("civic_award")
    assert award.number == 9
    assert "committee from the end-of-life care sector" in award.wording("en")
    assert "separately, a Mayor's prize" in award.wording("en")
    assert award.status == "checked"


def test_the_town_encourages_the_competition_and_does_not_run_it():
    """PHPCI item 11 / Canadian item 9: the city "will work with local social or print media to
    encourage" a short-story or art competition."""
    for variant, number in (("phpci13", 11), ("ca12", 9)):
        competition = load_commitments(variant=variant).get("story_art_competition")
        assert competition.number == number
        assert "to encourage" in competition.wording("en")
        assert "runs" not in competition.wording("en")


def test_a_shared_id_is_the_same_commitment_in_both_lists():
    """Where the Canadian list has a commitment of PHPCI's list, it uses its id, and its source
    names the 13-point item it is; an answer stored under that id means the same in both."""
    thirteen = {c.id: c for c in load_commitments(variant="phpci13")}
    for commitment in load_commitments(variant="ca12"):
        assert commitment.id in thirteen, commitment.id
        number = thirteen[commitment.id].number
        assert f"item {number} of the 13-point list (id {commitment.id})" in commitment.source


def test_old_answers_keep_their_meaning_under_either_list():
    """Ratings stored under ids while the 13-point list was the only one are read, under the
    12-point list, as the same commitments (in that list's order)."""
    stored = pd.DataFrame(
        [
            {"answer_id": i, "participant_id": f"p{i}", "commitment": c, "status": "in_place"}
            for i, c in enumerate(["civic_award"] * 5 + ["memorial_parade"] * 5)
        ]
    )
    for variant in CHARTER_VARIANTS:
        ids = load_commitments(variant=variant).ids
        table = charter_table(stored, ids, 5)
        assert table.loc["civic_award", "raters"] == 5
        assert table.loc["civic_award", "progress"] == 1.0
    canada = charter_table(stored, load_commitments(variant="ca12").ids, 5)
    assert list(canada.index).index("civic_award") == 6  # item 7
    assert "memorial_parade" not in canada.index  # not on that list: left out, not renamed


def test_the_profile_chooses_the_list():
    assert load_profile(sample_profile_path()).charter_variant == DEFAULT_CHARTER_VARIANT
    assert DEFAULT_CHARTER_VARIANT == "phpci13"
    raw = sample_raw()
    raw.pop("charter_variant", None)
    assert profile_from_mapping(raw).charter_variant == "phpci13"
    canada = profile_from_mapping({**raw, "charter_variant": "ca12"})
    assert len(load_commitments(variant=canada.charter_variant)) == 12
    assert tuple(VARIANT_FILES) == CHARTER_VARIANTS


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "charter_variant: must be phpci13"),
        ("fr", "charter_variant: doit être phpci13"),
    ],
)
def test_an_unknown_list_in_the_profile_is_refused_in_words(language, expected):
    with pytest.raises(ProfileError) as caught:
        profile_from_mapping({**sample_raw(), "charter_variant": "uk12"}, language=language)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(expected)
    assert "uk12" in caught.value.problems[0]


def test_the_phone_rates_the_list_the_profile_chose():
    from workshop_kit.activities.charter.form import build_form
    from workshop_kit.core.registry import FormContext
    from workshop_kit.i18n import Translator

    canada = profile_from_mapping({**sample_raw(), "charter_variant": "ca12"})
    form = build_form(FormContext(canada, Translator("en"), lambda *a: True, "CODE"))
    assert [c.id for c in form.commitments] == load_commitments(variant="ca12").ids
