"""Workshop plans: which activities run, in which order, for how long.

The shipped 2- and 3-hour plans are files; the guide is built from them (tests/test_guide.py
holds its output), the hub's switch follows a community's plan, and a plan with a mistake is
refused with each problem's line and field.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.app_helpers import FACILITATOR, context
from workshop_kit.apps.hub import SessionPanel
from workshop_kit.cli import main
from workshop_kit.core.activity import discover
from workshop_kit.core.guide import plan
from workshop_kit.core.plan import PlanError, load_plan, shipped_plans, switch_order
from workshop_kit.core.store import open_store, sqlite_url
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile

BAD_PLAN = """\
title: {en: Evening, fr: Soirée}
minutes: 90
activities:
  - welcome
  - {activity: needs, minutes: 90}
  - charter
  - welcome
  - gardening
break: {after: assets, minutes: 10}
colour: blue
"""


def test_the_shipped_plans_are_the_two_and_three_hour_workshops():
    plans = [load_plan(path) for path in shipped_plans()]
    assert [p.minutes for p in plans] == [120, 180]
    assert plans[0].order == ["welcome", "needs", "assets", "caregiving"]
    assert plans[1].order[-1] == "caremap" and plans[1].break_after == "assets"
    for workshop in plans:
        show = plan(workshop.minutes, "fr", workshop)
        assert show.total == workshop.minutes
        ran = [block.activity for block in show.blocks if block.activity]
        assert ran == [a for a in workshop.order if discover()[a].page]  # in the plan's order
        minutes = {b.activity: sum(i.minutes for i in b.items) for b in show.blocks}
        for entry in workshop.activities:
            if entry.minutes is not None:
                assert minutes[entry.activity] == entry.minutes


def test_a_plan_changes_the_order_and_what_is_left_out(tmp_path):
    path = tmp_path / "evening.yaml"
    path.write_text(
        "minutes: 100\nactivities: [welcome, charter, {activity: caregiving, minutes: 25}]\n",
        encoding="utf-8",
    )
    show = plan(100, "en", load_plan(path))
    assert [b.activity for b in show.blocks if b.activity] == ["charter", "caregiving"]
    assert show.total == 100
    assert "01_needs_assessment.ipynb" in [page for _, page in show.left_out]
    assert (
        main(["guide", "--out", str(tmp_path / "out"), "--plan", str(path), "--url", "http://h:1/"])
        == 0
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "run-of-show-100min.en.html",
        "run-of-show-100min.fr.html",
    ]


def test_a_plan_with_mistakes_is_refused_with_each_line_and_problem(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PLAN, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    found = {(issue.line, issue.field): issue.message for issue in caught.value.issues}
    assert found[(5, "activities.1.minutes")].startswith("90 minutes is outside the 35–45")
    assert found[(7, "activities.3")] == "welcome is listed twice"
    assert found[(8, "activities.4")].startswith("no activity gardening in this kit")
    assert found[(9, "break.after")].startswith("the break follows an activity of the plan")
    assert found[(10, "colour")].startswith("unknown field")
    assert main(["guide", "--out", str(tmp_path), "--plan", str(path)]) == 2
    assert "line 8, activities.4: no activity gardening" in capsys.readouterr().err
    french = load_plan_problems(path, "fr")
    assert "welcome figure deux fois" in french
    path.write_text("minutes: 60\nactivities: [welcome, needs, assets]\n", encoding="utf-8")
    assert (
        "60 minutes is too short: the opening, the activities, the break and the closing need 95"
        in load_plan_problems(path, "en")
    )


def load_plan_problems(path: Path, language: str) -> str:
    try:
        load_plan(path, language)
    except PlanError as error:
        return "\n".join(issue.message for issue in error.issues)
    return ""


@pytest.fixture
def community(tmp_path) -> Path:
    folder = tmp_path / "town"
    shutil.copytree(sample_profile_path().parent, folder)
    return folder


def test_the_hub_offers_the_communitys_plan_in_its_order(community, tmp_path):
    (community / "plan.yaml").write_text(
        "minutes: 120\nactivities: [welcome, charter, needs]\n", encoding="utf-8"
    )
    profile = load_profile(community / "profile.yaml")
    assert switch_order(discover(), profile) == ["welcome", "charter", "needs"]
    store = open_store(sqlite_url(tmp_path / "plan.sqlite"))
    session = store.create_session("Plan", "en", FACILITATOR.key_hash)
    panel = SessionPanel(context(profile), store, FACILITATOR, session)
    offered = [value for _, value in panel.activity_choice.options]
    assert offered == ["waiting", "screen", "welcome", "charter", "needs"]  # screens stay first


def test_without_a_plan_or_with_a_broken_one_the_hub_offers_every_activity(community, capsys):
    profile = load_profile(community / "profile.yaml")
    assert switch_order(discover(), profile) == list(discover())
    (community / "plan.yaml").write_text(
        "minutes: 120\nactivities: [gardening]\n", encoding="utf-8"
    )
    assert switch_order(discover(), load_profile(community / "profile.yaml")) == list(discover())
    assert main(["check", str(community)]) == 1  # but check (and serve) refuse it, with its line
    assert "plan.yaml, line 2, activities.0: no activity gardening" in capsys.readouterr().out


def test_serve_refuses_a_community_whose_plan_has_a_mistake(
    community, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("WORKSHOP_KIT_DB", sqlite_url(tmp_path / "serve.sqlite"))
    (community / "plan.yaml").write_text(
        "minutes: 120\nactivities: [needs, needs]\n", encoding="utf-8"
    )
    profile = str(community / "profile.yaml")
    assert main(["serve", "--print-only", "--profile", profile]) == 2
    assert "line 2, activities.1: needs is listed twice" in capsys.readouterr().err
