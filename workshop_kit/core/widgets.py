"""Shared UI parts of the apps: messages, guarded callbacks, chart panels, live polling.

Why these exist: in Voilà an exception in a widget callback is invisible (the page just stops
responding), user text must never be rendered as HTML, and live pages must redraw only when
the data changed. Every app uses these instead of raw widgets for those three concerns.
"""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from workshop_kit.core.store import (
    AnswerNotStored,
    AnswerRateLimited,
    NotAuthorised,
    SessionClosed,
    SessionNotFound,
    StoreUnavailable,
)
from workshop_kit.i18n import Translator

if TYPE_CHECKING:  # matplotlib and pandas (exports) are imported only by pages that need them
    from pathlib import Path

    from matplotlib.figure import Figure

    from workshop_kit.core.exports import ExportFile

log = logging.getLogger("workshop_kit")

#: Resolution of live charts: sharp on a projector, small enough to send to a room of phones.
LIVE_DPI = 110


def escape(text: Any) -> str:
    """User text as HTML text: markup shows as typed, never runs."""
    return html.escape("" if text is None else str(text), quote=True)


_MESSAGE_COLOURS = {
    "ok": "#1b5e20",
    "warning": "#7a4f01",
    "error": "#b00020",
    "info": "#1f3b70",
    "working": "#1f3b70",
}
#: An image whose text alternative is the text of the widget right after it (the page
#: template's script copies it into the image's ``alt``).
DESCRIBED_BY_NEXT = "wk-described"
#: A text box that takes a number: phones open their number keyboard for it (the page
#: template's script sets ``inputmode="decimal"``; a text box keeps "empty" apart from 0).
DECIMAL_INPUT = "wk-decimal"
#: The class a pressed button carries while its work runs (styled in ``core/style.py``).
WORKING_CLASS = "wk-working"


