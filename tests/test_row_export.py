"""Person-level rows leave only through disclosure control (:mod:`workshop_kit.core.row_export`):
a group × area of fewer than ``min_cell_size`` people is generalised or suppressed, no device
id, no unapproved text, no CareMap, no individual's gift. Pure and fast: tables in memory."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_kit.core.answers import FACILITATOR_ID
from workshop_kit.core.disclosure import people_of, text_key
from workshop_kit.core.report import ReportContext
from workshop_kit.core.row_export import generalise, row_export
from workshop_kit.i18n import Translator

W = "withheld"


def frame(rows: list[tuple[str, str]], devices: list[str] | None = None) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["group", "area"])
    table.insert(0, "participant_id", [f"p{i}" for i in range(len(rows))])
    if devices is not None:
        table["device_id"] = devices
    return table


def test_the_one_bereaved_person_of_pine_hollow_is_never_a_row():
    room = frame(
        [("caregiver", "old-town")] * 5
        + [("neighbour", "old-town")] * 1
        + [("bereaved", "pine-hollow")]
    )
    safe, generalised, suppressed = generalise(room, people_of(room), 5, W)
    assert (generalised, suppressed) == (0, 2)  # alone even with group and area withheld
    assert set(map(tuple, safe[["group", "area"]].to_numpy())) == {("caregiver", "old-town")}


def test_a_small_area_is_withheld_before_the_group():
    room = frame([("caregiver", "old-town")] * 5 + [("neighbour", a) for a in "abcde"])
    safe, generalised, suppressed = generalise(room, people_of(room), 5, W)
    assert (generalised, suppressed) == (5, 0)
    assert sorted(map(tuple, safe[["group", "area"]].to_numpy()))[-5:] == [("neighbour", W)] * 5


def test_people_who_shared_one_phone_count_once():
    """Four hand-overs on one phone must not make the five a row needs."""
    room = frame([("bereaved", "pine-hollow")] * 5, devices=["d1"] * 4 + ["d2"])
    safe, _generalised, suppressed = generalise(room, people_of(room), 5, W)
    assert safe.empty and suppressed == 5


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["caregiver", "bereaved", "neighbour"]), st.sampled_from("abc")),
        max_size=30,
    ),
    st.integers(2, 6),
)
def test_every_row_left_is_shared_by_k_people(rows, k):
    room = frame(rows)
    safe, generalised, suppressed = generalise(room, people_of(room), k, W)
    assert len(safe) + suppressed == len(room)
    assert generalised <= len(safe)
    if not safe.empty:
        people = safe.groupby(["group", "area"])["participant_id"].nunique()
        assert (people >= k).all()


def context_of(tables: dict[str, pd.DataFrame], profile) -> ReportContext:
    return ReportContext(profile, Translator("en"), "C", lambda activity: tables.get(activity))


def test_texts_devices_maps_and_gifts_never_leave_as_rows(profile):
    people = [f"p{i}" for i in range(5)]
    needs = pd.DataFrame(
        {
            "answer_id": range(1, 6),
            "participant_id": people,
            "item": ["text"] * 5,
            "device_id": [f"dev-{p}" for p in people],
            "created_at": ["2026-12-01 18:00"] * 5,
            "text": ["Call Mary on 07700 900123", "ok", "ok", "ok", "More respite"],
        }
    )
    reviews = pd.DataFrame(
        {
            "answer_id": [1],
            "participant_id": [FACILITATOR_ID],
            "source": ["facilitator"],
            "text_key": [text_key("More respite")],
            "decision": ["approve"],
        }
    )
    assets = pd.DataFrame(
        {
            "answer_id": range(1, 6),
            "participant_id": people,
            "item": [f"a{i}" for i in range(5)],
            "name": ["Mrs Patel, 14 Elm Road", "Library", "Library", "Park", "Park"],
            "category": ["gifts", "institutions", "institutions", "nature", "nature"],
            "contact": ["07700 900456", None, None, None, None],
        }
    )
    caremap = pd.DataFrame(
        {
            "answer_id": range(1, 6),
            "participant_id": people,
            "item": [""] * 5,
            "people": [[{"id": "p1", "label": "Mum"}]] * 5,
        }
    )
    tables = {"needs": needs, "text_reviews": reviews, "assets": assets, "caremap": caremap}
    result = row_export(context_of(tables, profile), ["needs", "assets", "caremap"], W)
    text = " ".join(
        str(v) for table in result.tables.values() for v in table.to_numpy().ravel()
    ) + " ".join(" ".join(map(str, t.columns)) for t in result.tables.values())
    for secret in ("Mary", "07700", "Mrs Patel", "Elm Road", "Mum", "dev-", "p0", "18:00"):
        assert secret not in text
    assert "More respite" in text  # approved
    assert result.withheld_texts["needs"] == 4  # "ok" three times too: none approved
    assert result.left_out == ["caremap"]
    assert len(result.tables["assets"]) == 4  # the gift is no row
    assert set(result.tables["assets"]["name"]) == {W}  # names not approved


@pytest.mark.parametrize("activity", ["text_reviews", "charter_actions"])
def test_the_facilitators_own_records_are_no_rows(profile, activity):
    records = pd.DataFrame(
        {"answer_id": [1], "participant_id": [FACILITATOR_ID], "item": ["x"], "source": ["f"]}
    )
    assert row_export(context_of({activity: records}, profile), [activity], W).tables == {}
