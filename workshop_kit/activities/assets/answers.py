"""Asset mapping answers: one asset a participant knows, and the facilitator's merge records.

Why one answer per asset: a participant adds several assets in a row on a phone, and each must
be kept. The store keeps the latest answer per participant and ``item``, so every asset gets a
fresh random ``asset_id`` as its item; sending the same id again edits that asset.

Why merges are answers too: de-duplication must never delete what a participant gave. The
facilitator's decision ("these three are the same café") is appended as an
``asset_merges`` record and replayed by :func:`workshop_kit.activities.assets.model.apply_merges`,
so
the inventory can always be rebuilt, audited, or a merge undone by a later record.

A location outside the community is not an error that loses the asset: the answer is kept
without the point, and :func:`prepare_asset` tells the caller so it can tell the participant.
"""

from __future__ import annotations

import re
import secrets
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from workshop_kit.core.answers import (
    Answer,
    answer_schema,
    check_area,
    profile_from,
    validate_answer,
)
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

#: The default categories: Kretzmann & McKnight's individuals, associations and institutions,
#: the later additions (physical places, local economy, culture and stories) and natural places.
#: Labels are in the i18n catalogs under ``assets.category.<id>``; a profile's
#: ``asset_categories`` renames these by id or adds new ones.
DEFAULT_CATEGORIES = (
    "gifts",
    "associations",
    "institutions",
    "places",
    "economy",
    "culture",
    "nature",
)

MAX_NAME = 120
MAX_DETAIL = 300
MAX_NEEDS = 50
MAX_MERGED = 500

AssetId = Annotated[str, Field(pattern=r"^[0-9a-f]{8,32}$")]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def new_asset_id() -> str:
    """A random id: assets from one participant never replace each other."""
    return secrets.token_hex(8)


def category_ids(profile: Profile | None) -> list[str]:
    """Default categories, then any the profile adds (renaming keeps the default's place)."""
    ids = list(DEFAULT_CATEGORIES)
    if profile is not None:
        ids += [c.id for c in profile.asset_categories if c.id not in DEFAULT_CATEGORIES]
    return ids


def category_labels(profile: Profile | None, language: str) -> dict[str, str]:
    """Category id → label: the defaults from the catalogs, renamed or extended by the profile.

    Here rather than in :mod:`workshop_kit.activities.assets.model` because the participant form
    needs
    the labels, and its kernel must not import pandas to get them.
    """
    t = Translator(language)
    labels = {c: t(f"assets.category.{c}") for c in DEFAULT_CATEGORIES}
    if profile is not None:
        for choice in profile.asset_categories:
            labels[choice.id] = choice.text(t.language)
        return {c: labels[c] for c in category_ids(profile)}
    return labels


def one_line(text: str | None) -> str | None:
    """Collapse control characters (newlines, tabs) to spaces; empty becomes ``None``.

    Markup is deliberately left alone: it is data, shown escaped by the pages.
    """
    if text is None:
        return None
    cleaned = " ".join(_CONTROL.sub(" ", str(text)).split())
    return cleaned or None


#: What one asset says, in this order: the import template's columns, the directory's header
#: and the asset table's columns (after its id).
ASSET_FIELDS = (
    "name",
    "category",
    "area",
    "needs",
    "contact",
    "opening_hours",
    "latitude",
    "longitude",
)


