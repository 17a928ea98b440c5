"""What the Community of Practice activity stores: participants' value ratings and stories, and
the facilitator's own records about a gathering.

**Participants** (``practice``, from a phone after a gathering) rate the value the Community of
Practice created for them in each of the five cycles of Wenger, Trayner & de Laat (2011),
*Promoting and assessing value creation in communities and networks*:

- ``immediate``: the gathering itself (activities and interactions) was worth their time;
- ``potential``: they gained knowledge capital: skills, contacts, resources, ideas;
- ``applied``: they did something differently in their practice because of it;
- ``realised``: that made a difference (for people affected by death, dying and loss, or for
  their organisation);
- ``reframing``: it changed what they count as success.

**The scale** has three words, not five numbers: *not yet*, *a little*, *a lot* (scored 0, 1
and 2 by :mod:`.model`). The framework asks whether and how far value was created in each
cycle, not how satisfied people are: *not yet* reads as a stage not reached (applied, realised
and reframing value often take months), not as a failure; three words are quick to tap
one-handed on a 360 px screen and translate without drifting apart, where the steps of a
1 to 5 scale mean different things to different people.

**Two moments** (issue 20): immediate and potential value show at once, so they are asked at
the end of a gathering; applied, realised and reframing value can only show later, so they are
asked at the start of the next gathering, looking back (``looking_back: true``: the rating is
about the previous gathering, :data:`END_CYCLES` and :data:`LOOKBACK_CYCLES`). Ratings stored
before this split carry no ``looking_back`` and stay about the gathering they were given at.

One answer per cycle (its item is the cycle, so changing a rating replaces only that one), and
one optional **value-creation story** (item ``story``): a few lines running from something
that happened in the Community of Practice, through what the person did with it, to the
difference it made. Stories reach the projector only once the facilitator approves them
(:func:`workshop_kit.core.disclosure.approved_texts`).

**The facilitator** records, through :meth:`~workshop_kit.core.store.Store.
add_facilitator_answers` (which checks the facilitator key), two facts about a session, so the
store's schema is unchanged and the facts travel with the session they describe:

- ``practice_gathering``: this session is gathering *n* (1 to 4) of Community of Practice
  *name* in *year*, with its theme;
- ``practice_attendance``: which member organisations took part (name and sector: no personal
  data), a snapshot so that the year's participation view does not depend on today's
  register. Attendance by sector is *participation*;
- ``practice_contribution``: what each member organisation brought to the gathering (hosting,
  facilitation, referrals, joint actions, resources): the guideline's *multiagency
  contribution*, which attendance alone does not measure;
- ``practice_story_cycles``: the value-creation cycles an approved story passes through (by
  its text key, as moderation decisions are), so stories can be set against the indicators of
  each cycle in the value-creation matrix.

Only records the facilitator stored count (:func:`workshop_kit.core.answers.
facilitator_records`): the same payload reaching the store any other way is ignored.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from workshop_kit.core.answers import Answer, answer_schema

#: The five value-creation cycles, in the framework's order.
Cycle = Literal["immediate", "potential", "applied", "realised", "reframing"]
CYCLES: tuple[str, ...] = get_args(Cycle)

#: Cycles that show by the end of a gathering: asked then.
END_CYCLES: tuple[str, ...] = ("immediate", "potential")
#: Cycles that show only later: asked at the start of the next gathering, looking back.
LOOKBACK_CYCLES: tuple[str, ...] = ("applied", "realised", "reframing")

#: The answer scale, lowest first (scored 0, 1, 2 by the model).
Level = Literal["not_yet", "a_little", "a_lot"]
LEVELS: tuple[str, ...] = get_args(Level)

#: The item of the story answer (cycle names cannot clash with it).
STORY_ITEM = "story"

#: Longest story kept: a few lines, readable on a projector in one breath.
MAX_STORY = 600

#: The kinds of member organisation of a Community of Practice (Compassionate Communities
#: Northern Ireland's Community of Practice guideline, August 2022: twelve kinds, with the
#: primary and community care local commissioning groups and health improvement). Ids are
#: never renamed once used: stored attendance and registers name them.
Sector = Literal[
    "community_voluntary",
    "health_social_care",
    "local_commissioning",
    "council",
    "education",
    "faith",
    "workplace",
    "marginalised",
    "health_improvement",
    "advanced_illness",
    "unpaid_carers",
    "bereavement",
]
SECTORS: tuple[str, ...] = get_args(Sector)

#: Roles in a Community of Practice (same guideline). An organisation may hold several.
Role = Literal["member", "facilitator", "sponsor", "core_planning_group", "funder"]
ROLES: tuple[str, ...] = get_args(Role)

#: The guideline's key topics: the themes the planner gives the gatherings.
Topic = Literal["shared_vision", "needs", "resources"]
TOPICS: tuple[str, ...] = get_args(Topic)

#: What a member organisation may bring to a gathering: the multiagency contribution record.
Contribution = Literal["hosting", "facilitation", "referrals", "joint_actions", "resources"]
CONTRIBUTIONS: tuple[str, ...] = get_args(Contribution)

#: Gatherings a year: four half-days.
GATHERINGS_PER_YEAR = 4

#: Longest organisation or Community of Practice name.
MAX_NAME = 120

#: Most organisations recorded as present at one gathering.
MAX_ATTENDING = 300

Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]


@answer_schema
class PracticeAnswer(Answer):
    """A rating of one cycle (``cycle`` + ``level``) or a ``story``, never both."""

    activity: ClassVar[str] = "practice"

    cycle: Cycle | None = None
    level: Level | None = None
    story: Annotated[str, Field(max_length=MAX_STORY)] | None = None
    #: The rating looks back at the previous gathering (applied, realised, reframing only).
    looking_back: bool = False

    def item(self) -> str:
        return self.cycle or STORY_ITEM

    @field_validator("story")
    @classmethod
    def _story_not_blank(cls, story: str | None) -> str | None:
        return story or None

    @model_validator(mode="after")
    def _one_shape(self) -> PracticeAnswer:
        if self.cycle is not None:
            if self.level is None:
                raise ValueError("a rating needs a level")
            if self.story is not None:
                raise ValueError("a rating carries no story")
            if self.looking_back and self.cycle not in LOOKBACK_CYCLES:
                raise ValueError("only applied, realised and reframing value look back")
        else:
            if self.story is None:
                raise ValueError("give a cycle with its level, or a story")
            if self.level is not None:
                raise ValueError("a level needs a cycle")
            if self.looking_back:
                raise ValueError("a story does not look back")
        return self


@answer_schema
class GatheringAnswer(Answer):
    """The facilitator's record that a session is one gathering of a Community of Practice."""

    activity: ClassVar[str] = "practice_gathering"

    community: Name
    year: Annotated[int, Field(ge=2000, le=2100)]
    number: Annotated[int, Field(ge=1, le=GATHERINGS_PER_YEAR)]
    theme: Topic | None = None


