"""Question set files: where they are, how they are read, and the activity each becomes.

A trainer writes ``data/communities/NAME/questions/<id>.yaml`` (or the kit ships
``data/question-sets/<id>.yaml``); the kit turns each into the activity ``q-<id>`` with no
code (:func:`question_set_activities`, which :func:`workshop_kit.core.activity.discover`
calls). A file with a mistake is refused with every problem, its line and its field, in the
reader's language (:class:`QuestionSetError`): by ``workshop-kit serve`` and ``check`` at
start (:func:`check_question_sets`); a page never fails on it and leaves the set out.

Why the wording goes through the :class:`~workshop_kit.i18n.Translator`: every text on
screen is asked of it, so a set's English and French are registered as texts of their own
(``questions.sets.<id>.…``, :func:`~workshop_kit.i18n.add_file_texts`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from workshop_kit.activities.questions.model import ID_PATTERN, QuestionSet
from workshop_kit.core.activity import ActivityInfo
from workshop_kit.i18n import Translator, add_file_texts, load_catalog

if TYPE_CHECKING:  # the plan's problem type; imported only to report one (it brings the notes)
    from workshop_kit.core.plan import PlanIssue

#: A question set's activity id is this prefix and the file's name.
PREFIX = "q-"
#: The facilitator's page of every set: results, and written answers to approve.
PAGE = "08_question_sets.ipynb"
#: The folder of a community's own question sets, beside its profile.
COMMUNITY_FOLDER = "questions"


@dataclass(frozen=True)
class LoadedSet:
    id: str
    path: Path
    questions: QuestionSet

    @property
    def activity(self) -> str:
        return PREFIX + self.id


class QuestionSetError(ValueError):
    """A question set that cannot be used; ``issues`` lists every problem."""

    def __init__(self, source: str, issues: Sequence[PlanIssue]) -> None:
        self.source = source
        self.issues = list(issues)
        super().__init__(f"{source}: " + "; ".join(str(i) for i in self.issues))

    def describe(self, t: Translator) -> list[str]:
        """Each problem as ``what-matters.yaml, line 12, questions.1.kind: …``."""
        return [issue.describe(t, self.source) for issue in self.issues]


def _message(t: Translator, kind: str, detail: str, values: dict[str, Any]) -> str:
    key = f"questions.error.{kind}"
    if key in load_catalog(t.language) or key in load_catalog("en"):
        return t(key, **{k: v for k, v in values.items() if isinstance(v, str | int | float)})
    return t("questions.error.other", detail=detail)


def _issue(message: str, line: int | None = None, field: str = "") -> PlanIssue:
    """A problem as the plan's and the folder check's (imported only when there is one: it
    brings the facilitator notes, which a phone never needs)."""
    from workshop_kit.core.plan import PlanIssue

    return PlanIssue(message, line, field)


def _line(text: str, location: tuple[Any, ...]) -> int | None:
    from workshop_kit.core.plan import yaml_line

    return yaml_line(text, location)


def read_question_set(path: str | Path, language: str = "en") -> LoadedSet:
    """Read and check one file; :class:`QuestionSetError` with every problem otherwise."""
    t = Translator(language)
    path = Path(path)
    set_id = path.stem
    if not re.match(ID_PATTERN, set_id):
        issue = _issue(t("questions.error.bad_name", name=path.name))
        raise QuestionSetError(path.name, [issue])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionSetError(path.name, [_issue(str(error))]) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise QuestionSetError(path.name, [_issue(t("questions.error.not_yaml"), line)]) from None
    try:
        questions = QuestionSet.model_validate(raw)
    except ValidationError as error:
        issues = []
        for problem in error.errors():
            location = tuple(p for p in problem["loc"] if not str(p).startswith("function-"))
            context = dict(problem.get("ctx") or {})
            context.setdefault("value", str(problem.get("input", ""))[:60])
            if "expected" in context:  # pydantic's English "a or b": a list in any language
                context["expected"] = str(context["expected"]).replace(" or ", ", ")
            message = _message(t, problem["type"], problem["msg"], context)
            field = ".".join(str(p) for p in location)
            issues.append(_issue(message, _line(text, location), field))
        raise QuestionSetError(path.name, issues) from None
    return LoadedSet(set_id, path, questions)


def shipped_folder() -> Path:
    from workshop_kit.paths import data_dir

    return data_dir() / "question-sets"


def community_folder(profile_path: str | Path | None = None) -> Path | None:
    """``questions/`` beside the served profile (``WORKSHOP_KIT_PROFILE``), if any."""
    from workshop_kit.profile import PROFILE_VARIABLE

    chosen = profile_path or os.environ.get(PROFILE_VARIABLE)
    if not chosen:
        return None
    return Path(chosen).resolve().parent / COMMUNITY_FOLDER


def question_set_files(profile_path: str | Path | None = None) -> list[Path]:
    """The shipped sets, then the community's (a community's file replaces a shipped one of
    the same name)."""
    by_name = {path.name: path for path in sorted(shipped_folder().glob("*.yaml"))}
    folder = community_folder(profile_path)
    if folder is not None and folder.is_dir():
        by_name.update({path.name: path for path in sorted(folder.glob("*.yaml"))})
    return list(by_name.values())


def check_question_sets(
    profile_path: str | Path | None = None, language: str = "en"
) -> list[QuestionSetError]:
    """Every refused file's problems (none: every set can be served)."""
    refused = []
    for path in question_set_files(profile_path):
        try:
            read_question_set(path, language)
        except QuestionSetError as error:
            refused.append(error)
    return refused


