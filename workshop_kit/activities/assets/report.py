"""The asset mapping's section of the workshop report: what the hub projected last, and the
public places and organisations the room named.

Built exactly as the hub's view (:class:`~.live.AssetsResults`) builds its screen: the
assets released in whole blocks of ``min_cell_size`` participants (imported rows at once,
:func:`~.shown.live_assets`), the facilitator's merge decisions, the needs ratings released
the same way for the gap weights, through :func:`~.overview.compute_overview` and
:func:`~.overview.chart_sentences`. So the counts by category, the map and the gap matrix show
"too few to show" where the hub did, and their sentences are the hub's.

The inventory goes further than the hub, which shows none, so it keeps to what cannot point
at a person (:mod:`.names`): only the public places and organisations the facilitator
approved, like any written answer (individuals' gifts and skills are counted, never listed;
culture and stories may name people and are counted too), and names only (an area or the
needs an asset helps with would give away counts the charts hide).
"""

from __future__ import annotations

import pandas as pd

from workshop_kit.activities.assets.inventory import inventory_counts
from workshop_kit.activities.assets.names import GIFTS, LISTED_CATEGORIES, listed_names
from workshop_kit.activities.assets.overview import (
    AssetOverview,
    ChartSentences,
    _charts,
    chart_sentences,
)
from workshop_kit.activities.assets.shown import imported, protect_table, released_assets
from workshop_kit.core.answers import review_decisions
from workshop_kit.core.disclosure import contributors
from workshop_kit.core.exports import png_bytes
from workshop_kit.core.report import (
    ReportContext,
    ReportFigure,
    ReportItem,
    ReportList,
    ReportSection,
    ReportTable,
)
from workshop_kit.geo import GeoError, shapes_for_profile
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile


def report_section(context: ReportContext) -> ReportSection | None:
    """``None`` when nobody added an asset (or imported an inventory) in this session."""
    t = context.t
    profile = context.profile
    k = profile.min_cell_size
    log = context.history("assets")
    if contributors(log) == 0:
        return None
    section = ReportSection(activity="assets", title=t("assets.view.title", name=profile.name))
    assets = released_assets(context)
    if contributors(assets) == 0:
        section.sentences.append(t("assets.report.too_few_people", min=k))
        return section
    overview = context.shown("assets")  # the state the projector laid out
    people = contributors(log[~imported(log)])
    shown_people = contributors(assets[~imported(assets)])
    section.sentences.append(
        " · ".join(
            [
                t("assets.view.totals", count=overview.total),
                t("assets.view.mentions", count=overview.mentions),
            ]
        )
    )
    if people > shown_people:  # as the hub says it: how many, never whose
        section.sentences.append(t("assets.view.hub_waiting", count=people, min=k))
    add_charts(section, overview, chart_sentences(overview, t), profile, t)
    section.tables.append(ReportTable(t("assets.report.counts_table"), counts_table(overview, t)))
    decisions = review_decisions(context.history("text_reviews"))
    section.lists.append(public_inventory(overview, decisions, t))
    return section


def add_charts(
    section: ReportSection,
    overview: AssetOverview,
    said: ChartSentences,
    profile: Profile,
    t: Translator,
) -> None:
    """The hub's three charts with their sentences; the map only where the profile has area
    shapes (else the sentence says why, as on the hub)."""
    charts = _charts()
    shown = overview.shown
    figure = charts.category_counts(shown.categories, overview.category_names, t)
    title = t("assets.chart.categories_title")
    section.figures.append(ReportFigure(title, png_bytes(figure), said.categories, said.categories))
    try:
        shapes = shapes_for_profile(profile, t.language)
        problem = None if shapes is not None else t("assets.view.map_unavailable")
    except GeoError as error:
        shapes, problem = None, t("assets.view.map_problem", problem=error.problems[0])
    if shapes is None:
        section.sentences.append(f"{problem} {said.map}".strip())
    else:
        figure = charts.asset_map(shapes, shown.areas, overview.points, overview.area_names, t)
        title = t("assets.chart.map_title")
        section.figures.append(ReportFigure(title, png_bytes(figure), said.map, said.map))
    figure = charts.gap_heatmap(overview.gap, overview.need_names, overview.area_names, t)
    title = t("assets.chart.gap_title")
    section.figures.append(ReportFigure(title, png_bytes(figure), said.gaps, said.gaps))


def counts_table(overview: AssetOverview, t: Translator) -> pd.DataFrame:
    """Assets per category and area as the facilitator's page shows them
    (:func:`~.shown.protect_table`), with the charts' totals per category and per area."""
    counts = inventory_counts(
        overview.inventory, list(overview.category_names), list(overview.area_names)
    )
    cells = protect_table(counts, overview.contributions, overview.shown)
    shown = overview.shown
    too_few = t("app.too_few")

    def say(value: int | None) -> str:
        return too_few if value is None else t.number(int(value))

    rows = []
    for category, line in zip(counts.index, cells, strict=True):
        label = overview.category_names.get(str(category), str(category))
        rows.append([label, *map(say, line), say(shown.categories.get(str(category)))])
    rows.append(
        [
            t("assets.report.all_categories"),
            *(say(shown.areas.get(str(area))) for area in counts.columns),
            t.number(overview.total),
        ]
    )
    columns = [
        t("assets.report.category"),
        *(overview.area_names.get(str(a), str(a)) for a in counts.columns),
        t("assets.report.all_areas"),
    ]
    return pd.DataFrame(rows, columns=columns)


def public_inventory(
    overview: AssetOverview, decisions: dict[str, str], t: Translator
) -> ReportList:
    """The names of the public places and organisations the facilitator approved, by category,
    and what is only counted: names not reviewed yet, individuals' gifts (see :mod:`.names`)."""
    names = listed_names(
        overview.inventory, decisions, list(overview.category_names), list(overview.area_names)
    )
    items = tuple(
        ReportItem(
            t(
                "assets.report.inventory_category",
                category=overview.category_names.get(category, category),
                count=len(names.approved[category]),
            ),
            names.approved[category],
        )
        for category in LISTED_CATEGORIES
        if category in names.approved
    )
    parts = [t("assets.report.inventory_note") if items else t("assets.report.inventory_none")]
    if names.waiting:
        parts.append(t("assets.report.inventory_waiting", count=names.waiting))
    if names.gifts:
        gifts = overview.shown.categories.get(GIFTS)
        said = t("app.too_few") if gifts is None else t.number(gifts)
        parts.append(t("assets.report.inventory_gifts", count=said))
    return ReportList(t("assets.report.inventory_title"), items, " ".join(parts))