class MessageArea(widgets.HTML):
    """One line of feedback under a form: success, warning or error, always escaped."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(value="", **kwargs)
        self.add_class("wk-message")
        self.kind = ""

    def show(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        colour = _MESSAGE_COLOURS.get(kind, _MESSAGE_COLOURS["info"])
        role = "alert" if kind == "error" else "status"
        self.value = (
            f'<div role="{role}" class="wk-message-{kind}" style="color:{colour};'
            f'font-weight:600;padding:4px 0">{escape(text)}</div>'
        )

    def clear(self) -> None:
        self.kind = ""
        self.value = ""


def message_areas(root: widgets.Widget) -> Iterator[MessageArea]:
    """Every :class:`MessageArea` inside ``root`` (a form's own feedback lines)."""
    if isinstance(root, MessageArea):
        yield root
    for child in getattr(root, "children", ()):
        yield from message_areas(child)


def error_message(text: str) -> MessageArea:
    """A page that cannot start shows this one message instead of a traceback."""
    area = MessageArea()
    area.show(text, "error")
    return area


class ProblemList(widgets.HTML):
    """What a page shows instead of a traceback when its profile or its data cannot be used:
    "This page cannot start:" and one line per problem (each names the field to fix).

    A list, not one joined line, because a mistyped profile often has several problems and
    the facilitator fixes them one by one. Also a complete page view for
    :mod:`workshop_kit.core.page` (it reads no answers and has nothing to redraw), so an
    activity's view builder may return it. CSS class for tests: ``wk-problems``.
    """

    reads: tuple[str, ...] = ()

    def __init__(self, problems: Sequence[str], t: Translator) -> None:
        items = "".join(f"<li>{escape(problem)}</li>" for problem in problems)
        colour = _MESSAGE_COLOURS["error"]
        super().__init__(
            f'<div role="alert" style="color:{colour}"><p><strong>'
            f"{escape(t('app.cannot_start'))}</strong></p><ul>{items}</ul></div>"
        )
        self.add_class("wk-problems")

    def refresh(self) -> None:
        """Nothing to redraw: the problems stay until the files are fixed and the page reloaded."""


def guarded(
    callback: Callable[..., Any], messages: MessageArea, t: Translator
) -> Callable[..., Any]:
    """Wrap a widget callback so that no exception is lost or shown as a traceback.

    Store problems get their own message (nothing saved is lost; an answer the store could
    not take yet is kept and retried, and the phone says so); anything else gets a
    generic message with a short reference that also appears in the server log, which
    never contains what the participant typed.
    """

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except AnswerRateLimited:
            log.warning("answer kept: its page sends faster than a person can")
            messages.show(t("participant.slow_down"), "warning")
        except AnswerNotStored:
            log.warning("answer kept for a retry during %s", getattr(callback, "__name__", "?"))
            messages.show(t("participant.not_saved_yet"), "warning")
        except StoreUnavailable:
            log.warning("store unavailable during %s", getattr(callback, "__name__", "callback"))
            messages.show(t("app.error_store"), "error")
        except NotAuthorised:
            messages.show(t("session.refused"), "error")
        except SessionNotFound as error:
            messages.show(t("session.not_found", code=str(error)), "error")
        except SessionClosed:
            messages.show(t("session.closed"), "warning")
        except Exception as error:  # shown to the user, logged with a reference
            reference = secrets.token_hex(3)
            log.error(
                "error %s in %s: %s",
                reference,
                getattr(callback, "__name__", "callback"),
                type(error).__name__,
            )
            messages.show(t("app.error_generic", ref=reference), "error")
        return None

    wrapper.__name__ = getattr(callback, "__name__", "callback")
    return wrapper


@contextmanager
def working(control: widgets.DOMWidget, status: MessageArea, t: Translator) -> Iterator[None]:
    """Say at once that a press was taken: ``control`` looks pressed and "Working…" shows in
    ``status`` (the line beside it) before the work starts, so a slow action never looks like
    a click that failed. The work's own result replaces the line; a work that says nothing
    leaves the line empty.

    The control is marked with a class, not disabled: a disabled button loses the keyboard
    focus, and a confirmation must keep it on the button that asked. The class stops pointer
    clicks in the browser (``core/style.py``); :func:`on_press` ignores a press while busy.
    """
    control.add_class(WORKING_CLASS)
    status.show(t("app.working"), "working")
    try:
        yield
    finally:
        control.remove_class(WORKING_CLASS)
        if status.kind == "working":
            status.clear()


def on_press(
    button: widgets.Button,
    work: Callable[[widgets.Button], Any],
    status: MessageArea,
    t: Translator,
) -> None:
    """Run ``work`` when ``button`` is pressed, :func:`working` first and :func:`guarded`
    throughout: every facilitator button answers at once, and its result (or its error)
    appears in ``status``, beside it."""
    run = guarded(work, status, t)

    def pressed(_button: widgets.Button) -> None:
        if WORKING_CLASS in button._dom_classes:
            return  # already at work on an earlier press
        with working(button, status, t):
            run(button)

    pressed.__name__ = getattr(work, "__name__", "pressed")
    button.on_click(pressed)


def status_line(css_class: str) -> MessageArea:
    """The line beside a control where it says it is working, then what it did."""
    line = MessageArea(layout=widgets.Layout(margin="0 0 0 12px", flex="1 1 240px"))
    line.add_class(css_class)
    return line


def beside(control: widgets.Widget, status: MessageArea) -> widgets.HBox:
    """A control and its status line on one row (wrapping under it on a narrow screen)."""
    return widgets.HBox(
        [control, status], layout=widgets.Layout(align_items="center", flex_flow="row wrap")
    )


class ChartPanel(widgets.VBox):
    """A chart with its plain-language summary underneath (the summary is the accessible text)."""

    def __init__(self, title: str = "", **kwargs: Any) -> None:
        self.heading = widgets.HTML(f"<h3>{escape(title)}</h3>" if title else "")
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        # The chart's text alternative is its sentence, drawn just below it: the page's
        # template copies that text into the <img>'s alt (an image widget has no alt).
        self.image.add_class(DESCRIBED_BY_NEXT)
        self.summary = widgets.HTML()
        self.summary.add_class("wk-summary")
        super().__init__([self.heading, self.image, self.summary], **kwargs)
        self.add_class("wk-chart")

    def show(self, figure: Figure | None, summary: str, dpi: int = LIVE_DPI) -> None:
        """Replace the chart and its sentence; a ``None`` figure shows the sentence alone."""
        if figure is None:
            self.image.value = b""
            self.image.layout.display = "none"
        else:
            from workshop_kit.core.exports import png_bytes

            self.image.value = png_bytes(figure, dpi=dpi)
            self.image.layout.display = ""
        self.summary.value = f'<p aria-live="polite">{escape(summary)}</p>'


class LivePoll:
    """Call ``check`` every ``interval`` seconds on the kernel's event loop.

    ``check`` returns a value describing the data (a
    :class:`~workshop_kit.core.store.SessionState`);
    ``redraw`` runs only when that value changed, so an idle room sends nothing to browsers
    and an idle kernel stays idle (and can be culled once its page is closed).

    ``min_redraw_seconds`` spaces out heavy redraws: while 40 people are tapping ratings the
    data changes at every poll, and redrawing three charts each time would keep the hub's
    kernel busy. A change that arrives too soon is drawn as soon as the spacing allows: it is
    delayed, never dropped.

    Errors are logged and polling goes on: a store that is briefly locked must not freeze
    the projected screen.
    """

    def __init__(
        self,
        check: Callable[[], Any],
        redraw: Callable[[Any], None],
        interval: float = 2.0,
        max_hours: float = 8.0,
        min_redraw_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.check = check
        self.redraw = redraw
        self.interval = interval
        self.min_redraw_seconds = min_redraw_seconds
        self.clock = clock
        self.max_polls = int(max_hours * 3600 / interval)
        self.last: Any = object()
        self.pending = False
        self.last_redraw = float("-inf")
        self.task: asyncio.Task[None] | None = None

    def poll_once(self) -> bool:
        """Check once; redraw if changed (and spacing allows). Returns whether it redrew."""
        current = self.check()
        if current != self.last:
            self.last = current
            self.pending = True
        if not self.pending or self.clock() - self.last_redraw < self.min_redraw_seconds:
            return False
        self.pending = False
        self.last_redraw = self.clock()
        self.redraw(current)
        return True

    async def _loop(self) -> None:
        for _ in range(self.max_polls):
            await asyncio.sleep(self.interval)
            try:
                self.poll_once()
            except Exception as error:  # keep polling; log without data
                log.warning("live refresh failed: %s", type(error).__name__)

    def start(self) -> LivePoll:
        """Start polling in the background (needs a running loop, as in a kernel)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop()
        self.task = loop.create_task(self._loop())
        return self

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()


def say_saved(
    messages: MessageArea, t: Translator, stored: bool, saved: str = "participant.saved"
) -> None:
    """Tell a participant their answer is kept: new, or already there (a double tap or a
    retry stores an answer once, and says so rather than "saved" twice). ``saved`` is the
    catalog key said for a new answer, for a form that names what was saved ("Story saved")."""
    key = saved if stored else "participant.already_saved"
    messages.show(t(key) + " " + t("participant.change_answer"), "ok")


def download_links(files: Sequence[ExportFile], t: Translator, saved: Path | None = None) -> str:
    """HTML offering each file as a download (a ``data:`` link: nothing leaves the laptop),
    after a sentence saying where the files were saved, if they were."""
    import base64

    links = [
        f'<a download="{escape(file.name)}" '
        f'href="data:{file.media_type};base64,{base64.b64encode(file.data).decode("ascii")}">'
        f"{escape(t('export.download', name=file.name))}</a>"
        + (f' <strong class="wk-export-note">({escape(note)})</strong>' if note else "")
        for file in files
        # a phone's own downloads are a lighter type without a note (caremap.drawing_panel)
        for note in [getattr(file, "note", "")]
    ]
    where = f"{escape(t('export.saved', folder=str(saved)))} " if saved is not None else ""
    return f'<p class="wk-downloads">{where}{" · ".join(links)}</p>'


def synthetic_banner(profile, t: Translator) -> str:
    """HTML line telling the room that a sample community is invented (empty for real ones)."""
    if not profile.synthetic:
        return ""
    return f'<p class="wk-synthetic">{escape(t("app.synthetic_banner", name=profile.name))}</p>'


def refusal(t: Translator) -> widgets.HTML:
    """What a participant link sees on a facilitator page: a polite refusal and nothing else."""
    return widgets.HTML(f'<p role="alert" class="wk-refusal">{escape(t("session.refused"))}</p>')
