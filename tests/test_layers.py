"""The import contract (issue 9, DESIGN.md "Layout") runs in `make test`.

The contract itself is ``[tool.importlinter]`` in ``pyproject.toml``: layers (a lower layer never
imports a higher one), pure answers and models (no widgets, files or database), a server that
loads no kernel-side code, a command line that draws no charts, and activities that never import
each other's internals except through a declared interface. Every import counts, lazy ones
inside functions and ``if TYPE_CHECKING:`` ones included.

The tests below run import-linter on the real package, then on copies of it with one violation
planted each, to show that the contract really breaks when the code does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workshop_kit"
CONFIG = ROOT / "pyproject.toml"

_RUN = (
    "import sys\n"
    "from importlinter.cli import lint_imports\n"
    "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True))\n"
)


def lint_imports(source_root: Path) -> tuple[int, str]:
    """Run import-linter with the project's contract on the ``workshop_kit`` in ``source_root``."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(source_root), os.environ.get("PYTHONPATH", "")]),
        "NO_COLOR": "1",
        "COLUMNS": "240",  # one import chain per line, whatever the terminal
    }
    finished = subprocess.run(
        [sys.executable, "-c", _RUN, str(CONFIG)],
        cwd=source_root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return finished.returncode, finished.stdout + finished.stderr


def test_the_import_contract_holds():
    code, report = lint_imports(ROOT)
    assert code == 0, report
    assert "0 broken" in report, report


def _copy_of_the_package(tmp_path: Path) -> Path:
    """The package's Python files, copied to ``tmp_path`` (the linter reads them; none runs)."""

    def not_python(folder: str, names: list[str]) -> set[str]:
        return {
            name
            for name in names
            if not name.endswith(".py") and not (Path(folder) / name).is_dir()
        } | {"__pycache__"}

    shutil.copytree(PACKAGE, tmp_path / "workshop_kit", ignore=not_python)
    return tmp_path


def _append(root: Path, module: str, code: str) -> None:
    path = root / "workshop_kit" / module
    path.write_text(path.read_text() + "\n\n" + code)


# (module to plant it in, code planted, what the report must name)
VIOLATIONS = {
    "lazy import inside a function: a model imports widgets": (
        "activities/needs/model.py",
        "def _planted():\n    from workshop_kit.core.widgets import escape\n\n    return escape\n",
        "workshop_kit.activities.needs.model -> workshop_kit.core.widgets",
    ),
    "TYPE_CHECKING import: an answer knows the database": (
        "activities/needs/answers.py",
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import sqlalchemy\n",
        "workshop_kit.activities.needs.answers -> sqlalchemy",
    ),
    "a model reads files through io": (
        "activities/welcome/model.py",
        "from workshop_kit.core.tables import read_table\n",
        "workshop_kit.activities.welcome.model -> workshop_kit.core.tables",
    ),
    "a lower layer imports a higher one: the store imports a page": (
        "core/store/sessions.py",
        "def _planted():\n    import workshop_kit.apps.hub\n",
        "workshop_kit.core.store.sessions -> workshop_kit.apps.hub",
    ),
    "a part of the store imports a part above it: the schema knows sessions": (
        "core/store/schema.py",
        "def _planted():\n    from workshop_kit.core.store.sessions import Sessions\n",
        "workshop_kit.core.store.schema -> workshop_kit.core.store.sessions",
    ),
    "a part of the table reader imports a part above it: the limits know workbooks": (
        "core/tables/limits.py",
        "def _planted():\n    from workshop_kit.core.tables import workbook\n",
        "workshop_kit.core.tables.limits -> workshop_kit.core.tables.workbook",
    ),
    "the server imports a page": (
        "serving/pages.py",
        "def _planted():\n    from workshop_kit.core.context import PageContext\n",
        "workshop_kit.serving.pages -> workshop_kit.core.context",
    ),
    "charts import the database": (
        "core/count_chart.py",
        "import sqlalchemy\n",
        "workshop_kit.core.count_chart -> sqlalchemy",
    ),
    "an activity imports another in the same layer": (
        "activities/welcome/model.py",
        "from workshop_kit.activities.needs.model import need_scores\n",
        "workshop_kit.activities.welcome.model -> workshop_kit.activities.needs.model",
    ),
    "an activity imports another in another layer": (
        "activities/caregiving/charts.py",
        "from workshop_kit.activities.assets.answers import AssetAnswer\n",
        "workshop_kit.activities.caregiving.charts -> workshop_kit.activities.assets.answers",
    ),
    "the assets page imports the needs model instead of using the declared interface": (
        "activities/assets/overview.py",
        "def _planted():\n    from workshop_kit.activities.needs.model import need_scores\n",
        "workshop_kit.activities.assets.overview -> workshop_kit.activities.needs.model",
    ),
    "a phone form imports its activity's facilitator page": (
        "activities/needs/form.py",
        "def _planted():\n    from workshop_kit.activities.needs.page import show\n",
        "workshop_kit.activities.needs.form -> workshop_kit.activities.needs.page",
    ),
    "the hub imports an activity instead of going through the registry": (
        "apps/hub.py",
        "from workshop_kit.activities.welcome.live import WelcomeResults\n",
        "workshop_kit.apps.hub -> workshop_kit.activities.welcome.live",
    ),
    "the core imports an activity": (
        "core/registry.py",
        "def _planted():\n    import workshop_kit.activities.needs.page\n",
        "workshop_kit.core.registry -> workshop_kit.activities.needs.page",
    ),
}


@pytest.mark.parametrize("case", list(VIOLATIONS))
def test_a_planted_violation_breaks_the_contract(tmp_path, case):
    module, code, expected = VIOLATIONS[case]
    root = _copy_of_the_package(tmp_path)
    assert lint_imports(root)[0] == 0, "the copy must hold before anything is planted"

    _append(root, module, code)
    status, report = lint_imports(root)

    assert status != 0, report
    assert expected in report, report


def test_a_module_with_no_layer_breaks_the_contract(tmp_path):
    root = _copy_of_the_package(tmp_path)
    (root / "workshop_kit" / "newcomer.py").write_text('"""Not placed in any layer."""\n')

    status, report = lint_imports(root)

    assert status != 0, report
    assert "workshop_kit.newcomer" in report, report


def test_a_module_with_no_place_in_the_core_breaks_the_contract(tmp_path):
    root = _copy_of_the_package(tmp_path)
    (root / "workshop_kit" / "core" / "helpers.py").write_text('"""A grab bag."""\n')

    status, report = lint_imports(root)

    assert status != 0, report
    assert "workshop_kit.core.helpers" in report, report
