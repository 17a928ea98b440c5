"""What a participant may send, activity by activity.

Each activity declares its answer as a pydantic model in a module of this package and
registers it with :func:`answer_schema`. The store accepts only validated answers, so nothing
a browser sends reaches the database unchecked. Validation that depends on the community
(an area must be one of the profile's areas) reads the profile from the validation context.

Modules of this package are imported automatically: adding an activity never edits this file.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo

from workshop_kit.profile import Profile

_SCHEMAS: dict[str, type[Answer]] = {}

MAX_TEXT = 1000


class Answer(BaseModel):
    """Base of every answer payload."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    activity: ClassVar[str]

    def item(self) -> str:
        """What a newer answer replaces: '' means one answer per participant and activity."""
        return ""


def answer_schema(cls: type[Answer]) -> type[Answer]:
    """Class decorator: register ``cls`` as the answer of ``cls.activity``."""
    if cls.activity in _SCHEMAS and _SCHEMAS[cls.activity] is not cls:
        raise ValueError(f"activity {cls.activity!r} already has an answer schema")
    _SCHEMAS[cls.activity] = cls
    return cls


def schemas() -> dict[str, type[Answer]]:
    _import_all()
    return dict(_SCHEMAS)


def validate_answer(activity: str, payload: Any, profile: Profile | None = None) -> Answer:
    """Parse a payload for ``activity``; raise :class:`InvalidAnswer` if it does not fit."""
    schema = schemas().get(activity)
    if schema is None:
        raise InvalidAnswer(activity, [{"loc": ("activity",), "type": "unknown_activity"}])
    try:
        return schema.model_validate(payload, context={"profile": profile})
    except ValidationError as error:
        raise InvalidAnswer(activity, error.errors()) from None


class InvalidAnswer(ValueError):
    def __init__(self, activity: str, errors: list[dict[str, Any]]) -> None:
        self.activity = activity
        self.errors = errors
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors)
        super().__init__(f"invalid answer for {activity}: {fields}")


def profile_from(info: ValidationInfo) -> Profile | None:
    return (info.context or {}).get("profile")


def check_area(area: str | None, info: ValidationInfo) -> str | None:
    """An area must be one of the profile's areas (or absent)."""
    if not area:
        return None
    profile = profile_from(info)
    if profile is not None and area not in {a.id for a in profile.areas}:
        raise ValueError(f"unknown area {area!r}")
    return area


def _import_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
