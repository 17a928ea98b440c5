"""``workshop-kit check data/communities/NAME``: the whole community folder, every problem at once.

Why a folder check: a trainer edits several files (the profile, its area shapes, a workshop
plan, sample files to practise imports) and ``serve`` refuses a bad profile with its first
problems only. This reads every file of the folder the kit would use and lists each problem
with its file, its line (found in the YAML's own parse, so "line 31" is the line the trainer's
editor shows) and its field, in the trainer's language; nothing is changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workshop_kit.activities.questions.sets import (
    COMMUNITY_FOLDER,
    QuestionSetError,
    community_sets,
    read_question_set,
)
from workshop_kit.core.plan import PLAN_FILE, PlanError, load_plan, yaml_line
from workshop_kit.geo import GeoError, load_area_shapes, shapes_path
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile, ProfileError, load_profile

PROFILE_FILE = "profile.yaml"


@dataclass(frozen=True)
class FolderProblem:
    """One problem: where (file, line, field) and what, already translated."""

    file: str
    message: str
    line: int | None = None
    field: str = ""

    def text(self, t: Translator) -> str:
        if self.line is not None and self.field:
            return t(
                "trainer.check.problem",
                file=self.file,
                line=self.line,
                field=self.field,
                message=self.message,
            )
        if self.field:
            key = "trainer.check.problem_no_line"
            return t(key, file=self.file, field=self.field, message=self.message)
        return t("trainer.check.problem_file", file=self.file, message=self.message)


@dataclass(frozen=True)
class FolderCheck:
    folder: Path
    problems: list[FolderProblem]
    checked: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_profile(path: Path, t: Translator) -> tuple[Profile | None, list[FolderProblem]]:
    """The profile, or every problem in it with its line and field."""
    try:
        return load_profile(path, t.language), []
    except ProfileError as error:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        problems = []
        for message, location, line in zip(
            error.problems, error.locations, error.lines, strict=True
        ):
            field = ".".join(str(part) for part in location)
            if field and message.startswith(f"{field}: "):
                message = message[len(field) + 2 :]
            if line is None and text:
                line = yaml_line(text, location)
            problems.append(FolderProblem(path.name, message, line, field))
        return None, problems


def check_shapes(profile: Profile, folder: Path, t: Translator) -> list[FolderProblem]:
    path = shapes_path(profile)
    if path is None:
        return []
    try:
        load_area_shapes(path, [area.id for area in profile.areas], t.language)
    except GeoError as error:
        name = _relative(path, folder)
        return [FolderProblem(name, message, None, "features") for message in error.problems]
    return []


def check_samples(
    profile: Profile, folder: Path, t: Translator
) -> tuple[list[FolderProblem], list[str]]:
    """Sample files beside the profile, read as the activity pages would import them."""
    from workshop_kit.activities.assets.importer import check_assets_file
    from workshop_kit.activities.needs.importer import check_needs_file

    checkers = {"sample-assets": check_assets_file, "sample-needs": check_needs_file}
    problems: list[FolderProblem] = []
    checked: list[str] = []
    for path in sorted(folder.iterdir()):
        kind = next((k for k in checkers if path.name.startswith(k)), None)
        if kind is None or path.suffix.lower() not in {".csv", ".xlsx"}:
            continue
        checked.append(path.name)
        result = checkers[kind](path.read_bytes(), path.name, profile, language=t.language)
        for problem in result.errors:
            line = problem.rows[0] if problem.rows else None
            field = ", ".join(problem.columns)
            problems.append(FolderProblem(path.name, problem.message, line, field))
    return problems, checked


def check_folder(folder: Path, language: str = "en") -> FolderCheck:
    """Every file of a community folder the kit uses (see the module docstring)."""
    t = Translator(language)
    profile_path = folder / PROFILE_FILE
    if not profile_path.is_file():
        problem = FolderProblem(PROFILE_FILE, t("trainer.check.no_profile"))
        return FolderCheck(folder, [problem], [])
    profile, problems = check_profile(profile_path, t)
    checked = [PROFILE_FILE]
    if profile is not None:
        path = shapes_path(profile)
        if path is not None:
            checked.append(_relative(path, folder))
        problems += check_shapes(profile, folder, t)
        sample_problems, samples = check_samples(profile, folder, t)
        problems += sample_problems
        checked += samples
    set_problems, sets = check_question_sets(folder, t)
    problems += set_problems
    checked += sets
    plan_path = folder / PLAN_FILE
    if plan_path.is_file():
        checked.append(PLAN_FILE)
        try:
            with community_sets(profile_path):  # its plan may name the folder's question sets
                load_plan(plan_path, t.language)
        except PlanError as error:
            problems += [
                FolderProblem(PLAN_FILE, issue.message, issue.line, issue.field)
                for issue in error.issues
            ]
    return FolderCheck(folder, problems, checked)


def check_question_sets(folder: Path, t: Translator) -> tuple[list[FolderProblem], list[str]]:
    """The community's question sets (``questions/*.yaml``): every problem, line and field."""
    problems: list[FolderProblem] = []
    checked: list[str] = []
    for path in sorted((folder / COMMUNITY_FOLDER).glob("*.yaml")):
        name = f"{COMMUNITY_FOLDER}/{path.name}"
        checked.append(name)
        try:
            read_question_set(path, t.language)
        except QuestionSetError as error:
            problems += [
                FolderProblem(name, issue.message, issue.line, issue.field)
                for issue in error.issues
            ]
    return problems, checked


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return str(path)
