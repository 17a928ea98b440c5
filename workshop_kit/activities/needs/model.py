"""Needs assessment: which needs are least met, for whom, and in people's own words.

Pure functions over a table of answers (the shape :meth:`Store.answers` returns for the
``needs`` activity and :meth:`NeedsImport.frame` builds from a survey file: one row per
answer with ``participant_id``, ``need``, ``importance``, ``met``, ``group``, ``area``,
``text``). No widgets, no files, no database: what the facilitator sees can be tested here.

Scores. Each participant rates each need twice on a 1–5 scale: how important it is (I) and
how well it is met today where they live (M). The gap ``G = I - M`` is the need in the Kansas
Community Tool Box sense (what should be minus what is), from -4 (well met, unimportant) to
+4. The **unmet-need score** of a need is ``mean(I) × mean(G)``: Borich's mean weighted
discrepancy score (Borich 1980, *A needs assessment model for conducting follow-up
studies*, Journal of Teacher Education 31(3):39–42), which weights the gap by how much the
room cares about the need, so a large gap on something nobody minds does not top the list.
Spread is shown as the middle half (interquartile range) of the individual weighted gaps
``G_i × mean(I)``, and as the standard deviation of the gap.

Ranking. Needs are ranked by score, computed from integer sums as an exact fraction so that
the order never depends on the order of the rows; equal scores share a rank.

Breakdowns. By group or by area, each cell (need × category) gets its count and score.
Cells with fewer answers than ``min_cell_size`` are suppressed, and so many more as needed
(complementary suppression) that the suppressed cells of a need together hold either no
answers or at least ``min_cell_size``: the need's total is shown in the ranking, so
subtracting the shown cells from it must never isolate a small group. Answers without a group
or area form their own column ("not said"), treated like any other.

Themes. Free-text answers are grouped by the words they share, without any external
service: words are lower-cased, stripped of accents and of a plural ``s``/``x``; English and
French stop words and words found in most answers are ignored; the word shared by the most
answers names the first theme, and so on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from workshop_kit.core.disclosure import NO_ANSWERS, SHOWN, TOO_FEW, protect_cells
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

#: Category of answers that gave no group or no area.
NOT_GIVEN = "not_given"

#: Columns of the per-need score table, in order.
SCORE_COLUMNS = (
    "n",
    "importance_mean",
    "met_mean",
    "gap_mean",
    "score",
    "gap_sd",
    "score_q1",
    "score_q3",
    "share_unmet",
    "rank",
)


# -- ratings ----------------------------------------------------------------------------------


def ratings(answers: pd.DataFrame) -> pd.DataFrame:
    """The rating rows of ``answers``, cleaned: integer ``importance``, ``met`` and ``gap``,
    ``group`` and ``area`` with :data:`NOT_GIVEN` for blanks.

    Tolerates the columns a store returns before anyone answered (no payload columns).
    A table this function returned is returned as it is, so a page that computes several
    views cleans the answers once.
    """
    columns = ["participant_id", "need", "importance", "met", "gap", "group", "area"]
    if answers.attrs.get("needs_ratings"):
        return answers
    if answers.empty or not {"need", "importance", "met"} <= set(answers.columns):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    rows = answers[answers["need"].notna() & answers["importance"].notna()]
    rows = rows[rows["met"].notna()]
    out = pd.DataFrame(index=rows.index)
    if "participant_id" in rows:
        out["participant_id"] = rows["participant_id"].astype(str)
    else:  # one anonymous participant per row
        out["participant_id"] = rows.index.astype(str)
    out["need"] = rows["need"].astype(str)
    out["importance"] = rows["importance"].astype("int64")
    out["met"] = rows["met"].astype("int64")
    out["gap"] = out["importance"] - out["met"]
    for column in ("group", "area"):
        values = rows[column] if column in rows else pd.Series(None, index=rows.index)
        out[column] = values.where(values.notna() & (values != ""), NOT_GIVEN).astype(str)
    out.attrs["needs_ratings"] = True
    return out


def _ordered_needs(found: Iterable[str], needs: Sequence[str]) -> list[str]:
    """The profile's needs in its order; without a list, the needs found, sorted."""
    return list(needs) if needs else sorted(set(found))