class Attending(BaseModel):
    """One member organisation present at a gathering: a name and a sector, nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Name
    sector: Sector


@answer_schema
class AttendanceAnswer(Answer):
    """The facilitator's record of the member organisations present at a gathering (the
    latest record counts)."""

    activity: ClassVar[str] = "practice_attendance"

    organisations: Annotated[list[Attending], Field(max_length=MAX_ATTENDING)]

    @field_validator("organisations")
    @classmethod
    def _distinct(cls, organisations: list[Attending]) -> list[Attending]:
        seen: set[str] = set()
        for organisation in organisations:
            key = organisation.name.casefold()
            if key in seen:
                raise ValueError(f"{organisation.name!r} is listed twice")
            seen.add(key)
        return organisations


class Contributing(BaseModel):
    """What one member organisation brought to a gathering: a name, a sector and one or more
    kinds of contribution (no free text, no personal data)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Name
    sector: Sector
    kinds: Annotated[list[Contribution], Field(min_length=1, max_length=len(CONTRIBUTIONS))]

    @field_validator("kinds")
    @classmethod
    def _kinds_once(cls, kinds: list[str]) -> list[str]:
        return [kind for kind in CONTRIBUTIONS if kind in kinds]


@answer_schema
class ContributionAnswer(Answer):
    """The facilitator's record of what each member organisation contributed to a gathering
    (the latest record counts): the guideline's multiagency contribution."""

    activity: ClassVar[str] = "practice_contribution"

    contributions: Annotated[list[Contributing], Field(max_length=MAX_ATTENDING)]

    @field_validator("contributions")
    @classmethod
    def _distinct(cls, contributions: list[Contributing]) -> list[Contributing]:
        seen: set[str] = set()
        for contribution in contributions:
            key = contribution.name.casefold()
            if key in seen:
                raise ValueError(f"{contribution.name!r} is listed twice")
            seen.add(key)
        return contributions


@answer_schema
class StoryCyclesAnswer(Answer):
    """The facilitator's tagging of one story (by its text key) with the value-creation cycles
    it passes through, from the activity that started it to the difference it made (the
    latest tagging of a story counts)."""

    activity: ClassVar[str] = "practice_story_cycles"

    text_key: Annotated[str, Field(min_length=1, max_length=80)]
    cycles: Annotated[list[Cycle], Field(max_length=len(CYCLES))]

    @field_validator("cycles")
    @classmethod
    def _in_order(cls, cycles: list[str]) -> list[str]:
        return [cycle for cycle in CYCLES if cycle in cycles]

    def item(self) -> str:
        return self.text_key
