"""The CareMap as the Atlas CareMap draws it (Atlas of Caregiving, *Seeing the Invisible*,
2019): several people cared for, coworkers, where people live; and nothing saved before is
lost: a version 1 map file and a stored answer of the earlier shape still read."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from workshop_kit.activities.caremap.answers import MAX_CARED_FOR, RELATIONSHIPS
from workshop_kit.activities.caremap.group import group_summary, maps_from_answers
from workshop_kit.activities.caremap.mapfile import VERSION, dump_map, load_map
from workshop_kit.activities.caremap.model import (
    SYMBOL,
    NewPerson,
    add_cared_for,
    add_person,
    help_to_cared_for,
    remove_cared_for,
    remove_person,
    self_names,
    start_map,
    with_cared_for,
    with_shared,
)
from workshop_kit.activities.caremap.problems import CareMapRefused
from workshop_kit.activities.caremap.sentences import map_sentences
from workshop_kit.core.answers import validate_answer
from workshop_kit.i18n import Translator

EN, FR = Translator("en"), Translator("fr")

#: A map file as version 1 of the kit wrote it (docs/caremap.md before the Atlas symbols): one
#: person cared for, ``closeness`` instead of where people live.
VERSION_1 = {
    "format": "workshop-kit-caremap",
    "version": 1,
    "saved_on": "2026-03-12",
    "map": {
        "cared_for": {"id": "them", "label": "Mum", "relationship": "family", "closeness": None},
        "people": [
            {"id": "p1", "label": "Sam", "relationship": "friend", "closeness": "close"},
            {"id": "p2", "label": "Home care agency", "relationship": "paid_service"},
        ],
        "ties": [
            {
                "giver": "me",
                "receiver": "them",
                "help": ["personal_care", "medical_tasks"],
                "frequency": "daily",
            },
            {"giver": "p1", "receiver": "them", "help": ["transport"], "frequency": "weekly"},
            {"giver": "p2", "receiver": "them", "help": ["personal_care"], "frequency": "daily"},
            {
                "giver": "p1",
                "receiver": "me",
                "help": ["emotional_support"],
                "frequency": "monthly",
            },
        ],
    },
}


def mum_and_dad():
    care_map = start_map("Mum", "family", ["personal_care"], "daily", lives="with_me")
    return add_cared_for(care_map, "Dad", "family", ["transport"], "weekly", lives="far")


# -- nothing saved before is lost ------------------------------------------------------------------


def test_a_version_1_map_file_opens_with_nothing_lost_and_saves_as_version_2():
    opened = load_map(json.dumps(VERSION_1).encode())
    care_map = opened.care_map
    assert [p.label for p in care_map.cared_for] == ["Mum"]
    assert care_map.cared_for[0].id == "them"
    sam, agency = care_map.people
    assert (sam.closeness, sam.lives) == ("close", None)  # kept as it was; home not guessed
    assert (agency.closeness, agency.lives) == (None, None)
    assert [(x.giver, x.receiver, x.help, x.frequency) for x in care_map.ties] == [
        (t["giver"], t["receiver"], tuple(t["help"]), t["frequency"])
        for t in VERSION_1["map"]["ties"]
    ]
    assert opened.saved_on.isoformat() == "2026-03-12"
    assert [p.code for p in opened.notices] == ["file_version_1"]
    assert "earlier version" in opened.notices[0].message(EN)
    assert opened.notices[0].message(FR) != opened.notices[0].message(EN)
    # saved again, it is a version 2 file that keeps the old closeness, and reads the same
    again = json.loads(dump_map(care_map))
    assert again["version"] == VERSION == 2
    assert again["map"]["people"][0]["closeness"] == "close"
    assert "closeness" not in again["map"]["people"][1]  # only where version 1 had it
    assert load_map(dump_map(care_map)).care_map == care_map


def test_a_stored_answer_of_the_earlier_shape_still_reads():
    """The phone form continues a stored map (``FormContext.previous``): one stored before
    several people could be cared for has ``cared_for`` as one object and ``closeness``."""
    stored = {"shared": True, **VERSION_1["map"]}
    answer = validate_answer("caremap", stored)
    assert [p.label for p in answer.cared_for] == ["Mum"]
    assert answer.people[0].closeness == "close"
    log = pd.DataFrame([{"answer_id": 1, "participant_id": "c1", **stored}])
    assert maps_from_answers(log) == [answer]  # the group summary reads it too


# -- several people cared for ----------------------------------------------------------------------


def test_several_people_cared_for_each_with_their_own_helpers():
    care_map = mum_and_dad()
    assert [(p.id, p.label, p.lives) for p in care_map.cared_for] == [
        ("them", "Mum", "with_me"),
        ("them2", "Dad", "far"),
    ]
    care_map = add_person(care_map, NewPerson("Sam", "friend", "them2", ("transport",), "weekly"))
    care_map = add_person(
        care_map, NewPerson("Sam", "friend", "them", ("company",), "daily"), same_as="p1"
    )
    assert {(x.giver, x.receiver) for x in help_to_cared_for(care_map)} == {
        ("me", "them"),
        ("me", "them2"),
        ("p1", "them2"),
        ("p1", "them"),
    }
    # Dad may help Mum too, and the caregiver: someone cared for is not only cared for
    care_map = add_person(
        care_map, NewPerson("Dad", "family", "me", ("company",), "weekly"), same_as="them2"
    )
    assert ("them2", "me") in {(x.giver, x.receiver) for x in care_map.ties}
    lines = map_sentences(care_map, EN)
    assert lines[0] == "In the middle: you. You care for Mum, Dad."
    assert "Sam → Dad: transport (weekly)." in lines
    assert "Lives with you: Mum." in lines and "Lives far away: Dad." in lines


def test_describing_one_person_cared_for_again_keeps_the_others():
    care_map = with_cared_for(
        mum_and_dad(), "Father", "family", ["transport", "company"], "daily", "nearby", "them2"
    )
    assert [p.label for p in care_map.cared_for] == ["Mum", "Father"]
    assert care_map.cared_for[1].lives == "nearby"
    assert ("me", "them2", ("transport", "company")) in {
        (x.giver, x.receiver, x.help) for x in care_map.ties
    }


def test_removing_someone_cared_for_takes_the_help_they_alone_received():
    care_map = add_person(
        mum_and_dad(),
        NewPerson("Nurse", "health_professional", "them2", ("medical_tasks",), "daily"),
    )
    care_map = add_person(care_map, NewPerson("Ann", "friend", "them", ("company",), "weekly"))
    without_dad = remove_cared_for(care_map, "them2")
    assert [p.label for p in without_dad.cared_for] == ["Mum"]
    assert [p.label for p in without_dad.people] == ["Ann"]  # the nurse helped only Dad
    assert remove_person(care_map, "them2") == without_dad
    with pytest.raises(CareMapRefused) as refused:
        remove_cared_for(without_dad, "them")
    assert refused.value.problems[0].code == "cannot_remove_centre"


def test_more_people_cared_for_refused_in_words():
    care_map = mum_and_dad()
    with pytest.raises(CareMapRefused) as refused:
        add_cared_for(care_map, "mum", "family", ["company"], "daily")
    assert refused.value.problems[0].code == "already_on_map"
    assert refused.value.problems[0].message(EN).startswith("mum is already on your map.")
    with pytest.raises(CareMapRefused) as refused:
        add_cared_for(care_map, "moi", "family", ["company"], "daily", self_words=self_names(FR))
    assert refused.value.problems[0].code == "you_are_in_the_middle"
    for number in range(3, MAX_CARED_FOR + 1):
        care_map = add_cared_for(care_map, f"Aunt {number}", "family", ["company"], "weekly")
    assert len(care_map.cared_for) == MAX_CARED_FOR
    with pytest.raises(CareMapRefused) as refused:
        add_cared_for(care_map, "One more", "family", ["company"], "weekly")
    assert refused.value.problems[0].code == "too_many_cared_for"
    assert str(MAX_CARED_FOR) in refused.value.problems[0].message(EN)


def test_the_group_counts_help_to_everyone_cared_for():
    """A second person cared for, helped by the caregiver alone, counts in the group summary's
    "given alone", as the first does."""
    maps = []
    for _ in range(5):
        care_map = add_cared_for(
            start_map("Mum", "family", ["personal_care"], "daily"),
            "Dad",
            "family",
            ["money_paperwork"],
            "weekly",
        )
        maps.append(with_shared(care_map, True))
    summary = group_summary(maps, 5)
    alone = {k.kind: k.alone for k in summary.kinds}
    assert alone["personal_care"] == 5
    assert alone["money_paperwork"] == 5


# -- coworkers -------------------------------------------------------------------------------------


def test_coworkers_are_a_relationship_drawn_as_people():
    assert "coworker" in RELATIONSHIPS
    assert SYMBOL["coworker"] == SYMBOL["friend"] == "person"
    care_map = add_person(
        start_map("Mum", "family", ["company"], "daily"),
        NewPerson("Priya", "coworker", "me", ("emotional_support",), "weekly", "nearby"),
    )
    assert care_map.people[0].relationship == "coworker"
    assert EN("caremap.relationship.coworker") == "Coworker"
    assert FR("caremap.relationship.coworker") == "Collègue de travail"