def need_scores(answers: pd.DataFrame, needs: Sequence[str] = ()) -> pd.DataFrame:
    """One row per need, ranked (largest unmet need first); columns :data:`SCORE_COLUMNS`.

    With ``needs`` (the profile's need ids) every listed need appears, answered or not, and
    answers about other needs are left out. Needs without answers come last, unranked.
    """
    rated = ratings(answers)
    order = _ordered_needs(rated["need"], needs)
    rated = rated[rated["need"].isin(order)]
    stats = _cell_stats(rated, ["need"]).reindex(order)
    stats["n"] = stats["n"].fillna(0).astype("int64")
    stats["rank"] = _rank(stats)
    position = pd.Series(range(len(order)), index=order)
    key = stats["rank"].astype("float64").fillna(np.inf)
    ordered = sorted(order, key=lambda need: (key[need], position[need]))
    result = stats.loc[ordered, list(SCORE_COLUMNS)]
    result.index.name = "need"
    return result


def shown_scores(
    scores: pd.DataFrame, min_cell_size: int, needs: Sequence[str] = ()
) -> pd.DataFrame:
    """The ranking as it may be shown or exported (:mod:`workshop_kit.core.disclosure`).

    A need rated by fewer than ``min_cell_size`` people keeps no ``n``, mean, score, spread
    or rank: its ``status`` is ``too_few``. Ranks are recounted among the shown needs only
    (a rank of 2 under a hidden first would say a hidden need scores higher), and hidden
    needs follow the shown ones in the profile's order (``needs``; else alphabetical), never
    in the order of their hidden scores. ``n`` becomes a nullable integer.
    """
    if min_cell_size < 1:
        raise ValueError("min_cell_size must be at least 1")
    n = scores["n"].astype("int64")
    status = pd.Series(SHOWN, index=scores.index)
    status[n == 0] = NO_ANSWERS
    status[(n > 0) & (n < min_cell_size)] = TOO_FEW
    out = scores.copy()
    out["n"] = n.astype("Int64").mask(status == TOO_FEW)
    values = [c for c in SCORE_COLUMNS if c not in ("n", "rank")]
    out[values] = out[values].astype("float64").where(status == SHOWN)
    shown = status == SHOWN
    old = scores["rank"].astype("float64")
    out["rank"] = pd.array(
        [
            (1 + int((old[shown] < old[need]).sum())) if shown[need] else None
            for need in scores.index
        ],
        dtype="Int64",
    )
    out["status"] = status
    position = {need: i for i, need in enumerate(needs or sorted(scores.index))}
    order = list(scores.index[shown]) + sorted(
        scores.index[~shown], key=lambda need: (status[need] != TOO_FEW, position.get(need, 0))
    )
    result = out.loc[order]
    result.index.name = scores.index.name
    result.attrs["min_cell_size"] = min_cell_size
    return result


def disclosed_need_scores(answers: pd.DataFrame, profile: Profile) -> pd.Series:
    """The ``need_scores`` interface other activities use (see :mod:`workshop_kit.core.activity`).

    The unmet-need score per need id, only for needs rated by at least the profile's
    ``min_cell_size`` people: another activity's chart weighted by a score from two people's
    ratings would let it be worked back from the weights.
    """
    needs = [need.id for need in profile.needs]
    shown = shown_scores(need_scores(answers, needs), profile.min_cell_size, needs)
    return shown.loc[shown["status"] == SHOWN, "score"].astype("float64")


