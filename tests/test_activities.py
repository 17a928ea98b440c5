"""Activities are folders: the kit finds them, and a new one needs no change to the core.

``docs/adding-an-activity.md`` promises a contributor that a new activity is one folder under
``workshop_kit/activities/`` plus its catalog entries (and a notebook if it has a page). The
last test holds the kit to that promise: it copies the package, adds a folder with nothing
else changed, and checks that the hub lists it, a phone shows its form and the store accepts
its answers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from workshop_kit.core.activity import (
    INTERFACES,
    ActivityError,
    MissingReportWarning,
    discover,
    provided,
    without_report,
)
from workshop_kit.core.answers import schemas
from workshop_kit.core.registry import SCREENS, activities, find_activity
from workshop_kit.i18n import Translator, available_languages
from workshop_kit.paths import sample_profile_path

PACKAGE = Path(__file__).resolve().parent.parent / "workshop_kit"


def test_every_activity_folder_is_found_in_the_hubs_order():
    folders = sorted(
        p.name
        for p in (PACKAGE / "activities").iterdir()
        if p.is_dir() and (p / "__init__.py").exists()
    )
    found = discover()
    assert sorted({info.package.rsplit(".", 1)[1] for info in found.values()}) == folders
    for info in found.values():  # one activity per folder, or one per question set file
        assert info.id == info.package.rsplit(".", 1)[1] or info.id.startswith("q-")
    assert list(found)[:4] == ["welcome", "needs", "assets", "caregiving"]
    assert [info.order for info in found.values()] == sorted(i.order for i in found.values())


@pytest.mark.parametrize("activity_id", sorted(discover()))
def test_each_declaration_points_at_real_code_and_real_texts(activity_id):
    info = discover()[activity_id]
    assert callable(info.load(info.form))
    if info.live:
        assert callable(info.load(info.live))
    for reference in info.provides.values():
        assert callable(info.load(reference))
    assert activity_id in schemas(), "its answers module registers a schema under its id"
    for language in available_languages():
        title = Translator(language)(info.title_key)
        assert title and title != info.title_key, f"{info.title_key} missing in {language}"
    if info.page:
        assert (PACKAGE.parent / "notebooks" / info.page).exists()


def test_the_hub_lists_the_screens_then_the_activities():
    assert list(activities())[:2] == list(SCREENS)
    assert list(activities())[2:] == list(discover())


def test_an_unknown_activity_shows_the_waiting_screen():
    assert find_activity("no-such-activity").id == "waiting"
    assert find_activity("screen").id == "screen"


def test_the_needs_scores_interface_is_declared_and_provided_by_one_activity():
    assert set(INTERFACES) == {"need_scores"}
    providers = [i.id for i in discover().values() if "need_scores" in i.provides]
    assert providers == ["needs"]
    assert provided("need_scores") is not None
    with pytest.raises(ActivityError):
        provided("anything_else")


def test_a_declaration_is_plain_data():
    """The Voilà server and every phone read declarations: they must not import heavy code."""
    code = (
        "import sys\n"
        "from workshop_kit.core.activity import discover\n"
        "discover()\n"
        "print(sorted(m for m in ('ipywidgets', 'pandas', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


# -- a new activity is one folder ------------------------------------------------------------

QUIZ_INIT = '''
"""A one-question quiz, added by a trainer."""

from workshop_kit.core.activity import ActivityInfo

ACTIVITY = ActivityInfo(id="quiz", title_key="quiz.title", order=15, form="form:quiz_form")
'''

QUIZ_ANSWERS = """
from typing import ClassVar, Literal

from workshop_kit.core.answers import Answer, answer_schema


@answer_schema
class QuizAnswer(Answer):
    activity: ClassVar[str] = "quiz"
    choice: Literal["yes", "no"]
"""

QUIZ_FORM = """
import ipywidgets as widgets


def quiz_form(context):
    return widgets.HTML(context.t("quiz.title"))
"""

PROBE = """
import json, os
from workshop_kit.core.answers import InvalidAnswer, validate_answer
from workshop_kit.core.registry import FormContext, activities, find_activity
from workshop_kit.i18n import Translator
from workshop_kit.profile import load_profile

