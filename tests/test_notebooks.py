"""The notebooks as stored: thin, without outputs, and in step with their percent-format pair.

Each ``notebooks/NN_name.ipynb`` has ``notebooks/NN_name.py`` beside it (``jupytext.toml``):
the text a review reads and a diff shows. A notebook edited without its pair (or the other
way round) fails here; ``jupytext --sync notebooks/*.ipynb`` puts them back in step.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jupytext
import pytest

from workshop_kit.paths import LAB_NOTEBOOKS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: Notebooks for JupyterLab only (the results explorer) are no facilitator page.
FACILITATOR_NOTEBOOKS = [
    path
    for path in NOTEBOOKS
    if path.name != "participant.ipynb" and path.name not in LAB_NOTEBOOKS
]


def cells(notebook) -> list[tuple[str, str, list[str]]]:
    """What must agree between a notebook and its pair: each cell's type, text and tags."""
    return [
        (cell.cell_type, cell.source.strip(), list(cell.metadata.get("tags", [])))
        for cell in notebook.cells
    ]


def test_the_notebooks_are_paired_with_percent_scripts():
    config = tomllib.loads((ROOT / "jupytext.toml").read_text())
    assert config["formats"] == "ipynb,py:percent"
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_and_its_pair_are_in_step(path: Path):
    pair = path.with_suffix(".py")
    assert pair.exists(), f"{pair.name} is missing: run `jupytext --sync notebooks/*.ipynb`"
    text = pair.read_text(encoding="utf-8")
    assert text.startswith("# %%"), f"{pair.name} is not in the percent format"
    assert cells(jupytext.read(path)) == cells(jupytext.read(pair)), (
        f"{path.name} and {pair.name} differ: edit one, then `jupytext --sync {path.name}`"
    )
    assert "jupytext_version" not in text  # nothing that changes from one laptop to another


def test_notebooks_are_stored_without_outputs():
    for path in NOTEBOOKS:
        notebook = json.loads(path.read_text())
        assert "widgets" not in notebook["metadata"], path.name  # no saved widget state
        for cell in notebook["cells"]:
            assert "outputs" not in cell or cell["outputs"] == [], path.name
            if cell["cell_type"] == "code":
                assert cell["execution_count"] is None, path.name


@pytest.mark.parametrize("path", FACILITATOR_NOTEBOOKS, ids=lambda p: p.name)
def test_a_facilitator_notebook_keeps_only_a_short_title_cell(path: Path):
    """The script, the timings, the challenge and its answer live in notebooks/notes/, shown
    to the facilitator alone; the notebook's markdown is for trainers in JupyterLab."""
    notebook = jupytext.read(path)
    markdown = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    assert len(markdown) == 1 and notebook.cells[0] is markdown[0], path.name
    text = markdown[0].source
    assert len([line for line in text.splitlines() if line.strip()]) <= 6, path.name
    assert text.startswith("# ")
    for banned in ("Facilitator notes\n", "<details", "Challenge", "min)"):
        assert banned not in text, f"{path.name}: {banned!r} belongs in the notes file"
    for language in ("en", "fr"):
        assert f"notes/{path.stem}.{language}.md" in text
        assert (ROOT / "notebooks" / "notes" / f"{path.stem}.{language}.md").exists()


def test_the_participant_notebook_has_no_text_at_all():
    notebook = jupytext.read(ROOT / "notebooks" / "participant.ipynb")
    assert [cell.cell_type for cell in notebook.cells] == ["code", "code"]