def _cell_stats(rated: pd.DataFrame, keys: list[str], spread: bool = True) -> pd.DataFrame:
    """Counts, means, spread and score per group of ``keys``, from exact integer sums.

    ``spread=False`` skips the quartiles (the breakdowns do not show them).
    """
    if rated.empty:
        empty = pd.DataFrame(columns=[*SCORE_COLUMNS, "sum_i", "sum_g"])
        if len(keys) > 1:
            empty.index = pd.MultiIndex.from_tuples([], names=keys)
        return empty
    work = rated.assign(gap2=rated["gap"] * rated["gap"], unmet=(rated["gap"] > 0).astype(int))
    grouped = work.groupby(keys, sort=False, observed=True)
    sums = grouped[["importance", "met", "gap", "gap2", "unmet"]].sum()
    n = grouped.size()
    stats = pd.DataFrame(index=sums.index)
    stats["n"] = n.astype("int64")
    stats["sum_i"] = sums["importance"].astype("int64")
    stats["sum_g"] = sums["gap"].astype("int64")
    stats["importance_mean"] = sums["importance"] / n
    stats["met_mean"] = sums["met"] / n
    stats["gap_mean"] = sums["gap"] / n
    stats["score"] = (sums["importance"] * sums["gap"]) / (n * n)
    numerator = n * sums["gap2"] - sums["gap"] * sums["gap"]
    stats["gap_sd"] = np.sqrt(numerator / (n * (n - 1)).where(n > 1))
    stats["share_unmet"] = sums["unmet"] / n
    if spread:
        quartiles = grouped["gap"].quantile([0.25, 0.75]).unstack()
        stats["score_q1"] = quartiles[0.25] * stats["importance_mean"]
        stats["score_q3"] = quartiles[0.75] * stats["importance_mean"]
    return stats


def _rank(stats: pd.DataFrame) -> pd.Series:
    """Rank 1 = largest unmet need; equal scores share the smaller rank; unanswered: NA.

    Scores are compared as exact fractions ``sum(I) × sum(G) / n²`` so that two needs with
    the same score tie whatever floating-point rounding the sums went through.
    """
    exact = {
        need: Fraction(int(row.sum_i) * int(row.sum_g), int(row.n) ** 2)
        for need, row in stats.iterrows()
        if row.n > 0
    }
    ranks = {
        need: 1 + sum(1 for other in exact.values() if other > value)
        for need, value in exact.items()
    }
    return pd.Series([ranks.get(need) for need in stats.index], index=stats.index, dtype="Int64")


def overview(answers: pd.DataFrame) -> dict[str, int]:
    """How many people rated, how many ratings and how many written answers there are."""
    rated = ratings(answers)
    texts = free_texts(answers)
    people = set(rated["participant_id"])
    if "participant_id" in answers and "text" in answers:
        written = answers[answers["text"].notna() & (answers["text"].astype(str) != "")]
        people |= set(written["participant_id"].astype(str))
    return {
        "people": len(people),
        "ratings": len(rated),
        "texts": len(texts),
        "raters": rated["participant_id"].nunique(),
    }


