"""What a question set shows, computed once from its released answers (the core's one shown
state, :mod:`workshop_kit.core.shown`): the projector, the report, the exports and the
exploration notebook lay this out and nothing else.

Disclosure control, question by question (``k`` is the profile's ``min_cell_size``):

- nothing about a question that fewer than ``k`` people answered;
- one choice and the numbers of a scale: counts per option through
  :func:`~workshop_kit.core.disclosure.protect_counts` (their total is shown);
- several choices: each option is its own split, chose it / did not, so both counts must
  be 0 or at least ``k`` (else "3 of 7 chose it" says 4 did not … and 1 did not is a person);
- a scale's mean and a ranking's mean ranks only from ``k`` people or more;
- written answers: quoted only once the facilitator approved them
  (:func:`~workshop_kit.core.disclosure.approved_texts`), else only counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from workshop_kit.activities.questions.sets import question_set
from workshop_kit.core.disclosure import (
    NO_ANSWERS,
    SHOWN,
    TOO_FEW,
    approved_texts,
    contributors,
    enough,
    protect_counts,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from workshop_kit.activities.questions.model import Question


@dataclass(frozen=True, eq=False)
class ShownQuestion:
    """One question as every view shows it."""

    id: str
    kind: str
    text: str
    #: How many people's released answers it is built from.
    people: int
    #: ``shown``, ``too_few`` or ``no_answers`` (:mod:`workshop_kit.core.disclosure`).
    status: str
    #: Option (or scale value) label -> count as it may be shown (``None``: too few).
    counts: dict[str, int | None] = field(default_factory=dict)
    #: A scale's mean.
    mean: float | None = None
    #: A ranking: (option label, mean rank), first place first.
    ranking: list[tuple[str, float]] = field(default_factory=list)
    #: Written answers the facilitator approved; how many wait or were hidden.
    quotes: list[str] = field(default_factory=list)
    unquoted: int = 0
    figure: Figure | None = None
    sentence: str = ""


@dataclass(frozen=True, eq=False)
class ShownQuestions:
    """A question set as every view shows it."""

    activity: str
    title: str
    #: People with at least one released answer (0: nothing released yet).
    people: int
    questions: list[ShownQuestion]
    #: The conversation prompts, for the shared screen (words to talk about, no answers).
    prompts: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """The shown figures as one tidy table (the export and the notebook's DataFrame):
        one row per question and option; hidden figures are empty with status ``too_few``."""
        rows: list[dict[str, Any]] = []
        for q in self.questions:
            base = {"question": q.id, "kind": q.kind, "text": q.text, "people": q.people}
            if q.status != SHOWN:
                rows.append({**base, "status": q.status})
                continue
            for label, count in q.counts.items():
                status = SHOWN if count is not None else TOO_FEW
                rows.append({**base, "option": label, "count": count, "status": status})
            if q.mean is not None:
                rows.append({**base, "option": "mean", "value": q.mean, "status": SHOWN})
            for place, (label, mean_rank) in enumerate(q.ranking, start=1):
                row = {**base, "option": label, "place": place, "mean_rank": mean_rank}
                rows.append({**row, "status": SHOWN})
            for quote in q.quotes:
                rows.append({**base, "option": "quote", "value": quote, "status": SHOWN})
        columns = ["question", "kind", "text", "people", "option", "count", "value"]
        frame = pd.DataFrame(rows, columns=[*columns, "place", "mean_rank", "status"])
        return frame.astype({"count": "Int64", "place": "Int64"})


def latest_answers(released: pd.DataFrame | None) -> pd.DataFrame:
    """The latest released answer per person and question."""
    if released is None or released.empty or "question" not in released:
        return pd.DataFrame(columns=["participant_id", "question"])
    if "answer_id" in released:
        released = released.sort_values("answer_id")
    return released.drop_duplicates(["participant_id", "question"], keep="last")


def shown_state(set_id: str, context: Any) -> ShownQuestions:
    """The question set's shown state for a view context (see :mod:`workshop_kit.core.shown`)."""
    from workshop_kit.core.answers import review_decisions

    t, k = context.t, context.profile.min_cell_size
    activity = f"q-{set_id}"
    questions = question_set(set_id)
    released = latest_answers(context.released(activity))
    decisions = review_decisions(context.latest("text_reviews"))
    shown = [
        _shown_question(q, released[released["question"] == q.id], decisions, k, t)
        for q in questions.questions
        if q.kind != "prompt"
    ]
    title = t(f"questions.sets.{set_id}.title")
    prompts = [q.text.get(t.language) for q in questions.questions if q.kind == "prompt"]
    return ShownQuestions(activity, title, contributors(released), shown, prompts)


def _shown_question(
    question: Question, answers: pd.DataFrame, decisions: dict[str, str], k: int, t: Any
) -> ShownQuestion:
    from workshop_kit.core.count_chart import count_bars

    text, people = question.text.get(t.language), int(answers["participant_id"].nunique())
    base = {"id": question.id, "kind": question.kind, "text": text, "people": people}
    if people == 0:
        return ShownQuestion(**base, status=NO_ANSWERS, sentence=t("questions.shown.none"))
    if question.kind == "text":
        written = [str(v) for v in answers["text"].dropna()]
        quotes = approved_texts(written, decisions)
        unquoted = len(written) - sum(written.count(q) for q in set(quotes))
        if enough(people, k):
            sentence = t("questions.shown.texts", count=len(written), quoted=len(quotes))
        else:
            sentence = t("questions.shown.texts_few", quoted=len(quotes), min=k)
        return ShownQuestion(
            **base, status=SHOWN, quotes=quotes, unquoted=unquoted, sentence=sentence
        )
    if not enough(people, k):
        return ShownQuestion(**base, status=TOO_FEW, sentence=t("questions.shown.too_few", min=k))
    labels = {option.id: option.label(t.language) for option in question.options or []}
    counts: dict[str, int | None] = {}
    mean, ranking = None, []
    if question.kind == "scale":
        values = answers["scale"].astype(int)
        every = range(question.lowest, question.highest + 1)
        raw = {str(v): int((values == v).sum()) for v in every}
        counts = protect_counts(raw, k)
        mean = round(float(values.mean()), 1)
        sentence = t("questions.shown.scale", count=people, mean=mean, high=question.highest)
    elif question.kind == "choice":
        raw = answers["choice"].value_counts().reindex(list(labels), fill_value=0)
        counts = {labels[o]: n for o, n in protect_counts(raw.astype(int).to_dict(), k).items()}
        sentence = t("questions.shown.choice", count=people)
    elif question.kind == "choices":
        for option, label in labels.items():
            chose = int(answers["choices"].map(lambda chosen, o=option: o in chosen).sum())
            split = protect_counts({"yes": chose, "no": people - chose}, k)
            counts[label] = split["yes"]
        sentence = t("questions.shown.choices", count=people)
    else:  # ranking: mean place of each option, first place first
        places = pd.DataFrame(
            [{o: place for place, o in enumerate(order, 1)} for order in answers["ranking"]]
        )
        means = places.mean().sort_values()
        ranking = [(labels[o], round(float(m), 1)) for o, m in means.items()]
        sentence = t("questions.shown.ranking", count=people, first=ranking[0][0])
    if any(v is None for v in counts.values()):
        sentence += " " + t("questions.shown.hidden", min=k)
    figure = None
    if counts:
        figure = count_bars(list(counts), list(counts.values()), too_few=t("app.too_few"))
    return ShownQuestion(
        **base,
        status=SHOWN,
        counts=counts,
        mean=mean,
        ranking=ranking,
        figure=figure,
        sentence=sentence,
    )
