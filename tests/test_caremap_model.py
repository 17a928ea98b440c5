"""The CareMap's pure parts: the answer, the network model and its problems, the layout (same
map, same picture), the map file, and the group summary's disclosure control."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_kit.activities.caremap.answers import (
    CLOSENESS,
    FREQUENCIES,
    HELP_KINDS,
    LIVES,
    MAX_CARED_FOR,
    MAX_PEOPLE,
    RELATIONSHIPS,
    CareMapAnswer,
    is_cared_for_id,
)
from workshop_kit.activities.caremap.compare import (
    compare_maps,
)
from workshop_kit.activities.caremap.group import (
    GIVERS,
    group_summary,
    released_shared_maps,
    summary_rows,
)
from workshop_kit.activities.caremap.layout import WIDTH, Box, estimate_text, layout, ring_axes
from workshop_kit.activities.caremap.mapfile import (
    FORMAT,
    VERSION,
    MapFileError,
    dump_map,
    file_name,
    load_map,
)
from workshop_kit.activities.caremap.model import (
    NewPerson,
    add_person,
    kind_of,
    lives_of,
    map_problems,
    remove_person,
    remove_tie,
    same_name,
    self_names,
    start_map,
    with_cared_for,
    with_shared,
)
from workshop_kit.activities.caremap.problems import (
    CareMapRefused,
)
from workshop_kit.activities.caremap.sentences import (
    alone_sentence,
    map_sentences,
    overview_sentence,
    share_sentence,
    support_sentence,
)
from workshop_kit.core.answers import InvalidAnswer, validate_answer
from workshop_kit.i18n import Translator

EN, FR = Translator("en"), Translator("fr")
SELF = self_names(EN)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "caremap.md"


def mum() -> CareMapAnswer:
    return start_map("Mum", "family", ["personal_care", "medical_tasks"], "daily")


def helper(
    label,
    receiver="them",
    kinds=("transport",),
    frequency="weekly",
    relationship="friend",
    lives=None,
):
    return NewPerson(label, relationship, receiver, tuple(kinds), frequency, lives)


def sample_map() -> CareMapAnswer:
    care_map = mum()
    care_map = add_person(care_map, helper("Sam", kinds=("transport", "company")))
    care_map = add_person(
        care_map, helper("Dr Ortiz", "them", ("medical_tasks",), "monthly", "health_professional")
    )
    care_map = add_person(care_map, helper("Rex", "me", ("company",), "daily", "pet"))
    care_map = add_person(care_map, helper("Sam", "me", ("emotional_support",)), same_as="p1")
    return care_map


# -- the answer ----------------------------------------------------------------------------------


def test_a_map_is_one_private_answer_that_a_new_save_replaces():
    answer = validate_answer("caremap", sample_map().model_dump(mode="json"))
    assert answer.shared is False  # private unless the caregiver chooses
    assert answer.item() == ""  # one per participant: the latest save counts
    assert answer == sample_map()


def test_the_latest_save_replaces_the_earlier_one_in_the_store(store):
    session = store.create_session("Evening", "en", "f" * 64)
    participant = store.join(session.code)
    first, second = mum(), add_person(mum(), helper("Sam"))
    store.add_answer(session.code, participant, first, "k1")
    store.add_answer(session.code, participant, second, "k2")
    latest = store.answers(session.code, "caremap")
    assert len(latest) == 1
    assert [p["label"] for p in latest.iloc[0]["people"]] == ["Sam"]


@pytest.mark.parametrize(
    "change",
    [
        {
            "ties": [
                {"giver": "them", "receiver": "them", "help": ["company"], "frequency": "daily"}
            ]
        },
        {"ties": [{"giver": "p9", "receiver": "them", "help": ["company"], "frequency": "daily"}]},
        {"ties": [{"giver": "me", "receiver": "p1", "help": ["company"], "frequency": "daily"}]},
        {"ties": [{"giver": "me", "receiver": "them", "help": [], "frequency": "daily"}]},
        {"ties": [{"giver": "me", "receiver": "them", "help": ["cooking"], "frequency": "daily"}]},
        {
            "ties": [
                {"giver": "me", "receiver": "them", "help": ["company"], "frequency": "hourly"}
            ]
            * 2
        },
        {"people": [{"id": "p1", "label": "Sam", "relationship": "friend"}]},  # helps nobody
        {"people": [{"id": "them", "label": "Sam", "relationship": "friend"}]},
        {"cared_for": {"id": "them", "label": "x" * 41, "relationship": "family"}},
        {"cared_for": {"id": "them", "label": "two\nlines", "relationship": "family"}},
        {"cared_for": {"id": "them", "label": "   ", "relationship": "family"}},
        {"cared_for": {"id": "them", "label": "Mum", "relationship": "cousin"}},
        {"cared_for": {"id": "p1", "label": "Mum", "relationship": "family"}},
        {"shared": "yes please", "unknown": 1},
    ],
)
def test_a_broken_map_is_refused(change):
    payload = {**mum().model_dump(mode="json"), **change}
    with pytest.raises(InvalidAnswer):
        validate_answer("caremap", payload)


def test_labels_are_tidied_and_kinds_counted_once():
    answer = validate_answer(
        "caremap",
        {
            "cared_for": {"id": "them", "label": "  Grand   Mère ", "relationship": "family"},
            "ties": [
                {
                    "giver": "me",
                    "receiver": "them",
                    "help": ["company", "transport", "company"],
                    "frequency": "daily",
                }
            ],
        },
    )
    assert answer.cared_for[0].label == "Grand Mère"  # the shape stored before: read as one
    assert answer.ties[0].help == ("transport", "company")


def test_a_map_holds_at_most_thirty_people():
    care_map = mum()
    for i in range(MAX_PEOPLE):
        care_map = add_person(care_map, helper(f"Person {i}"))
    with pytest.raises(CareMapRefused) as refused:
        add_person(care_map, helper("One more"))
    assert refused.value.problems[0].code == "too_many"


# -- edits and problems --------------------------------------------------------------------------


def codes(refused: pytest.ExceptionInfo) -> list[str]:
    return [p.code for p in refused.value.problems]


def test_an_empty_first_step_says_everything_missing():
    with pytest.raises(CareMapRefused) as refused:
        start_map("  ", None, [], None)
    assert codes(refused) == [
        "label_required",
        "relationship_required",
        "help_required",
        "frequency_required",
    ]
    for problem in refused.value.problems:
        assert problem.message(EN) != f"caremap.problem.{problem.code}"
        assert problem.message(FR) != problem.message(EN)


def test_people_get_ids_in_order_and_help_the_receiver():
    care_map = sample_map()
    assert [p.id for p in care_map.people] == ["p1", "p2", "p3"]
    assert [(x.giver, x.receiver) for x in care_map.ties] == [
        ("me", "them"),
        ("p1", "them"),
        ("p2", "them"),
        ("p3", "me"),
        ("p1", "me"),
    ]


def test_a_name_already_on_the_map_is_a_question_whatever_its_case_or_accents():
    care_map = add_person(mum(), helper("Élise"))
    with pytest.raises(CareMapRefused) as asked:
        add_person(care_map, helper(" elise ", "me"))
    problem = asked.value.problems[0]
    assert (problem.code, problem.severity, problem.person) == ("same_name", "question", "p1")
    assert problem.message(EN) == "elise is already on your map. Is this the same person?"
    assert same_name(care_map, "ELISE") == ["p1"]


def test_the_same_person_helps_both_and_someone_else_gets_a_place_of_their_own():
    care_map = add_person(mum(), helper("Sam"))
    same = add_person(care_map, helper("Sam", "me", ("company",)), same_as="p1")
    assert len(same.people) == 1
    assert {(x.giver, x.receiver) for x in same.ties} >= {("p1", "them"), ("p1", "me")}
    other = add_person(care_map, helper("Sam", "me"), distinct=True)
    assert [p.label for p in other.people] == ["Sam", "Sam"]
    assert [notice.code for notice in map_problems(other)] == ["two_with_same_name"]


def test_giving_someone_s_help_again_replaces_what_was_said():
    care_map = add_person(mum(), helper("Sam", kinds=("transport",), frequency="weekly"))
    again = add_person(care_map, helper("Sam", kinds=("company",), frequency="daily"), same_as="p1")
    sam = [x for x in again.ties if x.giver == "p1"]
    assert [(x.help, x.frequency) for x in sam] == [(("company",), "daily")]


def test_someone_caring_for_themselves_is_a_loop_and_is_refused():
    care_map = mum()
    with pytest.raises(CareMapRefused) as asked:
        add_person(care_map, helper("mum"))  # "who else cares for Mum?": Mum
    assert asked.value.problems[0].person == "them"
    with pytest.raises(CareMapRefused) as refused:
        add_person(care_map, helper("mum"), same_as="them")
    assert codes(refused) == ["loop"]
    assert "Mum cannot be listed as caring for themselves" in refused.value.problems[0].message(EN)
    # the person cared for may well care for the caregiver: not a loop
    helped = add_person(care_map, helper("Mum", "me", ("company",)), same_as="them")
    assert ("them", "me") in {(x.giver, x.receiver) for x in helped.ties}


@pytest.mark.parametrize("word", ["me", "Myself", "moi", "Moi-même"])
def test_the_caregiver_is_already_in_the_middle(word):
    with pytest.raises(CareMapRefused) as refused:
        add_person(mum(), helper(word, "me"), self_names(FR))
    assert codes(refused) == ["you_are_in_the_middle"]


def test_removing_help_and_people():
    care_map = sample_map()
    without = remove_tie(care_map, "p1", "them")
    assert [p.label for p in without.people] == ["Sam", "Dr Ortiz", "Rex"]  # Sam still helps you
    gone = remove_tie(without, "p1", "me")
    assert [p.label for p in gone.people] == ["Dr Ortiz", "Rex"]
    assert remove_person(care_map, "p2").people == tuple(p for p in care_map.people if p.id != "p2")
    with pytest.raises(CareMapRefused):
        remove_person(care_map, "them")


def test_step_one_again_changes_the_middle_and_keeps_everyone_else():
    care_map = with_cared_for(sample_map(), "Mother", "family", ["household"], "weekly")
    assert care_map.cared_for[0].label == "Mother"
    assert care_map.ties[0].help == ("household",)
    assert len(care_map.people) == 3
    assert with_shared(care_map, True).shared is True


def test_where_people_live_is_the_caregivers_word_and_is_never_guessed():
    care_map = add_person(mum(), helper("Sam", frequency="daily"))
    care_map = add_person(care_map, helper("Ana", frequency="monthly", lives="far"))
    assert lives_of(care_map, "p1") is None  # not said: not guessed from how often
    assert lives_of(care_map, "p2") == "far"
    moved = add_person(care_map, helper("Sam", "me", lives="with_me"), same_as="p1")
    assert lives_of(moved, "p1") == "with_me"  # said again: the new answer counts


def test_a_map_in_words():
    lines = map_sentences(sample_map(), EN)
    assert lines[0] == "In the middle: you. You care for Mum."
    assert lines[-1] == "Where they live was not said: Mum, Sam, Dr Ortiz, Rex."
    assert "You → Mum: personal care, medical tasks (daily)." in lines
    assert "Sam → you: emotional support (weekly)." in lines
    assert "Nobody is listed as caring for you yet." in map_sentences(mum(), EN)
    assert "Vous → Mum : les soins personnels, les soins médicaux (chaque jour)." in map_sentences(
        sample_map(), FR
    )


def test_two_dates_compared():
    earlier = sample_map()
    later = with_cared_for(earlier, "Mother", "family", ["personal_care", "medical_tasks"], "daily")
    later = remove_tie(later, "p2", "them")
    later = add_person(later, helper("Sam", kinds=("transport",), frequency="daily"), same_as="p1")
    later = add_person(
        later, helper("Meals on Wheels", kinds=("household",), relationship="paid_service")
    )
    said = [change.message(EN) for change in compare_maps(earlier, later, EN)]
    assert "Sam → Mother: now daily (was weekly)." in said
    assert "Sam → Mother: no longer company." in said
    assert "New: Meals on Wheels → Mother: household tasks (weekly)." in said
    assert "No longer on the map: Dr Ortiz → Mum." in said
    assert not any("You →" in line for line in said)  # the middle is matched by its place
    assert compare_maps(earlier, earlier, EN) == []


# -- the layout ----------------------------------------------------------------------------------

labels = st.text(
    alphabet=st.characters(codec="latin-1", categories=("L", "N", "P", "Zs")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@st.composite
def care_maps(draw, max_people: int = MAX_PEOPLE):
    """Any valid map: one to five people cared for, people helping them or the caregiver."""
    people, ties = [], []
    centre = ["them", *(f"them{n}" for n in range(2, draw(st.integers(1, MAX_CARED_FOR)) + 1))]
    for cared in centre:
        if draw(st.booleans()):
            kinds = draw(st.lists(st.sampled_from(HELP_KINDS), min_size=1, unique=True))
            ties.append(
                {
                    "giver": "me",
                    "receiver": cared,
                    "help": kinds,
                    "frequency": draw(st.sampled_from(FREQUENCIES)),
                }
            )
    for i in range(1, draw(st.integers(0, max_people)) + 1):
        people.append(
            {
                "id": f"p{i}",
                "label": draw(labels),
                "relationship": draw(st.sampled_from(RELATIONSHIPS)),
                "lives": draw(st.none() | st.sampled_from(LIVES)),
                "closeness": draw(st.none() | st.sampled_from(CLOSENESS)),
            }
        )
        choices = [[c] for c in centre] + [["me"], [centre[0], "me"], centre]
        for receiver in draw(st.sampled_from(choices)):
            kinds = draw(st.lists(st.sampled_from(HELP_KINDS), min_size=1, max_size=3, unique=True))
            ties.append(
                {
                    "giver": f"p{i}",
                    "receiver": receiver,
                    "help": kinds,
                    "frequency": draw(st.sampled_from(FREQUENCIES)),
                }
            )
    return CareMapAnswer(
        shared=draw(st.booleans()),
        cared_for=[
            {
                "id": cared,
                "label": draw(labels),
                "relationship": draw(st.sampled_from(RELATIONSHIPS)),
                "lives": draw(st.none() | st.sampled_from(LIVES)),
            }
            for cared in centre
        ],
        people=people,
        ties=ties,
    )


def boxes_of(placed) -> list[tuple[str, Box]]:
    found = []
    for node in placed.nodes:
        r = node.radius
        found.append((f"{node.id} symbol", Box(node.x - r, node.y - r, node.x + r, node.y + r)))
        found.append((f"{node.id} label", node.label_box))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(care_maps())
def test_nothing_drawn_overlaps_and_everything_fits_the_width(care_map):
    placed = layout(care_map, "You")
    assert len(placed.nodes) == len(care_map.people) + len(care_map.cared_for) + 1
    found = boxes_of(placed)
    for (name_a, a), (name_b, b) in itertools.combinations(found, 2):
        assert not a.overlaps(b, gap=0.0), (name_a, name_b)
    for _name, box in found:
        assert box.x0 >= -WIDTH / 2 and box.x1 <= WIDTH / 2
        assert placed.bottom <= box.y0 and box.y1 <= placed.top


@settings(max_examples=25, deadline=None)
@given(care_maps())
def test_same_map_same_picture(care_map):
    again = CareMapAnswer.model_validate_json(care_map.model_dump_json())
    assert layout(care_map, "You") == layout(again, "You") == layout(care_map, "You")


def test_distance_from_the_middle_is_where_people_live_and_sides_follow_the_questions():
    care_map = start_map("Mum", "family", ["personal_care"], "daily", lives="with_me")
    care_map = add_person(care_map, helper("Near", frequency="daily", lives="nearby"))
    care_map = add_person(care_map, helper("Away", frequency="daily", lives="far"))
    care_map = add_person(care_map, helper("Mine", "me", frequency="occasionally", lives="with_me"))
    care_map = add_person(care_map, helper("Near", "me"), same_as="p1")
    care_map = add_person(care_map, helper("Unsaid", "me", frequency="weekly"))
    placed = layout(care_map, "You")
    you, mum_node = placed.node("me"), placed.node("them")
    assert (you.x, you.y) == (0.0, 0.0)  # the caregiver in the middle
    assert mum_node.x > 0  # the people cared for on the right
    rings = {n.id: n.ring for n in placed.nodes}
    # with me: the inner ring, however rarely they help; nearby; far away: the outer ring
    assert rings["them"] == rings["p3"] == 0
    assert rings["p1"] == 1 and rings["p2"] == 2
    assert rings["p4"] == 1  # not said: the middle ring
    for node in placed.nodes[1:]:  # each on the ellipse of its ring
        a, b = ring_axes(node.ring)
        assert (node.x / a) ** 2 + (node.y / b) ** 2 == pytest.approx(1.0)
    assert placed.node("p2").x > 0 and placed.node("p3").x < 0  # their helpers, yours
    both = placed.node("p1")
    assert abs(both.x) < abs(both.y)  # helps both: above or below
    styles = {(x.giver, x.receiver): x.style for x in placed.ties}
    assert styles[("p1", "them")] == "solid"  # daily
    assert styles[("p1", "me")] == "dashed"  # weekly
    assert styles[("p3", "me")] == "dotted"  # occasionally


def test_text_estimates_are_generous():
    width, height = estimate_text("Home care agency", 10)
    assert 1.0 < width < 1.6 and height > 10 / 72


# -- the map file --------------------------------------------------------------------------------


def test_a_saved_map_opens_as_it_was_and_private():
    from datetime import date

    shared = with_shared(sample_map(), True)
    data = dump_map(shared, date(2026, 3, 12))
    document = json.loads(data)
    assert (document["format"], document["version"], document["saved_on"]) == (
        FORMAT,
        VERSION,
        "2026-03-12",
    )
    assert "shared" not in json.dumps(document)  # a file never says whether it was shared
    opened = load_map(data)
    assert opened.care_map == sample_map()  # private again
    assert opened.saved_on == date(2026, 3, 12)
    assert file_name(date(2026, 3, 12)) == "caremap-2026-03-12.json"


def test_the_documented_example_opens():
    text = DOCS.read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.S)[1]
    opened = load_map(example.encode())
    assert [p.label for p in opened.care_map.cared_for] == ["Mum", "Dad"]
    assert opened.care_map.people and opened.notices == ()  # a version 2 file, as written
    assert json.loads(example)["version"] == VERSION


def document(**changes):
    base = json.loads(dump_map(sample_map()))
    base.update(changes)
    return json.dumps(base).encode()


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"\xff\xfe not json", "file_not_json", "cannot be read as JSON"),
        (b"[1, 2, 3]", "file_other_program", "another program"),
        (b'{"type": "FeatureCollection", "features": []}', "file_other_program", "another program"),
        (
            json.dumps({"format": "kumu", "elements": []}).encode(),
            "file_other_program",
            "another program",
        ),
        (document(version=3), "file_newer", "newer version of the kit (file version 3"),
        (document(version="1"), "file_invalid", "(at version)"),
        (document(saved_on="last Tuesday"), "file_invalid", "(at saved_on)"),
        (document(map={}), "file_empty", "empty map"),
        (document(map={"cared_for": None, "people": [], "ties": []}), "file_empty", "empty map"),
        (b" " * 300_000, "file_too_large", "too large"),
    ],
)
def test_a_file_that_is_not_a_caremap_is_refused_in_words(data, code, words):
    with pytest.raises(MapFileError) as refused:
        load_map(data)
    problem = refused.value.problems[0]
    assert problem.code == code
    assert words in problem.message(EN)
    assert problem.message(FR) != problem.message(EN)


def test_a_damaged_map_says_where():
    body = sample_map().model_dump(mode="json")
    body["people"][1]["relationship"] = "cousin"
    with pytest.raises(MapFileError) as refused:
        load_map(document(map={k: body[k] for k in ("cared_for", "people", "ties")}))
    assert "(at people › 2 › relationship)" in refused.value.problems[0].message(EN)
    body = sample_map().model_dump(mode="json")
    body["ties"][1]["giver"] = "p9"
    with pytest.raises(MapFileError) as refused:
        load_map(document(map={k: body[k] for k in ("cared_for", "people", "ties")}))
    assert refused.value.problems[0].code == "file_links"


def test_a_file_with_someone_caring_for_themselves_names_them():
    body = sample_map().model_dump(mode="json")
    body["ties"].append(
        {"giver": "p2", "receiver": "p2", "help": ["company"], "frequency": "daily"}
    )
    with pytest.raises(MapFileError) as refused:
        load_map(document(map={k: body[k] for k in ("cared_for", "people", "ties")}))
    assert refused.value.problems[0].message(EN) == (
        "This CareMap file lists Dr Ortiz as caring for themselves. Nothing was changed."
    )


# -- the group: shared maps only, released in blocks, small groups hidden -------------------------


def log_of(rows: list[tuple[str, CareMapAnswer]]) -> pd.DataFrame:
    """An answer log as ``Store.answers(..., latest_only=False)`` returns it."""
    return pd.DataFrame(
        [
            {
                "answer_id": i + 1,
                "participant_id": who,
                "item": "",
                **answer.model_dump(mode="json"),
            }
            for i, (who, answer) in enumerate(rows)
        ]
    )


def shared(care_map: CareMapAnswer) -> CareMapAnswer:
    return with_shared(care_map, True)


def test_only_shared_maps_are_released_in_blocks_of_sharing_caregivers():
    rows = [(f"c{i}", shared(sample_map())) for i in range(5)]
    rows += [(f"x{i}", mum()) for i in range(9)]  # nine private maps: never read
    assert len(released_shared_maps(log_of(rows), 5)) == 5
    rows.append(("c5", shared(mum())))  # a sixth sharer waits for four more
    assert len(released_shared_maps(log_of(rows), 5)) == 5
    assert len(released_shared_maps(log_of([(f"x{i}", mum()) for i in range(20)]), 5)) == 0


def test_a_block_of_five_of_whom_one_shares_shows_nothing():
    """Releasing all answers first would show this one map as soon as five people saved."""
    rows = [("c0", shared(sample_map()))] + [(f"x{i}", mum()) for i in range(4)]
    assert released_shared_maps(log_of(rows), 5) == []


def test_making_a_map_private_again_takes_it_out_entirely():
    rows = [(f"c{i}", shared(mum())) for i in range(5)]
    rows.append(("c0", mum()))  # c0 changes their mind: private again
    released = released_shared_maps(log_of(rows), 5)
    assert released == []  # four sharers left: below the block, and c0's earlier map is gone


def test_the_group_summary_on_a_known_room():
    maps = [shared(sample_map()) for _ in range(5)] + [shared(mum()) for _ in range(5)]
    summary = group_summary(maps, 5)
    assert summary.maps == 10
    kinds = {k.kind: k for k in summary.kinds}
    # personal care: given by the caregiver alone in all ten maps
    assert (kinds["personal_care"].maps, kinds["personal_care"].alone) == (10, 10)
    assert kinds["personal_care"].shares["caregiver"] == 1.0
    assert "personal_care" in summary.only_caregiver
    # medical tasks: alone in five maps, with Dr Ortiz (monthly) in five
    medical = kinds["medical_tasks"]
    assert (medical.maps, medical.alone) == (10, 5)
    assert medical.shares["caregiver"] == pytest.approx(300 / 305)
    assert medical.shares["service"] == pytest.approx(5 / 305)
    # transport: given in five maps only (Sam), never by the caregiver alone
    assert (kinds["transport"].maps, kinds["transport"].alone) == (5, 0)
    assert kinds["transport"].shares["person"] == 1.0
    # nobody gives money and paperwork: shown as 0 maps, no shares
    assert (kinds["money_paperwork"].maps, kinds["money_paperwork"].shares) == (0, None)
    # five caregivers have Sam and Rex; five have nobody
    assert (summary.nobody_for_caregiver, summary.someone_for_caregiver) == (5, 5)
    assert support_sentence(summary, EN) == "5 of the 10 caregivers have nobody caring for them."
    assert overview_sentence(summary, EN) == "10 caregivers shared their CareMap with the group."
    assert share_sentence(summary, EN) == (
        "The main caregivers carry the largest share of the help with personal care: 100% of it "
        "(weighed by how often it is given). Others give all the help with transport, company."
    )
    assert "only the main caregiver gives: personal care." in alone_sentence(summary, EN)
    assert "Aidant principal" in json.dumps(summary_rows(summary, FR), ensure_ascii=False)


def test_a_small_room_shows_nothing_and_says_why():
    summary = group_summary([shared(sample_map())] * 4, 5)
    assert summary.maps is None and summary.kinds == ()
    assert overview_sentence(summary, EN).startswith("CareMaps are counted here once 5 caregivers")
    assert share_sentence(summary, EN) == overview_sentence(summary, EN)


def test_a_private_map_handed_to_the_summary_by_mistake_is_still_left_out():
    maps = [shared(sample_map()) for _ in range(5)]
    assert group_summary([*maps, mum(), mum()], 5) == group_summary(maps, 5)


def true_cells(maps, kind):
    alone = with_others = 0
    for m in maps:
        # help to anyone cared for (every receiver but the caregiver)
        givers = [x.giver for x in m.ties if x.receiver != "me" and kind in x.help]
        if givers and set(givers) == {"me"}:
            alone += 1
        elif givers:
            with_others += 1
    return {
        "alone": alone,
        "with_others": with_others,
        "not_given": len(maps) - alone - with_others,
    }


def contributing_maps(maps, kind):
    """Kind of helper -> the maps (by position) where one of them gives ``kind`` of help to
    someone cared for (a map may hold several)."""
    found = {giver: set() for giver in GIVERS}
    for number, care_map in enumerate(maps):
        for tie in care_map.ties:
            if is_cared_for_id(tie.receiver) and kind in tie.help:
                giver = "caregiver" if tie.giver == "me" else kind_of(care_map, tie.giver)
                found[giver].add(number)
    return found


def test_a_share_from_one_map_is_hidden_with_the_share_that_would_give_it_away():
    """Issue 18: "Community and faith groups 11.1 % of transport" came from one map."""
    from workshop_kit.activities.caremap.group import protect_shares

    contributing = {
        "caregiver": set(range(9)),
        "person": {0, 1, 2, 3, 4, 5},
        "service": set(),
        "group": {7},
        "pet": set(),
    }
    # the group's share from one map, and the person's (the fewest maps among the shown
    # ones): else 100 % minus caregiver and person would give the group's away
    assert protect_shares(contributing, 5) == {"group", "person"}
    contributing["pet"] = {1, 2, 3, 4}
    assert protect_shares(contributing, 5) == {"group", "pet"}  # 5 maps behind both
    assert protect_shares({"caregiver": {1, 2, 3, 4, 5}, "person": set()}, 5) == set()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(care_maps(max_people=4), max_size=14), st.integers(2, 6))
def test_no_shown_number_comes_from_fewer_than_min_cell_size_shared_maps(maps, k):
    summary = group_summary(maps, k)
    shared_maps = [m for m in maps if m.shared]
    n = len(shared_maps)
    assert summary == group_summary(shared_maps, k)  # private maps change nothing
    if n < k:
        assert summary.maps is None and summary.kinds == () and summary.nobody_for_caregiver is None
        return
    assert summary.maps == n
    for shown in summary.kinds:
        cells = true_cells(shared_maps, shown.kind)
        given_maps = cells["alone"] + cells["with_others"]
        if shown.shares is not None:  # a share is built from the maps giving this help
            assert given_maps >= k
            assert set(shown.shares) == set(GIVERS)
            # and each share from the maps where that kind of helper gives it (issue 18)
            behind = contributing_maps(shared_maps, shown.kind)
            hidden = [giver for giver, share in shown.shares.items() if share is None]
            for giver, share in shown.shares.items():
                if share is not None:
                    assert len(behind[giver]) == 0 or len(behind[giver]) >= k
            if hidden:  # 100 % minus the shown shares never describes fewer than k maps
                assert len(set().union(*(behind[giver] for giver in hidden))) >= k
            else:
                assert sum(shown.shares.values()) == pytest.approx(1.0)
        for count in (shown.alone, shown.maps):
            assert count is None or count == 0 or count >= k
        # the maps not counted in a shown count never form a group of 1 to k - 1
        if shown.alone is not None:
            assert n - shown.alone == 0 or n - shown.alone >= k
        if shown.maps is not None:
            assert n - shown.maps == 0 or n - shown.maps >= k
        if shown.kind in summary.only_caregiver:
            assert cells["with_others"] == 0 and cells["alone"] >= k
    for count in (summary.nobody_for_caregiver, summary.someone_for_caregiver):
        assert count is None or count == 0 or count >= k
    if summary.nobody_for_caregiver is not None:
        assert summary.someone_for_caregiver == n - summary.nobody_for_caregiver