# -- breakdowns with small-cell suppression ---------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """Need × category tables (``by`` is ``"group"`` or ``"area"``).

    ``counts`` holds every cell's number of answers (never show it as such: use
    :meth:`shown_counts`); ``scores``, ``importance`` and ``gap`` hold the cell values with
    ``NaN`` where the cell is suppressed or empty; ``suppressed`` marks the cells to show as
    "too few to show"; ``primary`` the subset suppressed for being small themselves (the rest
    are hidden to protect them).
    """

    by: str
    min_cell_size: int
    counts: pd.DataFrame
    scores: pd.DataFrame
    importance: pd.DataFrame
    gap: pd.DataFrame
    suppressed: pd.DataFrame
    primary: pd.DataFrame

    @property
    def needs(self) -> list[str]:
        return list(self.counts.index)

    @property
    def categories(self) -> list[str]:
        return list(self.counts.columns)

    def shown_counts(self) -> pd.DataFrame:
        """Counts as they may be shown: ``<NA>`` where suppressed."""
        return self.counts.astype("Int64").mask(self.suppressed)

    def table(self) -> pd.DataFrame:
        """Long table for export: one row per cell, nothing suppressed leaks into it.

        ``status`` is ``shown``, ``too_few`` or ``no_answers``.
        """
        shown = self.shown_counts()
        rows = []
        for need in self.needs:
            for category in self.categories:
                hidden = bool(self.suppressed.at[need, category])
                count = int(self.counts.at[need, category])
                status = "too_few" if hidden else ("no_answers" if count == 0 else "shown")
                rows.append(
                    {
                        "need": need,
                        self.by: category,
                        "n": shown.at[need, category],
                        "importance_mean": self.importance.at[need, category],
                        "gap_mean": self.gap.at[need, category],
                        "score": self.scores.at[need, category],
                        "status": status,
                    }
                )
        return pd.DataFrame(rows)


def breakdown(
    answers: pd.DataFrame,
    by: str,
    min_cell_size: int,
    needs: Sequence[str] = (),
    categories: Sequence[str] = (),
) -> Breakdown:
    """Scores of each need within each group (``by="group"``) or area (``by="area"``).

    ``categories`` fixes the columns and their order (the profile's areas, the kit's groups);
    categories found in the answers but not listed, and :data:`NOT_GIVEN`, are appended when
    they occur. Suppression: see the module docstring and :func:`protect_row`.
    """
    if by not in {"group", "area"}:
        raise ValueError(f"breakdown by {by!r}: use 'group' or 'area'")
    if min_cell_size < 1:
        raise ValueError("min_cell_size must be at least 1")
    rated = ratings(answers)
    order = _ordered_needs(rated["need"], needs)
    rated = rated[rated["need"].isin(order)]
    found = set(rated[by].unique())
    columns = list(categories)
    columns += sorted(found - set(columns) - {NOT_GIVEN})
    if NOT_GIVEN in found and NOT_GIVEN not in columns:
        columns.append(NOT_GIVEN)

    stats = _cell_stats(rated, ["need", by], spread=False)

    def grid(column: str, fill: float) -> pd.DataFrame:
        if stats.empty:
            return pd.DataFrame(fill, index=order, columns=columns, dtype="float64")
        table = stats[column].astype("float64").unstack(by)
        return table.reindex(index=order, columns=columns).fillna(fill)

    counts = grid("n", 0).astype("int64")
    suppressed = pd.DataFrame(False, index=order, columns=columns)
    primary = (counts > 0) & (counts < min_cell_size)
    for need in order:
        hidden = protect_row(counts.loc[need].tolist(), min_cell_size)
        for position in hidden:
            suppressed.iat[order.index(need), position] = True
    empty = counts == 0
    visible = ~suppressed & ~empty
    counts.index.name = suppressed.index.name = primary.index.name = "need"
    return Breakdown(
        by=by,
        min_cell_size=min_cell_size,
        counts=counts,
        scores=grid("score", np.nan).where(visible),
        importance=grid("importance_mean", np.nan).where(visible),
        gap=grid("gap_mean", np.nan).where(visible),
        suppressed=suppressed,
        primary=primary,
    )


def protect_row(counts: Sequence[int], min_cell_size: int) -> set[int]:
    """Positions of the cells of one row to suppress: see
    :func:`workshop_kit.core.disclosure.protect_cells` (the rule lives there, for every
    activity)."""
    return protect_cells(counts, min_cell_size)


# -- free-text themes -------------------------------------------------------------------------

# Short lists of the most frequent function words: enough to keep "the", "de", "pour" from
# forming themes. Words of the question itself ("help", "aide", "more", "need") are listed
# too: nearly every answer to "what would help most" contains them.
_ENGLISH = """a about above after again against all also am an and any are around as at be because
    been before being below between both but by can could did do does doing down during each
    even ever every few for from further get gets getting give go going got had has have
    having he her here hers herself him himself his how however i if in into is it its itself
    just know least less let like lot lots made make makes making many may me might mine more
    most much must my myself near need needed needs no nor not now of off often on once one
    only or other others our ours ourselves out over own people per perhaps please really
    same she should so some someone something sometimes still such than that the their theirs
    them themselves then there these they thing things this those though through thus to too
    under until up upon us very want was way we well were what when where whether which while
    who whom whose why will with within without would yes yet you your yours yourself
    yourselves help helps helped helping helpful better best especially someone able maybe
    kind sort"""
_FRENCH = """a afin ai aie aient aies ait alors as au aucun aucune aupres auquel aussi autre autres
    aux auxquelles auxquels avaient avais avait avant avec avoir avons ayant bien bon car ce
    ceci cela celle celles celui cependant certain certaines certains ces cet cette ceux chaque
    chez comme comment dans de des deja depuis dès donc dont du elle elles en encore entre est
    et etaient etais etait etant ete etre eu eux fait faire fais faut font ici il ils je jusqu
    la le les leur leurs lors lorsque lui ma mais me meme memes mes moi moins mon ne ni non
    nos notre nous on ont ou par parce pas peu peut peuvent plus plupart pour pourquoi pourrait
    puis qu quand que quel quelle quelles quels qui quoi sa sans se sera serait ses seul si
    sien soi soit son sont sous souvent sur ta te tes toi ton tous tout toute toutes tres trop
    tu un une vers voila vos votre vous vraiment ya aide aides aider aiderait besoin besoins
    mieux davantage surtout chose choses gens personne personnes"""
STOP_WORDS_EN = frozenset(_ENGLISH.split())
STOP_WORDS_FR = frozenset(_FRENCH.split())
STOP_WORDS = STOP_WORDS_EN | STOP_WORDS_FR

#: A word found in more than this share of the answers (when there are at least
#: :data:`COMMON_WORD_MIN_ANSWERS`) says nothing about how answers differ.
COMMON_WORD_SHARE = 0.6
COMMON_WORD_MIN_ANSWERS = 5

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Theme:
    """Answers that share ``words`` (the first names the theme; ``()`` = sharing none)."""

    words: tuple[str, ...]
    answers: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.answers)


@dataclass(frozen=True)
class ThemeGrouping:
    themes: tuple[Theme, ...]
    ungrouped: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(theme.count for theme in self.themes) + len(self.ungrouped)


def free_texts(answers: pd.DataFrame) -> list[str]:
    """The written answers, in the order given, blanks left out."""
    if answers.empty or "text" not in answers:
        return []
    texts = answers["text"]
    return [str(text) for text in texts[texts.notna()] if str(text).strip()]


def word_key(word: str) -> str:
    """A word as compared: lower case, no accents, no plural ``s``/``x`` on longer words."""
    plain = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    if len(plain) > 4 and plain[-1] in "sx" and not plain.endswith("ss"):
        plain = plain[:-1]
    return plain


def keywords(text: str) -> dict[str, str]:
    """The words of ``text`` worth comparing: ``{key: word as written, lower-cased}``."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text.replace("’", "'")):
        lowered = word.casefold()
        key = word_key(lowered)
        if len(key) < 3 or key in STOP_WORDS or lowered in STOP_WORDS:
            continue
        found.setdefault(key, lowered)
    return found


