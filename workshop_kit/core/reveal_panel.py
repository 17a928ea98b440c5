"""The facilitator's "Show results" and "Show results live" for the room's current activity,
with how many have answered and which answers wait, and why.

Why a widget of its own: the hub (and the console that will replace its layout) only places
it above the live view and calls :meth:`RevealPanel.refresh` when the store changes; what a
release does is the core's (:mod:`workshop_kit.core.release`), and what the screens may show
follows from the store alone, so reloading any page shows the same.

CSS classes for tests: ``wk-reveal``, ``wk-reveal-status``, ``wk-show-results``,
``wk-show-live``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from workshop_kit.core.widgets import MessageArea, escape, guarded
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    from workshop_kit.core.release import Replay
    from workshop_kit.core.store import Store


def status_sentences(replay: Replay, answered: int, joined: int, t: Translator) -> list[str]:
    """What the facilitator is told: progress, then what is shown and what waits, and why."""
    k = replay.min_cell_size
    if answered == 0:
        return [t("release.none_yet")]
    said = [t("release.progress", count=answered, joined=max(joined, answered))]
    if not replay.released:
        said.append(t("release.not_shown", min=k))
    elif replay.waiting_answers:
        said.append(
            t(
                "release.waiting",
                count=replay.waiting_answers,
                min=k,
                people=replay.waiting_people,
            )
        )
    else:
        said.append(t("release.all_shown"))
    if replay.live:
        said.append(t("release.live_on", min=k))
    return said


class RevealPanel(widgets.VBox):
    """Progress, "Show results" and "Show results live" for one activity of one session."""

    def __init__(
        self,
        store: Store,
        code: str,
        activity: str,
        key_hash: str,
        min_cell_size: int,
        t: Any,
        on_release: Callable[[], None] | None = None,
    ) -> None:
        """``on_release`` is called after a release or a switch, to redraw the views."""
        self.on_release = on_release
        self.store, self.code, self.activity = store, code, activity
        self.key_hash, self.k, self.t = key_hash, min_cell_size, t
        self.status = widgets.HTML()
        self.status.add_class("wk-reveal-status")
        self.messages = MessageArea()
        self.show_button = widgets.Button(
            description=t("release.show"),
            tooltip=t("release.show_help"),
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.show_button.add_class("wk-show-results")
        self.show_button.on_click(guarded(self._show, self.messages, t))
        self.live = widgets.Checkbox(
            description=t("release.live"),
            tooltip=t("release.live_help", min=min_cell_size),
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.live.add_class("wk-show-live")
        self._drawing = False
        self.live.observe(guarded(self._live_changed, self.messages, t), names="value")
        row = widgets.HBox(
            [self.show_button, self.live], layout=widgets.Layout(align_items="center")
        )
        super().__init__([self.status, row, self.messages])
        self.add_class("wk-reveal")
        self.refresh()

    def current(self) -> tuple[Replay, int]:
        """The replay of this activity's releases, and how many participants answered."""
        from workshop_kit.core.release import replay, session_releases

        log = self.store.answers(self.code, self.activity, latest_only=False)
        answered = 0 if log.empty else int(log["participant_id"].nunique())
        releases = session_releases(self.store, self.code, self.activity)
        return replay(log, releases, self.k), answered

    def refresh(self) -> None:
        """Say where the release stands (called on every redraw of the hub)."""
        outcome, answered = self.current()
        joined = self.store.state(self.code).participants
        sentences = status_sentences(outcome, answered, joined, self.t)
        self.status.value = " ".join(f"<span>{escape(s)}</span>" for s in sentences)
        self.show_button.disabled = not outcome.can_release
        self._drawing = True
        try:
            self.live.value = outcome.live
        finally:
            self._drawing = False

    def _show(self, _button: widgets.Button) -> None:
        from workshop_kit.core.release import show_results

        before, _answered = self.current()
        after = show_results(self.store, self.code, self.activity, self.key_hash, self.k)
        if after.watermark > before.watermark:
            released = self.store.answers(self.code, self.activity, latest_only=False)
            people = released[released["answer_id"] <= after.watermark]["participant_id"]
            self.messages.show(self.t("release.shown_done", count=int(people.nunique())), "ok")
        else:
            needed = after.people_needed
            self.messages.show(self.t("release.refused", count=needed, min=self.k), "warning")
        self._released()

    def _live_changed(self, change: dict[str, Any]) -> None:
        if self._drawing:
            return
        from workshop_kit.core.release import set_live

        set_live(self.store, self.code, self.activity, bool(change["new"]), self.key_hash, self.k)
        self._released()

    def _released(self) -> None:
        self.refresh()
        if self.on_release is not None:
            self.on_release()
