"""Facilitator notes: each notebook's lesson material, kept off the projector.

Why files, and not the notebook's markdown: Voilà renders a notebook's markdown on the served
page, and a facilitator's page is the one on the projector, so the script ("read the large
sentence aloud"), the challenge and its answer used to be read by the whole room. The notes
now live beside the notebooks, one markdown file per notebook and language
(``notebooks/notes/<notebook stem>.<language>.md``), and only a facilitator sees them: closed
by default in a panel of the page frame and of the hub (:mod:`workshop_kit.core.notes_panel`),
or on a second screen (``/wk/notes/<stem>``, served to a signed-in facilitator only). The
workshop's Voilà template renders no markdown cell at all, and the participant app never
imports this module.

Every notes file has the shape of well-kept lesson material (the Carpentries' instructor
notes, Project Pythia's cookbooks)::

    ---                              optional settings, the same in every language
    closing_steps: 1
    ---
    # Title
    ## Goal and questions
    ## Time
    ## What to prepare
    ## Script
    ### 5 min · Explain               one live part: its timing first ("10–15 min": a range)
    ## Key points
    ## Challenge                      optional; a "### Answer" part is shown folded
    ## What comes next

The section headings are the catalog's ``notes.section.*`` texts in the file's language (a
French file says ``## Objectifs et questions``). The parser maps each heading to its section
id: that is how ``tests/test_i18n.py`` checks that every language has the same sections and
the same timings, and how ``workshop-kit guide`` builds the run of show from the timings.

Markdown is rendered by markdown-it-py with raw HTML switched off: a ``<script>`` typed into a
notes file shows as text. Images are switched off too (a hall has no internet, and a picture
from another site would tell that site who opened the notes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from workshop_kit.core.activity import discover
from workshop_kit.i18n import DEFAULT_LANGUAGE, Translator, available_languages, load_catalog
from workshop_kit.paths import notebooks_dir

#: Section ids, in the order a notes file must follow.
SECTIONS = ("goals", "time", "prepare", "script", "key_points", "challenge", "next")
#: The sections every notes file has (a challenge is optional).
REQUIRED_SECTIONS = tuple(s for s in SECTIONS if s != "challenge")
#: The notes of the hub (``00_start_here.ipynb``): the workshop's opening and closing.
HUB_NOTES = "00_start_here"
#: Settings a notes file may give in its front matter, with their types.
SETTINGS: dict[str, type] = {
    # the last N timed steps of the hub's script close the workshop (after the activities)
    "closing_steps": int,
}
#: A notebook stem: what may appear in a file name or a ``/wk/notes/<stem>`` address.
STEM = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: A timed step: "5 min · Explain", "10–15 min: Add assets".
TIMING = re.compile(r"^(\d{1,3})(?:\s*[–-]\s*(\d{1,3}))?\s*min\b\.?\s*(?:[·:|—–-]\s*)?(.*)$")


class NotesError(ValueError):
    """A notes file that does not have the expected shape: every problem, one a line."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = list(problems)


@dataclass(frozen=True)
class Part:
    """A ``###`` part of a section: a step of the script (with its timing), or a challenge's
    answer."""

    title: str
    body: str
    #: Shortest and longest timing in minutes (equal for "5 min"); ``None``: not timed.
    low: int | None = None
    high: int | None = None

    @property
    def timed(self) -> bool:
        return self.low is not None


