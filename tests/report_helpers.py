"""A sample session with answers in every activity, built with the store API, for the report
tests (content checks here, printing in Chromium in ``test_browser_report.py``).

The session is shaped so that each disclosure rule has something to hide, with
``min_cell_size`` 5 (the sample profile's):

The facilitator presses "Show results" after the 10th person of each activity (the 5th for
caregiving); the people after that are fewer than ``min_cell_size`` and wait:

- warm-up: 12 people; 10 are released, among them 3 bereaved and 2
  neighbours, groups too small to show;
- needs: 11 people rate needs one after the other; 10 are released. "Care for pets" is rated
  by only 4 of them: it must show "too few to show" and no score. Seven write what would help
  most; the facilitator approves four, hides one and leaves two unreviewed;
- caregiving: 7 people give their hours and tasks; the first 5 are released, and their
  hours add up to 77, shown rounded down to 70;
- assets: 11 people add assets, 10 are released. Institutions come from all 10 and natural
  places from 6 (two of them the same park, merged by the facilitator); associations from 4
  and one person's gift: too few to show, never listed by name. The 11th person's
  association is not released. The facilitator approves the public names to list (and, to
  no effect, the gift and the unreleased association).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop_kit.activities.assets.answers import AssetMergeAnswer
from workshop_kit.auth import hash_key
from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer, validate_answer
from workshop_kit.core.disclosure import text_key

KEY = "k"
PEOPLE = 12
WELCOME_GROUPS = ["caregiver"] * 5 + ["bereaved"] * 3 + ["neighbour"] * 2 + ["caregiver"] * 2
#: need -> (importance, met) for each of the 11 people who rate it (None: not rated).
NEEDS_RATED_BY_ALL = {
    "respite": [(5, 1), (5, 2), (4, 1), (5, 1), (4, 2), (5, 3), (3, 1), (5, 2), (4, 1), (5, 1)],
    "transport": [(4, 2), (3, 2), (4, 3), (5, 2), (3, 3), (4, 2), (4, 1), (2, 2), (3, 2), (4, 4)],
    "information": [(5, 3), (4, 4), (4, 2), (3, 3), (5, 4), (4, 3), (4, 4), (5, 2), (3, 2), (4, 3)],
}
#: Rated by four people only (below min_cell_size): never a score in the report.
SMALL_NEED = "pet-care"
SMALL_NEED_RATINGS = [(5, 1), (5, 1), (4, 1), (5, 2)]
APPROVED_TEXTS = [
    "More respite care so caregivers can rest",
    "Respite evenings run by volunteers",
    "A directory of local services",
    "A directory in the library and online",
]
HIDDEN_TEXT = "My neighbour Mrs Dalloway at 12 Elm Street needs help"
UNREVIEWED_TEXTS = ["Ask Dr Rivers about the clinic", "Zanzibar quilting circle"]
#: Weekly hours of the caregiving answers in the order given; the first 5 are released.
CARE_HOURS = [7, 12, 20, 35, 3, 40, 9]
CARE_TASKS = [
    ["transportation", "meals_housework"],
    ["transportation", "emotional_support"],
    ["transportation", "personal_care", "meals_housework"],
    ["transportation", "meals_housework", "emotional_support"],
    ["transportation", "meals_housework"],
    ["medical_care"],
    ["banking_paperwork"],
]

#: (person, asset id, name, category, area, need) in the order people add them. A person's
#: first asset comes first: the release cuts at the first answer of the 10th contributor.
ASSETS = [
    *(
        (person, f"{person + 1:02d}" * 4, name, "institutions", "riverside", "information")
        for person, name in enumerate(
            [
                "Riverside library",
                "Riverside clinic",
                "Riverside school",
                "Town hall",
                "Fire station",
                "Post office",
                "Hospice house",
                "Community health centre",
                "Legal aid office",
                "Family services",
            ]
        )
    ),
    *(
        (person, f"a{person}" * 4, name, "nature", "northfield", "loneliness")
        for person, name in enumerate(
            ["Maple park", "Maple Park", "North woods trail", "Duck pond", "Orchard", "Meadow"]
        )
    ),
    *(
        (person, f"b{person}" * 4, name, "associations", "old-town", "grief-support")
        for person, name in zip(
            range(4, 8),
            ["Walking group", "Grief cafe", "Men's shed", "Knitting circle"],
            strict=True,
        )
    ),
    (0, "c0c0c0c0", "Mrs Okafor's home baking", "gifts", "old-town", "practical-help"),
    (10, "d0d0d0d0", "Unreleased choir", "associations", "old-town", "loneliness"),
]
#: "Maple Park" (person 1) is merged into "Maple park" (person 0).
MERGE = ("a0a0a0a0", "a1a1a1a1")
#: Named in the report: released public places and organisations of shown categories.
LISTED_ASSETS = [
    a[2] for a in ASSETS if a[3] in ("institutions", "nature") and a[2] != "Maple Park"
]
#: Never named: a person's gift, associations not approved, the unreleased choir.
UNLISTED_ASSETS = [a[2] for a in ASSETS if a[3] not in ("institutions", "nature")]
#: Approved by the facilitator (issue 18: names are listed once reviewed, like free text).
APPROVED_ASSET_NAMES = [*LISTED_ASSETS, "Mrs Okafor's home baking", "Unreleased choir"]


@dataclass
class SampleSession:
    code: str
    people: list[str] = field(default_factory=list)


def sample_session(store, profile, language: str = "en", title: str = "Riverbend evening"):
    """A session of the facilitator key ``k`` with answers in every activity (see above)."""
    session = store.create_session(title, language, hash_key(KEY))
    code = session.code
    sample = SampleSession(code, [store.join(code) for _ in range(PEOPLE)])
    count = 0

    def show_results(activity: str) -> None:
        from workshop_kit.core.release import show_results as press

        assert press(store, code, activity, hash_key(KEY), profile.min_cell_size).released

    def add(person: int, activity: str, payload: dict) -> None:
        nonlocal count
        count += 1
        answer = validate_answer(activity, payload, profile)
        store.add_answer(code, sample.people[person], answer, f"{code}-{count}")

    for person, group in enumerate(WELCOME_GROUPS):
        add(person, "welcome", {"group": group, "area": "old-town" if person % 2 else None})
        if person == 9:
            show_results("welcome")

    texts = [*APPROVED_TEXTS, HIDDEN_TEXT, *UNREVIEWED_TEXTS]
    for person in range(11):  # the 11th is not released (10 = two blocks of five)
        group = WELCOME_GROUPS[person]
        for need, ratings in NEEDS_RATED_BY_ALL.items():
            importance, met = ratings[person % len(ratings)]
            add(
                person,
                "needs",
                {"need": need, "importance": importance, "met": met, "group": group},
            )
        if person < len(SMALL_NEED_RATINGS):
            importance, met = SMALL_NEED_RATINGS[person]
            add(person, "needs", {"need": SMALL_NEED, "importance": importance, "met": met})
        if person < len(texts):
            add(person, "needs", {"text": texts[person], "group": group})
        if person == 9:
            show_results("needs")

    decisions = [(text, "approve") for text in APPROVED_TEXTS] + [(HIDDEN_TEXT, "hide")]
    # the asset names the facilitator approves for the report's list; a gift and an
    # unreleased answer are approved too, and still never listed
    decisions += [(name, "approve") for name in APPROVED_ASSET_NAMES]
    store.add_facilitator_answers(
        code,
        hash_key(KEY),
        [
            (
                FACILITATOR_ID,
                TextReviewAnswer(text_key=text_key(text), decision=decision),
                f"{code}-review-{number}",
            )
            for number, (text, decision) in enumerate(decisions)
        ],
    )

    for person, (hours, tasks) in enumerate(zip(CARE_HOURS, CARE_TASKS, strict=True)):
        add(person, "caregiving", {"hours_per_week": hours, "tasks": tasks})
        if person == 4:
            show_results("caregiving")

    # each person adds all their assets in turn (the 10th only their first)
    for person in range(11):
        for owner, asset_id, name, category, area, need in ASSETS:
            if owner == person and not (person == 9 and category != "institutions"):
                payload = {
                    "asset_id": asset_id,
                    "name": name,
                    "category": category,
                    "area": area,
                    "needs": [need],
                }
                add(person, "assets", payload)
        if person == 9:
            show_results("assets")
    keep, merged = MERGE
    store.add_facilitator_answers(
        code,
        hash_key(KEY),
        [(FACILITATOR_ID, AssetMergeAnswer(keep=keep, merged=[merged]), f"{code}-merge")],
    )
    return sample