def group_themes(texts: Sequence[str], max_themes: int = 8, min_answers: int = 2) -> ThemeGrouping:
    """Group answers by shared words: the word most answers share names the first theme,
    its answers are set aside, and so on; ties go to the alphabetically first word.

    A theme lists a second word when most of its answers also share it. Answers that share
    no word with another answer stay ungrouped. Words found in most answers are set aside
    (they do not tell answers apart) unless nothing else is shared.
    """
    words = [keywords(text) for text in texts]
    common: set[str] = set()
    if len(texts) >= COMMON_WORD_MIN_ANSWERS:
        spread = Counter(key for found in words for key in found)
        common = {key for key, n in spread.items() if n > COMMON_WORD_SHARE * len(texts)}
    grouping = _group(texts, words, common, max_themes, min_answers)
    if common and not grouping.themes:
        # Everyone used the same word(s) and nothing else is shared: that word is the theme.
        grouping = _group(texts, words, set(), max_themes, min_answers)
    return grouping


def _group(
    texts: Sequence[str],
    words: Sequence[Mapping[str, str]],
    common: set[str],
    max_themes: int,
    min_answers: int,
) -> ThemeGrouping:
    remaining = list(range(len(texts)))
    themes: list[Theme] = []
    while remaining and len(themes) < max_themes:
        frequency = Counter(key for i in remaining for key in words[i] if key not in common)
        if not frequency:
            break
        key, count = min(frequency.items(), key=lambda item: (-item[1], item[0]))
        if count < min_answers:
            break
        members = [i for i in remaining if key in words[i]]
        partners = Counter(other for i in members for other in words[i] if other != key)
        label = [_surface(key, members, words)]
        if partners:
            second, together = min(partners.items(), key=lambda item: (-item[1], item[0]))
            if together >= max(min_answers, (len(members) + 1) // 2) and second not in common:
                label.append(_surface(second, members, words))
        themes.append(Theme(tuple(label), tuple(texts[i] for i in members)))
        taken = set(members)
        remaining = [i for i in remaining if i not in taken]
    return ThemeGrouping(tuple(themes), tuple(texts[i] for i in remaining))


def _surface(key: str, members: Iterable[int], words: Sequence[Mapping[str, str]]) -> str:
    """The way most answers wrote the word (ties: alphabetical)."""
    forms = Counter(words[i][key] for i in members if key in words[i])
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]


