"""Which asset names may be read by the room: public places and organisations the facilitator
approved; individuals' gifts never.

Why: an asset's name is text a participant typed. "Riverside library" names a place; "Mrs
Patel who cooks for neighbours, 14 Elm Road" names a person, her street and what she does.
So names are treated like every other written answer (:mod:`workshop_kit.core.moderation`):

- only the categories of public places and organisations (:data:`LISTED_CATEGORIES`) are
  ever listed by name, and only once the facilitator approved the name (the decision is a
  ``text_reviews`` record keyed by the name, as for free text);
- an individual's gift or skill (:data:`GIFTS`) is counted, never listed, on every screen,
  in the report and in every export; culture and stories, and a profile's own categories,
  are counted too (the kit cannot tell whether they name someone).

Pure functions on the inventory (:func:`~.model.apply_merges`): no widgets, files or database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from workshop_kit.activities.assets.inventory import inventory_listing
from workshop_kit.core.disclosure import APPROVE, HIDE, text_key

#: Categories listed by name once approved: public places (physical and natural) and
#: organisations (associations, institutions, the local economy).
LISTED_CATEGORIES = ("associations", "institutions", "places", "economy", "nature")
#: Individuals' gifts and skills: a person, never listed anywhere.
GIFTS = "gifts"


def without_gifts(inventory: pd.DataFrame) -> pd.DataFrame:
    """The inventory without individuals' gifts (what a list or a directory may hold)."""
    if inventory.empty or "category" not in inventory:
        return inventory
    return inventory[inventory["category"].astype(str) != GIFTS].reset_index(drop=True)


def gift_ids(inventory: pd.DataFrame) -> set[str]:
    """The asset ids (members of merged groups included) of individuals' gifts."""
    if inventory.empty or "category" not in inventory:
        return set()
    gifts = inventory[inventory["category"].astype(str) == GIFTS]
    found = {str(asset) for asset in gifts["asset_id"]}
    if "members" in gifts:
        found |= {str(m) for members in gifts["members"] for m in members}
    return found


def reviewable(inventory: pd.DataFrame) -> pd.DataFrame:
    """The assets whose name the facilitator may approve for the room: public categories."""
    if inventory.empty:
        return inventory
    return inventory[inventory["category"].astype(str).isin(LISTED_CATEGORIES)]


@dataclass(frozen=True)
class ListedNames:
    """The names the room may read, by category, and what is only counted."""

    #: category -> approved names, in reading order (category, area, name).
    approved: dict[str, tuple[str, ...]]
    #: Public names the facilitator has not reviewed yet: counted only.
    waiting: int
    #: Individuals' gifts and skills in the inventory: counted only, never named.
    gifts: int


def listed_names(
    inventory: pd.DataFrame,
    decisions: Mapping[str, str],
    categories: Sequence[str],
    areas: Sequence[str],
) -> ListedNames:
    """The approved names of public places and organisations (see the module docstring)."""
    gifts = 0 if inventory.empty else int((inventory["category"].astype(str) == GIFTS).sum())
    public = inventory_listing(reviewable(inventory), categories, areas)
    approved: dict[str, list[str]] = {}
    waiting = 0
    for record in public.to_dict("records") if not public.empty else []:
        if decisions.get(text_key(str(record["name"]))) == APPROVE:
            approved.setdefault(str(record["category"]), []).append(str(record["name"]))
        elif decisions.get(text_key(str(record["name"]))) != HIDE:
            waiting += 1
    return ListedNames({c: tuple(n) for c, n in approved.items()}, waiting, gifts)
