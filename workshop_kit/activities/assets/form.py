"""The participant's form, on phones: one asset at a time, stored at once, the form cleared
for the next one.

Several in a row must be quick, so only the name, kind and area are asked for up front; the
needs it helps with are checkboxes (no multi-select list, which needs a modifier key), and
contact, opening hours and location sit behind "More details".

The participant kernel imports this module for the form alone: nothing heavy at import time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.assets.answers import (
    LOCATION_DROPPED,
    MAX_NAME,
    category_labels,
    new_asset_id,
    prepare_asset,
)
from workshop_kit.activities.assets.style import ASSETS_CSS, _wide
from workshop_kit.core.answers import InvalidAnswer
from workshop_kit.core.registry import FormContext
from workshop_kit.core.widgets import MessageArea, escape, guarded


class CoordinateError(ValueError):
    """A latitude or longitude that is not a number (the message says how to give one)."""


def parse_coordinate(text: str) -> float | None:
    """``"47.53"``, ``"47,53"`` or ``"47.53°"`` → 47.53; empty → ``None``.

    Raises :class:`CoordinateError` for anything else: a phone keyboard in French types a
    decimal comma, and a location is optional, so a typo must be said, not silently dropped.
    """
    cleaned = text.strip().replace("°", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise CoordinateError(text) from None
    if not math.isfinite(value):
        raise CoordinateError(text)
    return value


class AssetForm(widgets.VBox):
    """The participant's form: add one asset, then the next.

    Each draft has its own ``asset_id`` (kept until it is saved), so a double click or a retry
    after a dropped connection stores the asset once, while the next asset gets a new id and
    never replaces the previous one. The area is kept after saving: people tend to list several
    assets of the neighbourhood they know.

    CSS classes for tests: ``wk-assets-form``, ``wk-assets-name``, ``wk-assets-category``,
    ``wk-assets-area``, ``wk-assets-need-<need id>``, ``wk-assets-contact``,
    ``wk-assets-hours``, ``wk-assets-latitude``, ``wk-assets-longitude``, ``wk-assets-add``,
    ``wk-assets-count``.
    """

    def __init__(self, context: FormContext) -> None:
        self.context = context
        self.profile = context.profile
        self.t = t = context.t
        self.draft_id = new_asset_id()
        self.added: list[str] = []
        self._just_saved = False

        question = widgets.HTML(f"<h3>{escape(t('assets.form.question'))}</h3>")
        intro = widgets.HTML(f"<p>{escape(t('assets.form.intro'))}</p>")
        self.name = widgets.Text(
            value="", placeholder=t("assets.form.name_placeholder"), **_wide(t("assets.form.name"))
        )
        self.name.add_class("wk-assets-name")
        choose = [(t("assets.form.choose"), "")]
        categories = category_labels(self.profile, t.language)
        self.category = widgets.Dropdown(
            options=choose + [(label, key) for key, label in categories.items()],
            value="",
            **_wide(t("assets.form.category")),
        )
        self.category.add_class("wk-assets-category")
        areas = self.profile.area_labels(t.language)
        self.area = widgets.Dropdown(
            options=choose + [(label, key) for key, label in areas.items()],
            value=next(iter(areas)) if len(areas) == 1 else "",
            **_wide(t("assets.form.area")),
        )
        self.area.add_class("wk-assets-area")
        self.needs: dict[str, widgets.Checkbox] = {}
        for need, label in self.profile.need_labels(t.language).items():
            box = widgets.Checkbox(value=False, description=label, indent=False)
            box.add_class(f"wk-assets-need-{need}")
            self.needs[need] = box
        needs_box = widgets.VBox(
            [
                widgets.HTML(f"<p><strong>{escape(t('assets.form.needs'))}</strong></p>"),
                *self.needs.values(),
            ]
        )
        needs_box.add_class("wk-assets-needs")
        self.contact = widgets.Text(value="", **_wide(t("assets.form.contact")))
        self.contact.add_class("wk-assets-contact")
        self.hours = widgets.Text(value="", **_wide(t("assets.form.opening_hours")))
        self.hours.add_class("wk-assets-hours")
        # text boxes, not number boxes: an empty box must mean "no location", never 0°
        self.latitude = widgets.Text(
            value="", placeholder="47.535", **_wide(t("assets.form.latitude"))
        )
        self.latitude.add_class("wk-assets-latitude")
        self.longitude = widgets.Text(
            value="", placeholder="-80.43", **_wide(t("assets.form.longitude"))
        )
        self.longitude.add_class("wk-assets-longitude")
        details = widgets.VBox(
            [
                self.contact,
                self.hours,
                widgets.HTML(f"<p><small>{escape(t('assets.form.location_help'))}</small></p>"),
                self.latitude,
                self.longitude,
            ]
        )
        self.details = widgets.Accordion(children=[details], titles=(t("assets.form.details"),))
        self.details.add_class("wk-assets-details")
        self.add_button = widgets.Button(
            description=t("assets.form.add"), button_style="primary", icon="plus"
        )
        self.add_button.add_class("wk-assets-add")
        self.add_button.add_class("wk-submit")
        self.messages = MessageArea()
        self.count = widgets.HTML()
        self.count.add_class("wk-assets-count")
        self.add_button.on_click(guarded(self._add_clicked, self.messages, t))
        self.name.observe(guarded(self._name_typed, self.messages, t), names="value")
        super().__init__(
            [
                widgets.HTML(ASSETS_CSS),
                question,
                intro,
                self.name,
                self.category,
                self.area,
                needs_box,
                self.details,
                self.add_button,
                self.messages,
                self.count,
            ]
        )
        self.add_class("wk-assets-form")

    def _name_typed(self, change: Mapping[str, Any]) -> None:
        if change["new"]:
            self._just_saved = False

    def payload(self) -> dict[str, Any]:
        """What the form holds, as an ``assets`` answer payload (raises on a bad location)."""
        latitude = parse_coordinate(self.latitude.value)
        longitude = parse_coordinate(self.longitude.value)
        if (latitude is None) != (longitude is None):
            raise CoordinateError("both or neither")
        return {
            "asset_id": self.draft_id,
            "name": self.name.value,
            "category": self.category.value,
            "area": self.area.value,
            "needs": [need for need, box in self.needs.items() if box.value],
            "contact": self.contact.value.strip() or None,
            "opening_hours": self.hours.value.strip() or None,
            "latitude": latitude,
            "longitude": longitude,
        }

    def _add_clicked(self, _button: widgets.Button) -> None:
        t = self.t
        if not self.name.value.strip():
            if self._just_saved:
                return  # the second click of a double click, after the form was cleared
            self.messages.show(t("assets.form.name_required"), "warning")
            return
        if not self.category.value:
            self.messages.show(t("assets.form.category_required"), "warning")
            return
        if not self.area.value:
            self.messages.show(t("assets.form.area_required"), "warning")
            return
        try:
            payload = self.payload()
        except CoordinateError:
            self.messages.show(t("assets.form.location_invalid"), "warning")
            return
        try:
            answer, notices = prepare_asset(payload, self.profile)
        except InvalidAnswer as error:
            self.messages.show(self._invalid_message(error), "warning")
            return
        self.add_button.disabled = True
        try:
            stored = self.context.send("assets", answer.model_dump())
        finally:
            self.add_button.disabled = False
        key = "assets.form.added" if stored else "assets.form.already_added"
        if stored:
            self.added.append(answer.name)
        text = t(key, name=answer.name)
        kind = "ok"
        if LOCATION_DROPPED in notices:
            text += " " + t(LOCATION_DROPPED)
            kind = "warning"
        self.messages.show(text, kind)
        self._show_count()
        self.clear()

    def _invalid_message(self, error: InvalidAnswer) -> str:
        fields = {str(e["loc"][0]) if e.get("loc") else "" for e in error.errors}
        t = self.t
        if "category" in fields:
            return t("assets.form.category_required")
        if "area" in fields:
            return t("assets.form.area_required")
        if fields & {"latitude", "longitude", ""}:
            return t("assets.form.location_invalid")
        return t("assets.form.invalid", limit=MAX_NAME)

    def _show_count(self) -> None:
        if not self.added:
            self.count.value = ""
            return
        count = len(self.added)
        names = ", ".join(self.added[-5:]) + (" …" if count > 5 else "")
        self.count.value = (
            f"<p>{escape(self.t('assets.form.count', count=count))}<br>"
            f"<small>{escape(self.t('assets.form.yours', names=names))}</small></p>"
        )

    def clear(self) -> None:
        """Empty the form for the next asset (keeping the area) with a new draft id."""
        self.draft_id = new_asset_id()
        self._just_saved = True
        self.name.value = ""
        self.category.value = ""
        for box in self.needs.values():
            box.value = False
        for text in (self.contact, self.hours, self.latitude, self.longitude):
            text.value = ""


def build_form(context: FormContext) -> widgets.Widget:
    """The participant form of the asset-mapping activity (see :class:`AssetForm`)."""
    return AssetForm(context)
