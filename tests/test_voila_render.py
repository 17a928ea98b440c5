"""Every notebook, served by a real Voilà, renders its app with no error and no source code,
and no facilitator note: not the notebook's markdown, not the notes files (the facilitator
opens those in a closed panel, or at /wk/notes/ once signed in)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path

import nbformat
import pytest
from notes_helpers import shown_anywhere

from workshop_kit.core.notes import notes_stems
from workshop_kit.i18n import available_languages
from workshop_kit.paths import LAB_NOTEBOOKS

pytestmark = [pytest.mark.server]

#: Every served notebook (the results explorer is for JupyterLab: never pooled or linked).
NOTEBOOKS = sorted(
    path
    for path in Path(__file__).resolve().parent.parent.glob("notebooks/*.ipynb")
    if path.name not in LAB_NOTEBOOKS
)
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
    # No note reaches a served page's HTML: markdown cells are not rendered, and the notes
    # panel is closed and empty (its widgets' state arrives later, over the websocket, and is
    # checked in tests/test_notes.py and tests/test_browser_notes.py).
    title = nbformat.read(notebook, as_version=4).cells[0]
    if title.cell_type == "markdown":
        assert title.source.splitlines()[0].lstrip("# ") not in html
    for stem in notes_stems():
        for language in available_languages():
            assert shown_anywhere(html, stem, language) == [], f"{notebook.name}: {stem} notes"


def signed_in(server, after: str) -> urllib.request.OpenerDirector:
    """A browser-like opener that signed in with a one-time link landing on ``after``."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    request = urllib.request.Request(
        f"{server.base_url}/wk/api/sign-in-link",
        data=json.dumps({"key": server.key, "next": after}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        link = json.loads(reply.read())["link"]
    with opener.open(link, timeout=30) as reply:
        page = reply.read().decode()
    assert f'content="0;url=/{after}"' in unescape(page)
    return opener


def status_of(url: str, opener=None) -> int:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=30) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_notes_page_is_for_the_signed_in_facilitator_alone(voila_server):
    base = voila_server.base_url
    for path in ("/wk/notes/", "/wk/notes/01_needs_assessment", "/wk/notes/00_start_here?lang=fr"):
        assert status_of(base + path) == 403, path  # a participant, or anyone without sign-in

    opener = signed_in(voila_server, "wk/notes/01_needs_assessment?lang=fr")
    with opener.open(f"{base}/wk/notes/01_needs_assessment?lang=fr", timeout=30) as reply:
        page = reply.read().decode()
        policy = reply.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "<script" not in page.lower()
    assert '<html lang="fr">' in page
    assert shown_anywhere(page, "01_needs_assessment", "fr")
    with opener.open(f"{base}/wk/notes/?lang=en", timeout=30) as reply:
        index = reply.read().decode()
    for stem in notes_stems():
        assert f'href="/wk/notes/{stem}?lang=en"' in index
    assert status_of(f"{base}/wk/notes/no_such_notes", opener) == 404
    assert status_of(f"{base}/wk/notes/..%2F..%2Fetc%2Fpasswd", opener) == 404


def test_the_notes_files_and_the_pairs_are_not_served_as_files(voila_server):
    base = voila_server.base_url
    for path in (
        "/voila/files/notes/00_start_here.en.md",
        "/voila/files/01_needs_assessment.py",
        "/voila/render/01_needs_assessment.py",
        "/voila/static/../notes/00_start_here.en.md",
    ):
        status = status_of(base + path)
        assert status in (403, 404), (path, status)
    participant = fetch(voila_server.url("participant.ipynb"))
    assert not re.search(r"wk-notes|/wk/notes", participant)
