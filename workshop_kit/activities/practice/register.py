"""The Community of Practice's register of member organisations: a small CSV the facilitator
keeps, imports and exports.

Why a file and not answers in the store: the register belongs to the Community of Practice,
not to one workshop session. It exists before the first gathering (the planner needs it in
January to rotate hosts) and between gatherings; the core planning group keeps and edits it
in a spreadsheet, as member lists usually are; and the store keeps answers per session only
(a register stored in one gathering's session would vanish with that session's answers). What
belongs to one gathering, who took part, is stored in that gathering's session
(:class:`~workshop_kit.activities.practice.answers.AttendanceAnswer`).

**The file** (``docs/community-of-practice.md``): CSV or XLSX, one row per organisation, with
the columns

- ``organisation``: its name (at most 120 characters);
- ``sector``: one of the twelve kinds of member (an id such as ``faith`` or its label in English
  or French: "Faith houses", « Lieux de culte »);
- ``roles`` (optional): any of member, facilitator, sponsor, core planning group, funder,
  separated by ``;`` or ``|`` (empty: member).

Nothing else is kept: any other column (an e-mail address, a contact's name) is dropped when
the file is read, and the page says so. The register holds no personal data beyond an
organisation's name; a member who takes part as themselves (an unpaid carer, a person living
with advanced illness) is recorded by the group that brings them or as, say, "Carer member 1".

On the facilitator's computer the register is kept in ``workshop-data/practice/
register.csv`` (readable by the facilitator's account only), so the page finds it again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from workshop_kit.activities.practice.answers import MAX_NAME, ROLES, SECTORS
from workshop_kit.core.exports import safe_csv
from workshop_kit.core.tables import (
    Problem,
    TableError,
    describe_names,
    describe_rows,
    file_name,
    normal,
    read_table,
)
from workshop_kit.i18n import Translator, texts_in_every_language
from workshop_kit.paths import private_dir, workshop_data_dir, write_private

#: Most organisations in a register (a Community of Practice has dozens).
MAX_MEMBERS = 500

#: Largest register file read (a register of 500 rows is about 40 kB).
MAX_BYTES = 1_000_000

#: Accepted headers, compared with :func:`workshop_kit.core.tables.normal`.
HEADERS = {
    "organisation": {"organisation", "organization", "organisme", "name", "nom"},
    "sector": {"sector", "secteur"},
    "roles": {"roles", "role"},
}

#: Roles that take turns hosting gatherings (sponsors and funders support, they do not host).
HOSTING_ROLES = frozenset({"member", "core_planning_group", "facilitator"})
#: Roles that take turns facilitating.
FACILITATING_ROLES = frozenset({"facilitator", "core_planning_group"})

_ROLE_SEPARATORS = re.compile(r"[;|/+\n]")


@dataclass(frozen=True)
class Member:
    """One member organisation: a name, a sector, its roles."""

    name: str
    sector: str
    roles: tuple[str, ...] = ("member",)

    @property
    def key(self) -> str:
        return self.name.casefold()


@dataclass(frozen=True)
class Register:
    """The member organisations, in the order of the file (names are distinct, case aside)."""

    members: tuple[Member, ...] = ()

    def __len__(self) -> int:
        return len(self.members)

    def names(self) -> list[str]:
        return [member.name for member in self.members]

    def find(self, name: str) -> Member | None:
        return next((m for m in self.members if m.key == name.strip().casefold()), None)

    def hosts(self) -> list[str]:
        """Organisations that take turns hosting (members, the core planning group,
        facilitators)."""
        return [m.name for m in self.members if HOSTING_ROLES & set(m.roles)]

    def facilitators(self) -> list[str]:
        """Organisations that take turns facilitating (named facilitators and the core
        planning group); empty means the members take turns."""
        return [m.name for m in self.members if FACILITATING_ROLES & set(m.roles)]

    def with_member(self, member: Member) -> Register:
        """The register with ``member`` added, or replacing the one of the same name."""
        kept = [m for m in self.members if m.key != member.key]
        if len(kept) >= MAX_MEMBERS:
            raise ValueError("too many members")
        return replace(self, members=(*kept, member))

    def without(self, name: str) -> Register:
        return replace(self, members=tuple(m for m in self.members if m.key != name.casefold()))

    def frame(self, t: Translator) -> pd.DataFrame:
        """The register as the file has it, labels in ``t``'s language."""
        rows = [
            {
                "organisation": m.name,
                "sector": t(f"practice.sector.{m.sector}"),
                "roles": "; ".join(t(f"practice.role.{r}") for r in m.roles),
            }
            for m in self.members
        ]
        return pd.DataFrame(rows, columns=["organisation", "sector", "roles"])

    def csv(self, t: Translator) -> bytes:
        """The register as a CSV file, safe to open in a spreadsheet."""
        return safe_csv(self.frame(t))


