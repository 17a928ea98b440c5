"""Needs charts and exports: figures built without pyplot, numbers written on the chart,
suppressed cells that show no number, formula-safe CSV and PNG bytes."""

from __future__ import annotations

import csv
import io
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from workshop_kit.activities.needs.breakdowns import breakdown
from workshop_kit.activities.needs.charts import heatmap_chart, ranking_chart
from workshop_kit.activities.needs.model import need_scores
from workshop_kit.core.exports import FORMULA_STARTS, png_bytes, safe_csv
from workshop_kit.i18n import Translator
from workshop_kit.profile import GROUPS

NEEDS = ["respite", "transport", "grief", "pets"]
LABELS = {
    "respite": "Respite",
    "transport": "Transport $5 rides$",
    "grief": "Grief",
    "pets": "Pets",
}


def sample_answers() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for person in range(14):
        group = "caregiver" if person < 8 else ("bereaved" if person < 12 else "other")
        for need in NEEDS[:3]:
            rows.append(
                {
                    "participant_id": f"p{person}",
                    "need": need,
                    "importance": int(rng.integers(2, 6)),
                    "met": int(rng.integers(1, 6)),
                    "group": group,
                    "area": None,
                    "text": None,
                }
            )
    return pd.DataFrame(rows)


def texts_of(figure: Figure) -> list[str]:
    axes = figure.axes[0]
    return [text.get_text() for text in axes.texts]


def test_ranking_chart_writes_score_and_count_on_each_answered_need():
    plt.close("all")
    scores = need_scores(sample_answers(), NEEDS)
    figure = ranking_chart(scores, LABELS, Translator("en"), title="Unmet needs")
    assert isinstance(figure, Figure)
    assert plt.get_fignums() == []  # never registered with pyplot
    axes = figure.axes[0]
    assert len(axes.patches) == 3  # "pets" has no answers: no bar
    by_height = sorted(
        zip(axes.get_yticks(), (label.get_text() for label in axes.get_yticklabels()), strict=True),
        reverse=True,
    )
    assert [text for _, text in by_height] == [LABELS[n] for n in scores.index[:3]]
    assert all("(n = 14)" in text for text in texts_of(figure))
    assert all(not label.get_parse_math() for label in axes.get_yticklabels())
    assert png_bytes(figure).startswith(b"\x89PNG")  # "$5 rides$" renders as typed


def test_ranking_chart_in_french_and_empty():
    scores = need_scores(sample_answers(), NEEDS)
    french = texts_of(ranking_chart(scores, LABELS, Translator("fr")))
    assert any(re.match(r"-?\d+,\d  \(n = 14\)", text) for text in french)
    empty = ranking_chart(need_scores(sample_answers().iloc[:0], NEEDS), LABELS, Translator("en"))
    assert texts_of(empty) == [Translator("en")("needs.summary.ranking_empty")]


def test_heat_map_shows_too_few_and_no_number_in_suppressed_cells():
    result = breakdown(sample_answers(), "group", 5, NEEDS, GROUPS)
    assert result.suppressed.to_numpy().sum() > 0
    figure = heatmap_chart(
        result, LABELS, {g: g.title() for g in GROUPS}, Translator("en"), order=NEEDS
    )
    texts = texts_of(figure)
    hidden = [text for text in texts if "too few" in text.replace("\n", " ")]
    assert len(hidden) == int(result.suppressed.to_numpy().sum())
    assert not any(re.search(r"\d", text) for text in hidden)
    shown = [text for text in texts if "n = " in text]
    visible = int(((result.counts > 0) & ~result.suppressed).to_numpy().sum())
    assert len(shown) == visible
    counts = {int(text.split("n = ")[1]) for text in shown}
    assert min(counts) >= 5
    assert png_bytes(figure).startswith(b"\x89PNG")


# -- formula-safe CSV -------------------------------------------------------------------------


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel shows accents only with the BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_safe_csv_neutralises_formulas_and_keeps_numbers():
    frame = pd.DataFrame(
        {
            "text": [
                '=HYPERLINK("http://x")',
                "+1",
                "-2+3",
                "@SUM(A1)",
                "\tcmd",
                "\r=1",
                "Répit",
                "a=b",
            ],
            "gap": [-1.5, 2, 0, 1, -3, 4, 1, 0],
            "=evil column": ["x"] * 8,
        }
    )
    rows = read_back(safe_csv(frame))
    assert rows[0] == ["text", "gap", "'=evil column"]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tcmd",
        "'\r=1",
        "Répit",
        "a=b",
    ]
    assert [row[1] for row in rows[1:3]] == ["-1.5", "2.0"]  # numbers stay numbers


def test_safe_csv_writes_a_meaningful_index():
    scores = pd.DataFrame({"score": [3.0]}, index=pd.Index(["=cmd"], name="need"))
    assert read_back(safe_csv(scores)) == [["need", "score"], ["'=cmd", "3.0"]]
    plain = pd.DataFrame({"a": [1]})
    assert read_back(safe_csv(plain)) == [["a"], ["1"]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=20), min_size=1, max_size=10))
def test_no_text_cell_reaches_a_spreadsheet_as_a_formula(texts):
    rows = read_back(safe_csv(pd.DataFrame({"answer": texts})))
    for written, original in zip((row[0] for row in rows[1:]), texts, strict=True):
        assert not written.startswith(FORMULA_STARTS)
        assert written in (original, "'" + original)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_breakdown_export_never_contains_a_suppressed_count(language):
    result = breakdown(sample_answers(), "group", 5, NEEDS, GROUPS)
    rows = read_back(safe_csv(result.table()))
    header = rows[0]
    for row in rows[1:]:
        record = dict(zip(header, row, strict=True))
        if record["status"] == "too_few":
            assert record["n"] == "" and record["score"] == ""
