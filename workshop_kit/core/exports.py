"""Files the facilitator takes home: formula-safe CSV and PNG charts, saved in one place.

Every activity's page exports through :class:`ExportFile` and :func:`save_exports` (and offers
them with :func:`workshop_kit.core.widgets.download_links`), so exports always land in
``workshop-data/exports/<session>/``, readable by the facilitator's account only.

Why a shared module: every activity exports tables that contain text participants typed.
A spreadsheet program opening a CSV runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula ("CSV injection": ``=HYPERLINK(…)`` or a DDE command typed into a free-text
box would run on the facilitator's computer). :func:`safe_csv` neutralises such cells the
way OWASP recommends, by prefixing a single quote, which spreadsheets show as text and do
not display. Numbers (negative gaps, for instance) are left as numbers: only text cells can
carry a formula.

The CSV is UTF-8 with a byte-order mark so that Excel on Windows shows accents correctly
(without the mark it reads the file as Windows-1252 and French texts come out garbled).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from workshop_kit.paths import private_dir, workshop_data_dir, write_private

if TYPE_CHECKING:  # matplotlib is only needed by callers that already made a figure
    from matplotlib.figure import Figure

#: First characters that make a spreadsheet treat a cell as a formula (tab and carriage
#: return too: some programs strip them and then see the formula behind).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell, column name and index label neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if not (
            pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_bool_dtype(safe[column])
        ):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    if not isinstance(safe.index, pd.RangeIndex):
        safe.index = safe.index.map(lambda v: neutralise(v) if isinstance(v, str) else v)
        if safe.index.name is not None:
            safe.index.name = neutralise(str(safe.index.name))
    return safe


def safe_csv(frame: pd.DataFrame, index: bool | None = None) -> bytes:
    """``frame`` as CSV bytes that are safe to open in a spreadsheet (see module docstring).

    The index is written when it carries meaning (anything but a plain 0, 1, 2 … range),
    unless ``index`` says otherwise.
    """
    if index is None:
        index = not isinstance(frame.index, pd.RangeIndex)
    buffer = io.StringIO()
    safe_frame(frame).to_csv(buffer, index=index, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def png_bytes(figure: Figure, dpi: int = 150) -> bytes:
    """A figure as PNG bytes (for a download button, a live chart or the HTML report).

    Drawn once, never cropped: the kit's figures are laid out either by constrained layout
    (``charts.style.new_figure``) or with fixed margins (the caregiver charts, redrawn on every
    slider move), and ``bbox_inches="tight"`` would draw them a second time, which costs a
    third of a live redraw for nothing.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


@dataclass(frozen=True)
class ExportFile:
    """One file an activity exports: its name, media type and content."""

    name: str
    media_type: str
    data: bytes
    #: Said beside the file's link (what it holds, when that matters: the full backup).
    note: str = ""


def save_exports(files: Iterable[ExportFile], folder: str) -> Path:
    """Write ``files`` under ``workshop-data/exports/<folder>/`` (0700 folders, 0600 files)
    and return that folder. ``folder`` is a session code, or ``import`` for work without a
    session; anything but letters, digits and dashes is dropped from it."""
    name = re.sub(r"[^A-Za-z0-9-]", "", folder) or "export"
    target = private_dir(private_dir(workshop_data_dir() / "exports") / name)
    for file in files:
        write_private(target / Path(file.name).name, file.data)
    return target