@dataclass
class RegisterCheck:
    """What reading a register file found: the register (``None`` if the file has errors)
    and the problems, in the reader's language."""

    filename: str
    register: Register | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return self.register is not None and not self.errors


def _labels(prefix: str, ids: Iterable[str]) -> dict[str, str]:
    """``{normalised id or label in any language: id}``."""
    found: dict[str, str] = {}
    for item, texts in texts_in_every_language(prefix, ids).items():
        for text in [item, *texts]:
            found[normal(text)] = item
    return found


def check_register(data: bytes, filename: str, language: str = "en") -> RegisterCheck:
    """Read a register file (see the module docstring) and check every row."""
    t = Translator(language)
    name = file_name(filename) or "?"
    result = RegisterCheck(name)
    try:
        table = read_table(data, name, max_bytes=MAX_BYTES, language=language, min_columns=1)
    except TableError as error:
        result.problems = error.problems
        return result

    columns: dict[str, str] = {}
    ignored: list[str] = []
    for column in table.columns:
        wanted = next((key for key, names in HEADERS.items() if normal(column) in names), None)
        if wanted and wanted not in columns:
            columns[wanted] = column
        else:
            ignored.append(str(column))
    missing = [key for key in ("organisation", "sector") if key not in columns]
    if missing:
        result.problems.append(
            Problem(
                "missing_columns",
                t("practice.register.missing_columns", columns=describe_names(missing, t)),
                columns=tuple(missing),
            )
        )
        return result
    if ignored:
        result.problems.append(
            Problem(
                "ignored_columns",
                t("practice.register.ignored_columns", columns=describe_names(ignored, t)),
                columns=tuple(ignored),
                severity="warning",
            )
        )
    if len(table) > MAX_MEMBERS:
        result.problems.append(
            Problem("too_many", t("practice.register.too_many", limit=MAX_MEMBERS))
        )
        return result

    sectors = _labels("practice.sector", SECTORS)
    roles = _labels("practice.role", ROLES)
    bad: dict[str, list[int]] = {
        "no_name": [],
        "name_too_long": [],
        "unknown_sector": [],
        "unknown_role": [],
        "duplicate": [],
    }
    unknown_values: dict[str, set[str]] = {"unknown_sector": set(), "unknown_role": set()}
    members: list[Member] = []
    seen: set[str] = set()
    for row, record in table.iterrows():
        organisation = " ".join(str(record[columns["organisation"]]).split())
        sector_text = str(record[columns["sector"]])
        role_text = str(record[columns["roles"]]) if "roles" in columns else ""
        if not organisation:
            bad["no_name"].append(int(row))
            continue
        if len(organisation) > MAX_NAME:
            bad["name_too_long"].append(int(row))
            continue
        sector = sectors.get(normal(sector_text))
        if sector is None:
            bad["unknown_sector"].append(int(row))
            unknown_values["unknown_sector"].add(sector_text[:40])
            continue
        found_roles = []
        for part in _ROLE_SEPARATORS.split(role_text):
            if not part.strip():
                continue
            role = roles.get(normal(part))
            if role is None:
                bad["unknown_role"].append(int(row))
                unknown_values["unknown_role"].add(part.strip()[:40])
            elif role not in found_roles:
                found_roles.append(role)
        if organisation.casefold() in seen:
            bad["duplicate"].append(int(row))
            continue
        seen.add(organisation.casefold())
        ordered = tuple(r for r in ROLES if r in found_roles) or ("member",)
        members.append(Member(organisation, sector, ordered))
    for code, rows in bad.items():
        if not rows:
            continue
        values = describe_names(sorted(unknown_values.get(code, ())), t)
        result.problems.append(
            Problem(
                code,
                t(f"practice.register.{code}", rows=describe_rows(rows, t), values=values),
                rows=tuple(rows),
            )
        )
    if not result.errors:
        if not members:
            result.problems.append(Problem("empty", t("practice.register.empty", name=name)))
            return result
        result.register = Register(tuple(members))
    return result


# -- kept on the facilitator's computer -------------------------------------------------------


def saved_register_path() -> Path:
    return private_dir(workshop_data_dir() / "practice") / "register.csv"


def load_saved_register() -> tuple[Register, bool]:
    """The register saved on this computer, and whether a saved file could not be read (the
    page then starts from an empty register, says so, and leaves the file as it is until the
    register changes)."""
    path = saved_register_path()
    if not path.exists():
        return Register(), False
    try:
        checked = check_register(path.read_bytes(), path.name)
    except OSError:
        return Register(), True
    if checked.ok and checked.register is not None:
        return checked.register, False
    emptied = {"no_rows", "empty"}  # the register was saved after its last member left
    return Register(), not all(problem.code in emptied for problem in checked.errors)


def save_register(register: Register, t: Translator) -> Path:
    """Keep ``register`` on this computer (0600) and return where."""
    return write_private(saved_register_path(), register.csv(t))
