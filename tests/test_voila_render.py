"""Every notebook, served by a real Voilà, renders its app with no error and no source code."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import nbformat
import pytest

pytestmark = [pytest.mark.server]

NOTEBOOKS = sorted(Path(__file__).resolve().parent.parent.glob("notebooks/*.ipynb"))
ERROR_MARKERS = (
    "There was an error when executing cell",
    "Traceback",
    "Error:",
    "jp-OutputArea-error",
)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=180) as reply:
        assert reply.status == 200
        return reply.read().decode()


def code_lines(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [
        line.strip()
        for cell in notebook.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if len(line.strip()) > 12 and not line.strip().startswith("#")
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_renders_without_error_or_source(voila_server, notebook: Path):
    if notebook.name == "participant.ipynb":
        html = fetch(voila_server.url(notebook.name))
    else:
        html = voila_server.fetch_as_facilitator(notebook.name)
    for marker in ERROR_MARKERS:
        assert marker not in html, f"{notebook.name}: {marker}"
    for line in code_lines(notebook):
        assert line not in html, f"{notebook.name} shows its source: {line}"
    assert "application/vnd.jupyter.widget-view+json" in html, "the app did not render"