@cache
def loaded_sets() -> dict[str, LoadedSet]:
    """The sets that can be served, by set id (a refused file is left out here: ``serve`` and
    ``check`` refuse it with its lines before any page runs)."""
    sets: dict[str, LoadedSet] = {}
    for path in question_set_files():
        try:
            loaded = read_question_set(path)
        except QuestionSetError:
            continue
        sets[loaded.id] = loaded
        _register_texts(loaded)
    return sets


def question_set(set_id: str) -> QuestionSet:
    return loaded_sets()[set_id].questions


def text_prefix(set_id: str) -> str:
    return f"questions.sets.{set_id}"


def _register_texts(loaded: LoadedSet) -> None:
    prefix, questions = text_prefix(loaded.id), loaded.questions
    for language in ("en", "fr"):
        texts = {f"{prefix}.title": questions.title.get(language)}
        if questions.intro is not None:
            texts[f"{prefix}.intro"] = questions.intro.get(language)
        add_file_texts(language, texts)


def question_set_activities() -> list[ActivityInfo]:
    """One activity per question set that can be served: ``q-<id>``, its builders given the
    set's id (see :mod:`workshop_kit.core.activity`), and its answer schema registered."""
    from workshop_kit.activities.questions.answers import register_answer

    found = []
    for loaded in loaded_sets().values():
        register_answer(loaded.activity, loaded.questions)
        found.append(
            ActivityInfo(
                loaded.activity,
                f"{text_prefix(loaded.id)}.title",
                loaded.questions.order,
                page=PAGE,
                argument=loaded.id,
                minutes=loaded.questions.minutes_span,
            )
        )
    return found


def forget() -> None:
    """Read the files again on the next discovery (tests that write sets)."""
    from workshop_kit.core.activity import discover

    loaded_sets.cache_clear()
    discover.cache_clear()


@contextmanager
def community_sets(profile_path: str | Path) -> Iterator[None]:
    """Discover the activities as a kit serving ``profile_path`` would (with its own question
    sets): for ``workshop-kit check`` and ``serve``, which read a community's plan before any
    kernel runs with that profile."""
    from workshop_kit.profile import PROFILE_VARIABLE

    before = os.environ.get(PROFILE_VARIABLE)
    os.environ[PROFILE_VARIABLE] = str(Path(profile_path).resolve())
    forget()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(PROFILE_VARIABLE, None)
        else:
            os.environ[PROFILE_VARIABLE] = before
        forget()