@dataclass(frozen=True)
class Section:
    """One ``##`` section: its id, its heading as written, its text and its parts."""

    id: str
    heading: str
    body: str
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Notes:
    """One notebook's notes in one language."""

    stem: str
    language: str
    title: str
    sections: tuple[Section, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def short_title(self) -> str:
        """The title before its colon: "Community needs assessment", "Start here"."""
        return self.title.split(":")[0].strip()

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def steps(self) -> tuple[Part, ...]:
        """The script's timed steps, in order."""
        script = self.section("script")
        return tuple(p for p in script.parts if p.timed) if script else ()

    @property
    def minutes(self) -> tuple[int, int]:
        """The script's shortest and longest total, in minutes."""
        return (
            sum(p.low or 0 for p in self.steps),
            sum(p.high or 0 for p in self.steps),
        )


# -- files ------------------------------------------------------------------------------------


def notes_dir() -> Path:
    """``notebooks/notes/``: beside the notebooks, where trainers look for them."""
    return notebooks_dir() / "notes"


def notes_path(stem: str, language: str) -> Path | None:
    """The file of ``stem``'s notes in ``language``, if it exists (``None`` for a stem or a
    language that could not be a file name of ours: addresses reach this function)."""
    if not STEM.match(stem) or language not in available_languages():
        return None
    path = notes_dir() / f"{stem}.{language}.md"
    return path if path.is_file() else None


def notes_stems() -> list[str]:
    """Every notebook stem with notes in some language, sorted (the notebooks' own order)."""
    folder = notes_dir()
    if not folder.is_dir():
        return []
    stems = set()
    for path in folder.glob("*.md"):
        stem, _, language = path.stem.rpartition(".")
        if STEM.match(stem) and language in available_languages():
            stems.add(stem)
    return sorted(stems)


def load_notes(stem: str, language: str) -> Notes | None:
    """``stem``'s notes in ``language``, else in English, else ``None``.

    Read at every call (they are small): a trainer who edits a notes file while the server
    runs sees the change at the next opening. Raises :class:`NotesError` when malformed.
    """
    for candidate in dict.fromkeys([language, DEFAULT_LANGUAGE]):
        path = notes_path(stem, candidate)
        if path is not None:
            return parse_notes(path.read_text(encoding="utf-8"), stem, candidate, str(path))
    return None


def notes_stem_for(module: str) -> str | None:
    """The notes of the activity whose folder holds ``module``: the stem of its notebook
    (``ActivityInfo.page``). How the page frame finds an activity's notes by itself."""
    for info in discover().values():
        if info.page and (module == info.package or module.startswith(info.package + ".")):
            return Path(info.page).stem
    return None


# -- parsing ----------------------------------------------------------------------------------


@cache
def section_headings(language: str) -> dict[str, str]:
    """Heading text (folded) -> section id, for one language."""
    catalog = load_catalog(language)
    return {
        _fold(str(catalog.get(f"notes.section.{s}", ""))): s
        for s in SECTIONS
        if catalog.get(f"notes.section.{s}")
    }


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _front_matter(text: str, problems: list[str]) -> tuple[dict[str, Any], str]:
    """The settings between two ``---`` lines at the top, and the text after them."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.append("the front matter (---) is not closed")
        return {}, text
    try:
        settings = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError:
        problems.append("the front matter is not valid YAML")
        settings = {}
    if not isinstance(settings, dict):
        problems.append("the front matter must be a set of fields")
        settings = {}
    for key, value in settings.items():
        kind = SETTINGS.get(key)
        if kind is None:
            problems.append(f"unknown setting {key!r} (known: {', '.join(SETTINGS)})")
        elif not isinstance(value, kind) or isinstance(value, bool):
            problems.append(f"setting {key!r} must be a {kind.__name__}")
    # blank lines keep line numbers the same as in the file
    return settings, "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def _headings(text: str) -> list[tuple[int, str, int, int]]:
    """Top-level headings: (depth, text, first line, line after the heading)."""
    found = []
    tokens = _markdown().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            depth = int(token.tag[1])
            found.append((depth, tokens[index + 1].content.strip(), token.map[0], token.map[1]))
    return found


def _part(title: str, body: str, timed: bool, problems: list[str]) -> Part:
    match = TIMING.match(title) if timed else None
    if match is None:
        return Part(title, body)
    low = int(match[1])
    high = int(match[2]) if match[2] else low
    if high < low or low == 0:
        problems.append(f"step {title!r}: the timing must be N min or N–M min with N ≤ M")
    return Part(match[3].strip() or title, body, low, high)


def parse_notes(text: str, stem: str, language: str, source: str = "") -> Notes:
    """Read one notes file (see the module docstring for its shape)."""
    source = source or f"{stem}.{language}.md"
    problems: list[str] = []
    settings, text = _front_matter(text, problems)
    lines = text.splitlines()
    headings = _headings(text)
    known = section_headings(language)

    def block(start: int, end: int) -> str:
        return "\n".join(lines[start:end]).strip()

    if not headings or headings[0][0] != 1:
        raise NotesError(source, [*problems, "the notes must start with a # title"])
    if block(0, headings[0][2]):
        problems.append("text before the # title")
    title = headings[0][1]
    drafts: list[_Draft] = []
    ends = [h[2] for h in headings[1:]] + [len(lines)]
    current: _Draft | None = None
    for (depth, heading, start, after), end in zip(headings, ends, strict=True):
        if depth == 1:
            if start != headings[0][2]:
                problems.append(f"a second # title: {heading!r}")
        elif depth == 2:
            section_id = known.get(_fold(heading))
            if section_id is None:
                expected = ", ".join(f"## {t}" for t in _expected(language))
                problems.append(f"unknown section {heading!r} (expected {expected})")
            current = _Draft(section_id, heading, block(after, end)) if section_id else None
            drafts.extend([current] if current else [])
        elif current is None:
            problems.append(f"### {heading!r} is outside any section")
        else:
            timed = current.id == "script"
            current.parts.append(_part(heading, block(after, end), timed, problems))
    built = tuple(Section(d.id, d.heading, d.body, tuple(d.parts)) for d in drafts)
    ids = [s.id for s in built]
    if len(set(ids)) != len(ids):
        problems.append("a section appears twice")
    missing = [s for s in REQUIRED_SECTIONS if s not in ids]
    if missing:
        names = dict(zip(SECTIONS, _expected(language), strict=True))
        problems.append("missing sections: " + ", ".join(f"## {names[s]}" for s in missing))
    if ids != sorted(ids, key=SECTIONS.index):
        problems.append("the sections are not in the expected order")
    notes = Notes(stem, language, title, built, settings)
    closing = settings.get("closing_steps", 0)
    if isinstance(closing, int) and not 0 <= closing <= len(notes.steps):
        problems.append("closing_steps is more than the script's timed steps")
    if problems:
        raise NotesError(source, problems)
    return notes


@dataclass
class _Draft:
    """A section while its parts are read."""

    id: str
    heading: str
    body: str
    parts: list[Part] = field(default_factory=list)


def _expected(language: str) -> list[str]:
    catalog = load_catalog(language)
    return [str(catalog.get(f"notes.section.{s}", s)) for s in SECTIONS]


# -- rendering --------------------------------------------------------------------------------


@cache
def _markdown(links: str = "new-tab") -> MarkdownIt:
    """The one markdown renderer: CommonMark and tables, no raw HTML, no images.

    ``links``: ``"new-tab"`` opens links in a new tab (a link followed inside a Voilà page
    would leave the page and its kernel); ``"text"`` writes them as text with the address in
    brackets (a printed guide has nothing to click, and must load nothing from elsewhere).
    """
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"]).disable("image")
    if links == "text":

        def link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
            env.setdefault("hrefs", []).append(tokens[idx].attrGet("href") or "")
            return ""

        def link_close(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
            href = env.get("hrefs", [""]).pop()
            return f" ({escapeHtml(str(href))})" if href else ""

        md.add_render_rule("link_close", link_close)
    else:

        def link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
            tokens[idx].attrSet("target", "_blank")
            tokens[idx].attrSet("rel", "noopener noreferrer")
            return str(self.renderToken(tokens, idx, options, env))

    md.add_render_rule("link_open", link_open)
    return md


def markdown_html(text: str, links: str = "new-tab") -> str:
    """Markdown as HTML, raw HTML escaped (see :func:`_markdown`)."""
    return str(_markdown(links).render(text, {}))


def markdown_inline(text: str, links: str = "new-tab") -> str:
    """One line of markdown as inline HTML (a checklist item, a step's title)."""
    return str(_markdown(links).renderInline(text, {}))


def list_items(text: str) -> list[str]:
    """The items of the top-level bullet or numbered lists in ``text``, as markdown."""
    tokens = _markdown().parse(text)
    lines = text.splitlines()
    items = []
    for token in tokens:
        if token.type == "list_item_open" and token.level == 1 and token.map:
            item = "\n".join(lines[token.map[0] : token.map[1]]).strip()
            items.append(re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", item))
    return items


def duration(low: int, high: int, t: Translator) -> str:
    """A step's timing as people write it: "5 min", "10–15 min" ("10 à 15 min" in French)."""
    if low == high:
        return t("notes.minutes", count=low)
    return t("notes.minutes_range", low=low, high=high)


def notes_html(notes: Notes, t: Translator, level: int = 2, links: str = "new-tab") -> str:
    """The notes' sections as HTML (the title is the caller's): headings at ``level``, each
    script step with its timing beside it, a challenge's answer folded."""
    h, sub = f"h{level}", f"h{min(level + 1, 6)}"
    out = [f'<div class="wk-notes" lang="{escapeHtml(notes.language)}">']
    for section in notes.sections:
        out.append(f'<section class="wk-notes-section wk-notes-section-{section.id}">')
        out.append(f"<{h}>{escapeHtml(section.heading)}</{h}>")
        out.append(markdown_html(section.body, links))
        if section.id == "script" and section.parts:
            out.append('<ol class="wk-notes-steps">')
            for part in section.parts:
                time = duration(part.low, part.high or part.low, t) if part.low else ""
                out.append(
                    f'<li class="wk-notes-step"><span class="wk-notes-time">{escapeHtml(time)}'
                    f'</span><div class="wk-notes-step-body"><{sub}>{escapeHtml(part.title)}'
                    f"</{sub}>{markdown_html(part.body, links)}</div></li>"
                )
            out.append("</ol>")
        elif section.id == "challenge":
            for part in section.parts:
                out.append(
                    f'<details class="wk-notes-answer"><summary>{escapeHtml(part.title)}</summary>'
                    f"{markdown_html(part.body, links)}</details>"
                )
        else:
            for part in section.parts:
                out.append(f"<{sub}>{escapeHtml(part.title)}</{sub}>")
                out.append(markdown_html(part.body, links))
        out.append("</section>")
    out.append("</div>")
    return "".join(out)


#: Styles of rendered notes, shared by the panel, the second screen and the printed guide.
NOTES_CSS = """
.wk-notes { line-height: 1.45; }
.wk-notes table { border-collapse: collapse; }
.wk-notes th, .wk-notes td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
.wk-notes-steps { list-style: none; padding: 0; margin: 0; }
.wk-notes-step { display: grid; grid-template-columns: 6.5em 1fr; gap: 0 12px;
  border-top: 1px solid #ddd; padding: 6px 0; }
.wk-notes-time { font-weight: 700; color: #1f3b70; white-space: nowrap; }
.wk-notes-step-body > :first-child { margin-top: 0; }
.wk-notes-answer { border-left: 4px solid #E69F00; padding: 4px 10px; margin: 6px 0; }
.wk-notes-answer summary { cursor: pointer; font-weight: 600; }
"""
