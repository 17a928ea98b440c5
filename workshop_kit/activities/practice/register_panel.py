"""The *Members* tab: the register of member organisations, imported from a file, edited one
organisation at a time and exported.

A file replaces the register only once the facilitator confirms it, and a file with errors
never does: the message says what to fix, and nothing already there is replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.practice.answers import ROLES, SECTORS
from workshop_kit.activities.practice.controls import (
    button,
    name_or_warning,
    offer,
    wide,
)
from workshop_kit.activities.practice.exports import EXPORT_FOLDER, register_files
from workshop_kit.activities.practice.model import sector_labels
from workshop_kit.activities.practice.register import (
    MAX_MEMBERS,
    Member,
    Register,
    RegisterCheck,
    check_register,
    save_register,
)
from workshop_kit.core.exports import ExportFile
from workshop_kit.core.widgets import MessageArea, escape, guarded, on_press
from workshop_kit.i18n import Translator

#: Largest register file accepted by the upload box.
MAX_UPLOAD_BYTES = 1_000_000


def register_table_html(register: Register, t: Translator) -> str:
    """The members as a table, grouped by sector in the guideline's order (escaped)."""
    if not len(register):
        return f"<p>{escape(t('practice.register.none'))}</p>"
    rows = []
    for sector in SECTORS:
        for member in register.members:
            if member.sector != sector:
                continue
            roles = ", ".join(t(f"practice.role.{role}") for role in member.roles)
            rows.append(
                f"<tr><td>{escape(member.name)}</td>"
                f"<td>{escape(t(f'practice.sector.{sector}'))}</td>"
                f"<td>{escape(roles)}</td></tr>"
            )
    head = "".join(
        f"<th>{escape(t(key))}</th>"
        for key in (
            "practice.register.col_organisation",
            "practice.register.col_sector",
            "practice.register.col_roles",
        )
    )
    summary = t("practice.register.count", count=len(register))
    return (
        f'<p class="wk-practice-register-count">{escape(summary)}</p>'
        f'<table class="wk-practice-register-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def problems_html(check: RegisterCheck) -> str:
    items = "".join(
        f'<li class="wk-problem-{escape(p.severity)}">{escape(p.message)}</li>'
        for p in check.problems
    )
    return f"<ul>{items}</ul>" if items else ""


class RegisterPanel(widgets.VBox):
    """The register: import a file, add, change or remove an organisation, export.

    ``changed(register)`` is called after every change (the register is then already saved
    on this computer). CSS classes for tests: ``wk-practice-register``,
    ``wk-practice-register-upload``, ``wk-practice-register-use``, ``wk-practice-member-name``,
    ``wk-practice-member-sector``, ``wk-practice-member-add``, ``wk-practice-member-remove``,
    ``wk-practice-register-export``, ``wk-practice-register-downloads``.
    """

    def __init__(
        self,
        t: Translator,
        register: Register,
        changed: Callable[[Register], None] | None = None,
        save: Callable[[Register], Any] | None = None,
    ) -> None:
        self.t = t
        self.register = register
        self.changed = changed
        self.save = save if save is not None else (lambda r: save_register(r, t))
        self.pending: RegisterCheck | None = None
        self.messages = MessageArea()
        self.table = widgets.HTML(register_table_html(register, t))
        self.table.add_class("wk-practice-register-list")
        self.upload = widgets.FileUpload(
            accept=".csv,.tsv,.txt,.xlsx", multiple=False, description=t("practice.register.upload")
        )
        self.upload.add_class("wk-practice-register-upload")
        self.upload.observe(guarded(self._uploaded, self.messages, t), names="value")
        self.report = widgets.HTML()
        self.report.add_class("wk-practice-register-report")
        self.use_file = button(
            description=t("practice.register.use_file"), button_style="primary", disabled=True
        )
        self.use_file.add_class("wk-practice-register-use")
        on_press(self.use_file, self._use_file, self.messages, t)

        self.name = widgets.Text(
            placeholder=t("practice.register.name_placeholder"),
            **wide(t("practice.register.col_organisation")),
        )
        self.name.add_class("wk-practice-member-name")
        self.sector = widgets.Dropdown(
            options=[(label, sector) for sector, label in sector_labels(t).items()],
            value=SECTORS[0],
            **wide(t("practice.register.col_sector")),
        )
        self.sector.add_class("wk-practice-member-sector")
        self.roles = {
            role: widgets.Checkbox(
                value=role == "member",
                description=t(f"practice.role.{role}"),
                indent=False,
                layout=widgets.Layout(width="auto", margin="0 12px 0 0"),
            )
            for role in ROLES
        }
        self.add = button(description=t("practice.register.add"))
        self.add.add_class("wk-practice-member-add")
        on_press(self.add, self._add, self.messages, t)
        self.remove_choice = widgets.Dropdown(
            options=register.names(), value=None, **wide(t("practice.register.remove_which"))
        )
        self.remove = button(description=t("practice.register.remove"))
        self.remove.add_class("wk-practice-member-remove")
        on_press(self.remove, self._remove, self.messages, t)
        self.export = button(description=t("practice.register.export"), icon="download")
        self.export.add_class("wk-practice-register-export")
        on_press(self.export, self._export, self.messages, t)
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-practice-register-downloads")
        super().__init__(
            [
                widgets.HTML(f"<p>{escape(t('practice.register.intro'))}</p>"),
                self.table,
                widgets.HTML(f"<h4>{escape(t('practice.register.import_title'))}</h4>"),
                widgets.HTML(f"<p><small>{escape(t('practice.register.import_help'))}</small></p>"),
                self.upload,
                self.report,
                self.use_file,
                widgets.HTML(f"<h4>{escape(t('practice.register.edit_title'))}</h4>"),
                self.name,
                self.sector,
                widgets.HBox(
                    list(self.roles.values()), layout=widgets.Layout(flex_flow="row wrap")
                ),
                self.add,
                widgets.HBox([self.remove_choice, self.remove]),
                widgets.HTML(f"<h4>{escape(t('practice.register.export_title'))}</h4>"),
                self.export,
                self.downloads,
                self.messages,
            ]
        )
        self.add_class("wk-practice-register")

    # -- changes ----------------------------------------------------------------------------

    def set_register(self, register: Register, message: str | None = None) -> None:
        """Use ``register`` from now on: saved, redrawn, and passed on."""
        self.save(register)
        self.register = register
        self.table.value = register_table_html(register, self.t)
        self.remove_choice.options = register.names()
        self.remove_choice.value = None
        self.downloads.value = ""
        if message:
            self.messages.show(message, "ok")
        if self.changed is not None:
            self.changed(register)

    def load(self, name: str, data: bytes) -> RegisterCheck:
        """Check a file; it replaces the register only when the facilitator confirms."""
        t = self.t
        if len(data) > MAX_UPLOAD_BYTES:
            return self._too_large(name)
        check = check_register(data, name, t.language)
        self.pending = check if check.ok else None
        self.use_file.disabled = not check.ok
        summary = (
            t("practice.register.ready", count=len(check.register or ()), name=check.filename)
            if check.ok
            else t("practice.register.not_ready", name=check.filename)
        )
        self.report.value = f"<p>{escape(summary)}</p>{problems_html(check)}"
        self.messages.clear()
        return check

    def _too_large(self, name: str) -> RegisterCheck:
        self.pending = None
        self.use_file.disabled = True
        self.report.value = ""
        self.messages.show(self.t("practice.register.too_large"), "error")
        return RegisterCheck(name)

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change.get("new") or ()
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name", ""))
        if int(upload.get("size", 0) or 0) > MAX_UPLOAD_BYTES:  # checked before decoding
            self._too_large(name)
            return
        self.load(name, bytes(upload["content"]))

    def _use_file(self, _button: Any) -> None:
        if self.pending is None or self.pending.register is None:
            return
        register = self.pending.register
        self.pending = None
        self.use_file.disabled = True
        self.set_register(register, self.t("practice.register.replaced", count=len(register)))

    def _add(self, _button: Any) -> None:
        t = self.t
        name = name_or_warning(self.name.value, self.messages, t, "practice.register.name_required")
        if name is None:
            return
        roles = tuple(role for role, box in self.roles.items() if box.value) or ("member",)
        existed = self.register.find(name) is not None
        try:
            register = self.register.with_member(Member(name, self.sector.value, roles))
        except ValueError:
            self.messages.show(t("practice.register.too_many", limit=MAX_MEMBERS), "error")
            return
        key = "practice.register.updated" if existed else "practice.register.added"
        self.set_register(register, t(key, name=name))
        self.name.value = ""

    def _remove(self, _button: Any) -> None:
        name = self.remove_choice.value
        if not name:
            self.messages.show(self.t("practice.register.choose_remove"), "warning")
            return
        self.set_register(
            self.register.without(name), self.t("practice.register.removed", name=name)
        )

    def export_files(self) -> list[ExportFile]:
        return register_files(self.register, self.t)

    def _export(self, _button: Any) -> None:
        self.downloads.value = offer(self.export_files(), EXPORT_FOLDER, self.t)