@answer_schema
class AssetAnswer(Answer):
    """One asset: what it is, where, and which needs of the profile it helps with."""

    activity: ClassVar[str] = "assets"

    asset_id: AssetId = Field(default_factory=new_asset_id)
    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
    category: Annotated[str, Field(min_length=1, max_length=64)]
    area: Annotated[str, Field(min_length=1, max_length=64)]
    needs: Annotated[list[str], Field(max_length=MAX_NEEDS)] = Field(default_factory=list)
    contact: Annotated[str, Field(max_length=MAX_DETAIL)] | None = None
    opening_hours: Annotated[str, Field(max_length=MAX_DETAIL)] | None = None
    latitude: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] | None = None

    def item(self) -> str:
        return self.asset_id

    @field_validator("name", "contact", "opening_hours", mode="before")
    @classmethod
    def _single_line(cls, value: Any) -> Any:
        return one_line(value) if isinstance(value, str) else value

    @field_validator("category")
    @classmethod
    def _known_category(cls, category: str, info: ValidationInfo) -> str:
        profile = profile_from(info)
        if profile is not None and category not in category_ids(profile):
            raise ValueError(f"unknown category {category!r}")
        return category

    @field_validator("area")
    @classmethod
    def _known_area(cls, area: str, info: ValidationInfo) -> str:
        checked = check_area(area, info)
        if checked is None:
            raise ValueError("area is required")
        return checked

    @field_validator("needs")
    @classmethod
    def _known_needs(cls, needs: list[str], info: ValidationInfo) -> list[str]:
        unique = list(dict.fromkeys(n.strip() for n in needs if n and n.strip()))
        profile = profile_from(info)
        if profile is not None:
            known = {n.id for n in profile.needs}
            unknown = [n for n in unique if n not in known]
            if unknown:
                raise ValueError(f"unknown need(s) {', '.join(unknown)}")
        return unique

    @model_validator(mode="before")
    @classmethod
    def _point_in_community(cls, data: Any, info: ValidationInfo) -> Any:
        """Both coordinates or neither; a point outside the community is dropped, not refused."""
        if not isinstance(data, dict):
            return data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        blank = (None, "")
        if latitude in blank and longitude in blank:
            return {**data, "latitude": None, "longitude": None}
        if latitude in blank or longitude in blank:
            raise ValueError("latitude and longitude go together: give both or neither")
        profile = profile_from(info)
        if profile is None:
            return data
        from workshop_kit.geo import in_community

        try:
            lat, lon = float(latitude), float(longitude)
        except (TypeError, ValueError):
            return data  # the field validators say what is wrong
        if -90 <= lat <= 90 and -180 <= lon <= 180 and in_community(profile, lat, lon) is False:
            return {**data, "latitude": None, "longitude": None}
        return data


@answer_schema
class AssetMergeAnswer(Answer):
    """A facilitator decision about likely duplicates, replayed in order.

    - ``merge``: ``merged`` assets are the same as ``keep``; the kept asset's fields win.
    - ``unmerge``: take ``merged`` back out of the group they were merged into (undo).
    - ``distinct``: ``merged`` are *not* duplicates of ``keep``; stop flagging the pair.
    """

    activity: ClassVar[str] = "asset_merges"

    record_id: AssetId = Field(default_factory=new_asset_id)
    action: Literal["merge", "unmerge", "distinct"] = "merge"
    keep: AssetId
    merged: Annotated[list[AssetId], Field(min_length=1, max_length=MAX_MERGED)]

    def item(self) -> str:
        return self.record_id

    @model_validator(mode="after")
    def _keep_is_not_merged(self) -> AssetMergeAnswer:
        if self.keep in self.merged:
            raise ValueError("an asset cannot be merged into itself")
        if len(set(self.merged)) != len(self.merged):
            raise ValueError("an asset is listed twice")
        return self


LOCATION_DROPPED = "assets.notice.location_outside"


def prepare_asset(payload: dict[str, Any], profile: Profile) -> tuple[AssetAnswer, list[str]]:
    """Validate an asset for ``profile`` and say what was changed on the way.

    Returns the answer and a list of i18n keys of notices for the participant (today only
    :data:`LOCATION_DROPPED`). Raises :class:`~workshop_kit.core.answers.InvalidAnswer` when the
    asset cannot be kept (empty name, unknown category or area …).
    """
    answer = validate_answer("assets", payload, profile)
    if not isinstance(answer, AssetAnswer):  # another module registered "assets"
        raise TypeError(f"unexpected schema for assets: {type(answer).__name__}")
    notices: list[str] = []
    had_point = payload.get("latitude") not in (None, "") and payload.get("longitude") not in (
        None,
        "",
    )
    if had_point and answer.latitude is None:
        notices.append(LOCATION_DROPPED)
    return answer, notices