# -- plain-language summaries -----------------------------------------------------------------


def ranking_summary(scores: pd.DataFrame, labels: Mapping[str, str], t: Translator) -> str:
    """One or two sentences under the ranking chart: how many answered, what tops the list.

    ``scores`` is :func:`shown_scores`' table (needs rated by too few people are only
    counted) or, outside any room, :func:`need_scores`' table.
    """
    if "status" in scores:
        answered = scores[scores["status"] == SHOWN]
        hidden = int((scores["status"] == TOO_FEW).sum())
    else:
        answered, hidden = scores[scores["n"] > 0], 0
    text = _ranking_top(answered, labels, t)
    if hidden and text is None:
        return t("needs.summary.ranking_none_shown", min=scores.attrs.get("min_cell_size", ""))
    if hidden:
        k = scores.attrs.get("min_cell_size", "")
        text += " " + t("needs.summary.ranking_hidden", count=hidden, min=k)
    return text or t("needs.summary.ranking_empty")


def _ranking_top(answered: pd.DataFrame, labels: Mapping[str, str], t: Translator) -> str | None:
    if answered.empty:
        return None
    top = answered.iloc[0]
    if top["score"] <= 0:
        return t("needs.summary.ranking_all_met")
    first = t(
        "needs.summary.ranking_top",
        need=labels.get(answered.index[0], answered.index[0]),
        score=t.number(float(top["score"]), 1),
        count=int(top["n"]),
    )
    following = [
        labels.get(need, need) for need in answered.index[1:3] if answered.at[need, "score"] > 0
    ]
    if len(following) == 2:
        return (
            first
            + " "
            + t("needs.summary.ranking_next_two", first=following[0], second=following[1])
        )
    if len(following) == 1:
        return first + " " + t("needs.summary.ranking_next_one", first=following[0])
    return first


def breakdown_summary(
    result: Breakdown,
    need_labels: Mapping[str, str],
    category_labels: Mapping[str, str],
    t: Translator,
) -> str:
    """What the heat map shows in words: how many cells are hidden, and the largest shown
    unmet need in the category with the most answers."""
    total = int(result.counts.to_numpy().sum())
    if total == 0:
        return t("needs.summary.breakdown_empty")
    hidden = int(result.suppressed.to_numpy().sum())
    cells = int((result.counts > 0).to_numpy().sum())
    if hidden == cells:
        return t("needs.summary.breakdown_all_hidden", min=result.min_cell_size)
    parts = []
    if hidden:
        parts.append(
            t(
                "needs.summary.breakdown_hidden",
                count=hidden,
                cells=cells,
                min=result.min_cell_size,
            )
        )
    shown = result.scores
    sizes = result.shown_counts().fillna(0).sum(axis=0)
    sizes = sizes[[bool(shown[c].notna().any()) for c in shown.columns]]
    positions = {c: i for i, c in enumerate(sizes.index)}
    category = max(sizes.index, key=lambda c: (sizes[c], -positions[c]))
    column = shown[category].dropna()
    need = column.idxmax()
    parts.append(
        t(
            "needs.summary.breakdown_top",
            category=category_labels.get(category, category),
            need=need_labels.get(need, need),
            score=t.number(float(column[need]), 1),
        )
    )
    return " ".join(parts)


def themes_summary(grouping: ThemeGrouping, t: Translator) -> str:
    """The number of written answers and the words most of them share."""
    if grouping.total == 0:
        return t("needs.summary.themes_empty")
    if not grouping.themes:
        return t("needs.summary.themes_none", count=grouping.total)
    shown = ", ".join(
        t("needs.summary.theme_item", word=theme.words[0], count=theme.count)
        for theme in grouping.themes[:3]
    )
    return t("needs.summary.themes", count=grouping.total, words=shown)
