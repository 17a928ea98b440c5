"""A small room through every activity, built with the store API, shaped to leak if the exports
are careless (issue 18): 7 people, ``min_cell_size`` 5.

What must never leave in a file other than the full backup (:data:`SECRETS`):

- a written need with a name and phone number the facilitator never approves;
- Charter evidence with a name and number, never approved;
- the names on the CareMaps ("Mum", "Jo next door", "Aunt Mary");
- an individual's gift with a street address (and its contact);
- a public place the facilitator did not review;
- a Community of Practice story with a name and an address, never approved.

And one person who is alone in their group × area (bereaved, Pine Hollow), who also gives
168 hours of care a week.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop_kit.activities.charter.commitments import load_commitments
from workshop_kit.auth import hash_key
from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer, validate_answer
from workshop_kit.core.disclosure import text_key
from workshop_kit.core.release import show_results

KEY = "k"
PEOPLE = 7
#: (group, area) per person: person 6 is the only bereaved person, the only one in Pine Hollow.
WHO = [("caregiver", "old-town")] * 5 + [("neighbour", "old-town"), ("bereaved", "pine-hollow")]
UNAPPROVED_NEED = "Call Mary Jones on 07700 900123 about her husband"
APPROVED_NEED = "More respite evenings for caregivers"
UNAPPROVED_EVIDENCE = "Ask Mr Brown (555 0199), he runs it"
APPROVED_STEP = "Invite the schools to the next meeting"
CAREMAP_NAMES = ("Mum", "Jo next door", "Aunt Mary")
CARED_FOR = "Grandad Jim"
GIFT = "Mrs Patel who cooks for neighbours, 14 Elm Road"
GIFT_CONTACT = "07700 900456"
#: Public places the room named; the facilitator approves the first four.
PLACES = [
    ("Riverside library", "institutions"),
    ("Old Town clinic", "institutions"),
    ("Maple Park", "nature"),
    ("St Anne's church hall", "places"),
    ("Hidden Valley bowls club", "associations"),
]
APPROVED_PLACES = [name for name, _ in PLACES[:4]]
UNREVIEWED_PLACE = PLACES[4][0]
#: What no exported file but the full backup may contain.
SECRETS = (
    "Mary Jones",
    "07700 900123",
    "Mr Brown",
    "555 0199",
    *CAREMAP_NAMES,
    CARED_FOR,
    "Mrs Patel",
    "Elm Road",
    GIFT_CONTACT,
    UNREVIEWED_PLACE,
    "Dr Okafor",
    "Mill Lane",
)
CARE_HOURS = [10, 12, 20, 5, 8, 3, 168]
UNAPPROVED_STORY = "Since Dr Okafor at 3 Mill Lane joined, my mother sleeps better"
APPROVED_STORY = "The café evenings brought three new volunteers"


@dataclass
class Room:
    code: str
    people: list[str] = field(default_factory=list)


def small_room(store, profile, title: str = "Pine Hollow evening") -> Room:
    """The room described in the module docstring, every answer released: the facilitator
    pressed "Show results" on every activity once everyone had answered (7 ≥ 5)."""
    session = store.create_session(title, "en", hash_key(KEY))
    code = session.code
    room = Room(code, [store.join(code) for _ in range(PEOPLE)])
    count = 0

    def add(person: int, activity: str, payload: dict) -> None:
        nonlocal count
        count += 1
        answer = validate_answer(activity, payload, profile)
        store.add_answer(code, room.people[person], answer, f"{code}-{count}")

    needs = [need.id for need in profile.needs]
    commitments = load_commitments().ids
    statuses = ["not_started", "planned", "under_way", "in_place"]
    for person, (group, area) in enumerate(WHO):
        add(person, "welcome", {"group": group, "area": area})
        for number, need in enumerate(needs):
            rating = {"importance": 1 + (person + number) % 5, "met": 1 + (person * number) % 5}
            add(person, "needs", {"need": need, **rating, "group": group, "area": area})
        if person == 0:
            add(person, "needs", {"text": UNAPPROVED_NEED, "group": group, "area": area})
        if person == 1:
            add(person, "needs", {"text": APPROVED_NEED, "group": group, "area": area})
        for number, commitment in enumerate(commitments):
            payload = {"commitment": commitment, "status": statuses[(person + number) % 4]}
            if person == 2 and number == 0:
                payload["evidence"] = UNAPPROVED_EVIDENCE
            if person == 3 and number == 0:
                payload["next_step"] = APPROVED_STEP
            add(person, "charter", payload)
        care = {"hours_per_week": CARE_HOURS[person], "tasks": ["transportation"]}
        add(person, "caregiving", care)
        add(person, "caremap", caremap(person))
        if person < len(PLACES):
            name, category = PLACES[person]
            add(person, "assets", asset(f"{person + 1:02d}" * 4, name, category))
        if person == 6:
            gift = asset("ab" * 4, GIFT, "gifts") | {"contact": GIFT_CONTACT}
            add(person, "assets", gift)
        for number, cycle in enumerate(("immediate", "potential", "applied")):
            level = ("not_yet", "a_little", "a_lot")[(person + number) % 3]
            add(person, "practice", {"cycle": cycle, "level": level})
        if person in (4, 5):
            add(person, "practice", {"story": (UNAPPROVED_STORY, APPROVED_STORY)[person - 4]})

    reviews = [APPROVED_NEED, APPROVED_STEP, APPROVED_STORY, *APPROVED_PLACES]
    store.add_facilitator_answers(
        code,
        hash_key(KEY),
        [
            (
                FACILITATOR_ID,
                TextReviewAnswer(text_key=text_key(text), decision="approve"),
                f"{code}-review-{number}",
            )
            for number, text in enumerate(reviews)
        ],
    )
    action = validate_answer(
        "charter_actions",
        {
            "action_id": "0123456789abcdef",
            "commitment": commitments[0],
            "action": "Write to the head teachers",
            "who": "Library team",
        },
        profile,
    )
    store.add_facilitator_answers(code, hash_key(KEY), [(FACILITATOR_ID, action, f"{code}-a")])
    for activity in ("welcome", "needs", "charter", "caregiving", "caremap", "assets", "practice"):
        show_results(store, code, activity, hash_key(KEY), profile.min_cell_size)
    return room


def asset(asset_id: str, name: str, category: str) -> dict:
    return {
        "asset_id": asset_id,
        "name": name,
        "category": category,
        "area": "old-town",
        "needs": ["transport"],
    }


def caremap(person: int) -> dict:
    """A shared map: the person cared for, and one to three named helpers."""
    names = CAREMAP_NAMES[: 1 + person % 3]
    kinds = [("family", "transport"), ("neighbour", "company"), ("family", "household")]
    people = [
        {"id": f"p{n + 1}", "label": name, "relationship": kinds[n][0]}
        for n, name in enumerate(names)
    ]
    ties = [
        {"giver": "me", "receiver": "them", "help": ["personal_care"], "frequency": "daily"},
        *(
            {
                "giver": f"p{n + 1}",
                "receiver": "them",
                "help": [kinds[n][1]],
                "frequency": "weekly",
            }
            for n in range(len(names))
        ),
    ]
    return {
        "shared": True,
        "cared_for": {"id": "them", "label": CARED_FOR, "relationship": "family"},
        "people": people,
        "ties": ties,
    }