profile = load_profile(os.environ["PROFILE"])
context = FormContext(profile, Translator("fr"), lambda *a: True, "C")
try:
    validate_answer("quiz", {"choice": "maybe"})
    refused = False
except InvalidAnswer:
    refused = True
print(json.dumps({
    "hub": list(activities()),
    "form": find_activity("quiz").form(context).value,
    "accepted": validate_answer("quiz", {"choice": "yes"}).choice,
    "refused": refused,
}))
"""


def test_a_new_activity_is_one_folder_and_its_catalog_entries(tmp_path):
    copy = tmp_path / "workshop_kit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    folder = copy / "activities" / "quiz"
    folder.mkdir()
    for name, text in [
        ("__init__.py", QUIZ_INIT),
        ("answers.py", QUIZ_ANSWERS),
        ("form.py", QUIZ_FORM),
    ]:
        (folder / name).write_text(textwrap.dedent(text))
    for language, title in [("en", "Quick quiz"), ("fr", "Petit quiz")]:
        (copy / "i18n" / language / "quiz.yaml").write_text(f"quiz:\n  title: {title}\n")

    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path), "PROFILE": str(sample_profile_path())},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["hub"].index("quiz") == seen["hub"].index("welcome") + 1  # order 15
    assert seen["form"] == "Petit quiz"
    assert seen["accepted"] == "yes"
    assert seen["refused"]


@pytest.fixture
def fake_activities(tmp_path, monkeypatch):
    """An empty activities package of our own, discovered instead of the kit's."""
    name = f"fake_activities_{uuid.uuid4().hex}"  # a fresh name: sys.modules keeps old ones
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr("workshop_kit.core.activity.ACTIVITIES_PACKAGE", name)
    discover.cache_clear()
    yield package
    discover.cache_clear()


def declare(package: Path, folder: str, declaration: str) -> None:
    (package / folder).mkdir(exist_ok=True)
    (package / folder / "__init__.py").write_text(
        f"from workshop_kit.core.activity import ActivityInfo\nACTIVITY = {declaration}\n"
    )
    discover.cache_clear()


def test_a_folder_that_does_not_declare_itself_is_refused(fake_activities):
    (fake_activities / "broken").mkdir()
    (fake_activities / "broken" / "__init__.py").write_text("ACTIVITY = None\n")
    with pytest.raises(ActivityError, match="does not define ACTIVITY"):
        discover()


def test_an_activity_id_must_be_its_folder_name(fake_activities):
    declare(fake_activities, "quiz", "ActivityInfo(id='other', title_key='x', order=1, form='f:f')")
    with pytest.raises(ActivityError, match="must be its folder name"):
        discover()


def test_an_activity_cannot_provide_an_undeclared_interface(fake_activities):
    declare(
        fake_activities,
        "quiz",
        "ActivityInfo(id='quiz', title_key='x', order=1, form='f:f', provides={'secret': 'm:f'})",
    )
    with pytest.raises(ActivityError, match="undeclared interfaces"):
        discover()


def test_with_no_provider_an_interface_is_none(fake_activities):
    declare(fake_activities, "quiz", "ActivityInfo(id='quiz', title_key='x', order=1, form='f:f')")
    assert list(discover()) == ["quiz"]
    assert provided("need_scores") is None  # the asset map then goes unweighted


def test_every_activity_with_a_form_has_its_report_section():
    """The report is the community's record: an activity people can answer must have its
    section, or the report would leave the room's answers out without a word."""
    assert without_report() == []


def test_an_activity_without_a_report_section_is_reported(fake_activities):
    declare(fake_activities, "quiz", 'ActivityInfo("quiz", "quiz.title", 15)')
    (fake_activities / "quiz" / "form.py").write_text("def build_form(context):\n    return None\n")
    with pytest.warns(MissingReportWarning, match="quiz"):
        discover()
    assert without_report() == ["quiz"]
    (fake_activities / "quiz" / "report.py").write_text("def report_section(c):\n    return None\n")
    discover.cache_clear()
    assert without_report() == []
