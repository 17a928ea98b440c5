"""A participant kernel stays small: the phone form imports only what the current activity needs.

Forty of these kernels wait in a pool on one laptop (issue 8), so every module they import is
paid forty times. Checked in a fresh interpreter, where ``sys.modules`` shows what was loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("pandas", "matplotlib", "numpy", "openpyxl", "rapidfuzz", "jupyter_server", "voila")

PROBE = """
import json, os, sys
HEAVY = os.environ["HEAVY"]
from workshop_kit.apps import participant
from workshop_kit.core.registry import FormContext, find_activity
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile
context = FormContext(load_profile(sample_profile_path()), Translator("en"), lambda *a: True, "C")
loaded = {}
for activity in sys.argv[1:]:
    find_activity(activity).form(context)  # what a phone shows: the form, built
    loaded[activity] = sorted(
        m for m in sys.modules if m.startswith(("workshop_kit.apps.", "workshop_kit.activities."))
    )
loaded["heavy"] = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(HEAVY)))
print(json.dumps(loaded))
"""


def imported_after(*activities: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *activities],
        env={**os.environ, "HEAVY": json.dumps(HEAVY)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def test_the_waiting_screen_imports_no_activity_module_and_nothing_heavy():
    loaded = imported_after("waiting")
    # the activities' declarations are read; none of their code is imported. A question set's
    # declaration is its file: reading it takes the set's model, file reader and answer schema
    # (no form, view or chart, and nothing heavy: checked below).
    declarations = {f"workshop_kit.activities.questions.{m}" for m in ("answers", "model", "sets")}
    assert not [
        m
        for m in loaded["waiting"]
        if m.count(".") > 2 and ".activities." in m and m not in declarations
    ]
    assert loaded["heavy"] == []


def test_an_activity_brings_its_own_module_only_and_still_nothing_heavy():
    loaded = imported_after("welcome", "needs")
    assert "workshop_kit.activities.welcome.form" in loaded["welcome"]
    assert (
        "workshop_kit.activities.welcome.live" not in loaded["welcome"]
    )  # the hub's, not a phone's
    assert not [m for m in loaded["welcome"] if m.startswith("workshop_kit.activities.needs.")]
    assert not [m for m in loaded["needs"] if m.startswith("workshop_kit.activities.assets.")]
    assert loaded["heavy"] == []


def test_the_caregiving_form_brings_neither_the_hubs_view_nor_the_page_nor_the_model():
    loaded = imported_after("caregiving")
    own = {m for m in loaded["caregiving"] if m.startswith("workshop_kit.activities.caregiving.")}
    assert own == {
        "workshop_kit.activities.caregiving.answers",
        "workshop_kit.activities.caregiving.form",
    }
    assert loaded["heavy"] == []
