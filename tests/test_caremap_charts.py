"""The CareMap drawing holds what it promises: one symbol per person, shapes by kind, line
styles by frequency, a legend, and labels that never overlap, even with 15 people on a phone."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.markers import MarkerStyle
from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path

from workshop_kit.activities.caremap.answers import HELP_KINDS
from workshop_kit.activities.caremap.charts import (
    LEGEND_LINES,
    LEGEND_NOTES,
    LEGEND_SIZE,
    LEGEND_SYMBOLS,
    LEGEND_TEXT_ROOM,
    alone_figure,
    figure_bytes,
    legend_entries,
    map_figure,
    measure_text,
    phone_png,
    share_figure,
    support_figure,
)
from workshop_kit.activities.caremap.group import (
    group_summary,
)
from workshop_kit.activities.caremap.model import (
    NewPerson,
    add_cared_for,
    add_person,
    start_map,
    with_shared,
)
from workshop_kit.activities.caremap.sample import sample_people
from workshop_kit.i18n import Translator

EN, FR = Translator("en"), Translator("fr")
#: A phone's screen is 360 px wide; the form leaves the drawing about 340 px.
PHONE_PX = 340


FIFTEEN = sample_people()


def build(people, cared_for="Mum"):
    care_map = start_map(cared_for, "family", ["personal_care"], "daily")
    for label, relationship, receiver, frequency in people:
        care_map = add_person(
            care_map, NewPerson(label, relationship, receiver, ("company",), frequency)
        )
    return care_map


def drawn(figure):
    """The figure drawn once (as the PNG is), with its renderer."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


def by_gid(figure, prefix):
    return [artist for artist in figure.findobj() if (artist.get_gid() or "").startswith(prefix)]


def symbol_drawn(line) -> str:
    """What a marker looks like, read from its path alone: a stick figure (a curved head above
    four straight strokes), a circle, a triangle or a square."""
    path = MarkerStyle(line.get_marker()).get_path()
    vertices = np.asarray(path.vertices)
    codes = (
        list(path.codes)
        if path.codes is not None
        else [Path.MOVETO] + [Path.LINETO] * (len(vertices) - 1)
    )
    pieces = codes.count(Path.MOVETO)
    curved = [v for v, c in zip(vertices, codes, strict=True) if c == Path.CURVE4]
    if pieces > 1:
        straight = [v for v, c in zip(vertices, codes, strict=True) if c == Path.LINETO]
        head_on_top = curved and min(v[1] for v in curved) > min(v[1] for v in straight)
        return "stick figure" if pieces == 5 and head_on_top else f"{pieces} pieces"
    if curved:
        return "circle"
    corners = {
        (round(float(x), 6), round(float(y), 6))
        for (x, y), c in zip(vertices, codes, strict=True)
        if c != Path.CLOSEPOLY
    }
    return {3: "triangle", 4: "square"}.get(len(corners), f"{len(corners)} corners")


def node_artists(figure) -> dict[str, object]:
    return {a.get_gid().removeprefix("caremap-node-"): a for a in by_gid(figure, "caremap-node-")}


ATLAS = [
    ("Ann", "family", "them", "daily"),
    ("Bo", "friend", "them", "weekly"),
    ("Cy", "neighbour", "me", "weekly"),
    ("Dee", "coworker", "me", "occasionally"),
    ("Rex", "pet", "me", "daily"),
    ("Home care", "paid_service", "them", "daily"),
    ("Choir", "faith_group", "me", "monthly"),
    ("Dr Ortiz", "health_professional", "them", "monthly"),
]


def test_each_person_is_drawn_with_the_atlas_symbol_of_who_they_are():
    """The Atlas CareMap (Seeing the Invisible, 2019): people as stick figures, pets as circles,
    services and professionals as squares and triangles. Read from the figure's own markers."""
    care_map = build(ATLAS)
    care_map = add_cared_for(care_map, "Biscuit", "pet", ["company"], "daily")
    nodes = node_artists(map_figure(care_map, EN))
    assert set(nodes) == {"me", "them", "them2", *(p.id for p in care_map.people)}
    drawn_as = {pid: symbol_drawn(line) for pid, line in nodes.items()}
    label = {p.id: p.label for p in care_map.people} | {
        "me": "you",
        "them": "Mum",
        "them2": "Biscuit",
    }
    assert {label[pid]: symbol for pid, symbol in drawn_as.items()} == {
        "you": "stick figure",
        "Mum": "stick figure",
        "Biscuit": "circle",  # a pet cared for is still a pet
        "Ann": "stick figure",
        "Bo": "stick figure",
        "Cy": "stick figure",
        "Dee": "stick figure",  # a coworker is a person
        "Rex": "circle",
        "Home care": "square",
        "Choir": "square",
        "Dr Ortiz": "triangle",
    }


def test_you_and_the_people_cared_for_stand_out():
    care_map = add_cared_for(build(ATLAS[:2]), "Dad", "family", ["company"], "weekly")
    nodes = node_artists(map_figure(care_map, EN))
    assert nodes["me"].get_markersize() > nodes["p1"].get_markersize()
    assert nodes["them"].get_markersize() == nodes["them2"].get_markersize()
    assert nodes["them"].get_markersize() > nodes["p1"].get_markersize()
    assert nodes["me"].get_color() != nodes["them"].get_color() == nodes["them2"].get_color()
    assert nodes["them"].get_color() != nodes["p1"].get_color()


def test_distance_from_the_middle_is_where_people_live():
    """Read from the drawing: each symbol sits on the ring of its home, the rings grow from
    "with you" to "far away", and the caregiver is in the middle."""
    care_map = start_map("Mum", "family", ["personal_care"], "daily", lives="far")
    for label, lives in (("Ann", "with_me"), ("Bo", "nearby"), ("Cy", "far"), ("Di", None)):
        care_map = add_person(
            care_map, NewPerson(label, "friend", "them", ("company",), "weekly", lives)
        )
    figure = map_figure(care_map, EN)
    rings = {e.get_gid().removeprefix("caremap-ring-"): e for e in by_gid(figure, "caremap-ring-")}
    assert list(rings) == ["with_me", "nearby", "far"]
    widths = [rings[where].width for where in ("with_me", "nearby", "far")]
    assert widths == sorted(widths) and len(set(widths)) == 3

    def ring_of(line) -> str:
        x, y = line.get_xdata()[0], line.get_ydata()[0]
        fits = {
            where: abs((x / (e.width / 2)) ** 2 + (y / (e.height / 2)) ** 2 - 1)
            for where, e in rings.items()
        }
        return min(fits, key=fits.get)

    nodes = node_artists(figure)
    assert (nodes["me"].get_xdata()[0], nodes["me"].get_ydata()[0]) == (0.0, 0.0)
    assert {pid: ring_of(line) for pid, line in nodes.items() if pid != "me"} == {
        "them": "far",
        "p1": "with_me",
        "p2": "nearby",
        "p3": "far",
        "p4": "nearby",  # not said: the middle ring
    }


def test_several_people_cared_for_each_with_their_helpers():
    care_map = build([("Sam", "friend", "them", "weekly")])
    care_map = add_cared_for(care_map, "Dad", "family", ["transport"], "weekly", lives="far")
    care_map = add_person(
        care_map,
        NewPerson("Nurse Lee", "health_professional", "them2", ("medical_tasks",), "daily"),
    )
    figure = map_figure(care_map, EN)
    arrows = {a.get_gid() for a in by_gid(figure, "caremap-tie-")}
    assert {"caremap-tie-me-them", "caremap-tie-me-them2", "caremap-tie-p2-them2"} <= arrows
    labels = {t.get_gid(): t.get_text() for t in by_gid(figure, "caremap-label-")}
    assert labels["caremap-label-them2"] == "Dad"


def test_the_legend_explains_symbols_rings_lines_and_credits_the_atlas():
    care_map = build(FIFTEEN[:2])
    figure = map_figure(care_map, EN)
    texts = {
        t.get_gid().removeprefix("caremap-legend-"): t.get_text()
        for t in by_gid(figure, "caremap-legend-")
        if hasattr(t, "get_text")
    }
    assert set(texts) == {*LEGEND_SYMBOLS, *LEGEND_LINES, *LEGEND_NOTES}
    assert "coworkers" in texts["person"]
    assert texts["pet"] == "Pets" and texts["service"] == "Services and groups"
    assert texts["professional"] == "Professionals"
    assert texts["daily"] == "Daily" and texts["less_often"] == "Monthly or less"
    assert texts["rings"] == "Rings from the middle: lives with you · nearby · far away"
    assert "Atlas CareMap" in texts["credit"] and "CC BY-NC 4.0" in texts["credit"]
    samples = {
        line.get_gid().removeprefix("caremap-legend-sample-"): line
        for line in by_gid(figure, "caremap-legend-sample-")
    }
    assert {key: symbol_drawn(samples[key]) for key in LEGEND_SYMBOLS} == {
        "you": "stick figure",
        "cared_for": "stick figure",
        "person": "stick figure",
        "service": "square",
        "professional": "triangle",
        "pet": "circle",
    }
    french = {
        t.get_text()
        for t in by_gid(map_figure(care_map, FR), "caremap-legend-")
        if hasattr(t, "get_text")
    }
    assert "Chaque semaine" in french and "Vous aide" in french
    assert "Professionnels" in french


def test_every_legend_text_fits_its_column_in_every_language():
    for t in (EN, FR):
        for key, text, _style in legend_entries(t):
            column = "symbol" if key in LEGEND_SYMBOLS else "line"
            assert measure_text(text, LEGEND_SIZE)[0] <= LEGEND_TEXT_ROOM[column], (t.language, key)


def test_one_arrow_per_tie_styled_by_frequency_and_coloured_by_receiver():
    care_map = build(FIFTEEN[:8])
    figure = map_figure(care_map, EN)
    arrows = {a.get_gid(): a for a in by_gid(figure, "caremap-tie-")}
    assert set(arrows) == {f"caremap-tie-{x.giver}-{x.receiver}" for x in care_map.ties}
    assert all(isinstance(a, FancyArrowPatch) for a in arrows.values())
    styles = {}
    for x in care_map.ties:
        arrow = arrows[f"caremap-tie-{x.giver}-{x.receiver}"]
        styles.setdefault(x.frequency, set()).add(str(arrow.get_linestyle()))
    assert styles["daily"] == {"solid"}
    assert len(styles["weekly"]) == 1 and styles["weekly"] != styles["daily"]
    assert styles["monthly"] == styles["occasionally"]  # dotted: less often
    assert styles["monthly"] not in (styles["daily"], styles["weekly"])
    # heavier for more frequent help, as the Atlas draws it
    widths = {}
    for x in care_map.ties:
        widths.setdefault(x.frequency, set()).add(
            arrows[f"caremap-tie-{x.giver}-{x.receiver}"].get_linewidth()
        )
    assert min(widths["daily"]) > max(widths["weekly"]) > max(widths["occasionally"])
    to_them = arrows["caremap-tie-p1-them"].get_edgecolor()
    to_you = arrows["caremap-tie-p4-me"].get_edgecolor()
    assert to_them != to_you


def test_labels_are_drawn_as_typed_never_as_maths_or_markup():
    care_map = build([("$x^2$ <b>Bo</b>", "friend", "them", "daily")], cared_for=r"Ma\frac{1}{")
    figure = map_figure(care_map, EN)
    drawn(figure)  # a label read as maths would fail here
    labels = {t.get_gid(): t.get_text() for t in by_gid(figure, "caremap-label-")}
    assert labels["caremap-label-p1"] == "$x^2$ <b>Bo</b>"
    assert labels["caremap-label-them"] == r"Ma\frac{1}{"


def test_long_labels_are_shortened_on_the_drawing_only():
    care_map = build([("Community palliative care team north", "paid_service", "them", "weekly")])
    labels = {t.get_gid(): t.get_text() for t in by_gid(map_figure(care_map, EN), "caremap-label-")}
    assert labels["caremap-label-p1"] == "Community palliat…"
    assert care_map.people[0].label == "Community palliative care team north"


def label_boxes(figure):
    renderer = drawn(figure)
    return {
        text.get_gid(): text.get_window_extent(renderer)
        for text in by_gid(figure, "caremap-label-")
    }


@pytest.mark.parametrize(
    ("people", "both"),
    [
        (FIFTEEN, False),
        # fifteen long labels, all helping the person cared for: the crowded side
        (
            [(f"Neighbourhood helper {i:02d}", "neighbour", "them", "weekly") for i in range(15)],
            False,
        ),
        # eight of them helping both
        (FIFTEEN[::-1], True),
    ],
    ids=["mixed", "long-labels-one-side", "eight-help-both"],
)
def test_fifteen_people_stay_readable_on_a_phone(people, both):
    care_map = build(people)
    if both:
        for label, relationship, _receiver, frequency in people[:8]:
            match = next(p.id for p in care_map.people if p.label == label)
            care_map = add_person(
                care_map,
                NewPerson(label, relationship, "me", ("transport",), frequency),
                same_as=match,
            )
    figure = map_figure(care_map, EN)
    boxes = label_boxes(figure)
    assert len(boxes) == 17  # fifteen, you and the person cared for
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), f"{a} overlaps {b}"
    width, height = figure.bbox.width, figure.bbox.height
    for name, box in boxes.items():
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height, name
    # symbols do not sit on labels either
    for line in by_gid(figure, "caremap-node-"):
        for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
            px, py = line.axes.transData.transform((x, y))
            for name, box in boxes.items():
                assert not box.contains(px, py), f"a symbol sits on {name}"
    # shown 340 px wide on a phone, labels read at 11 px or more, the legend at 9 px or more
    scale = PHONE_PX / (figure.get_figwidth() * 72)
    sizes = {
        t.get_gid(): t.get_fontsize() * scale
        for t in by_gid(figure, "caremap-")
        if hasattr(t, "get_fontsize")
    }
    assert min(v for k, v in sizes.items() if k.startswith("caremap-label-")) >= 11
    assert min(v for k, v in sizes.items() if k.startswith("caremap-legend-")) >= 9


def test_same_map_same_picture():
    care_map = build(FIFTEEN[:7])
    first = figure_bytes(map_figure(care_map, EN))
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert figure_bytes(map_figure(care_map.model_copy(), EN)) == first
    assert figure_bytes(map_figure(care_map, EN), "pdf").startswith(b"%PDF")


@pytest.mark.parametrize("people", [0, 5, 15])
def test_the_phone_s_picture_is_the_drawn_one_pixel_for_pixel(people):
    """The phone pastes a legend drawn once: it must be the very picture of the drawn map."""
    import io

    import numpy as np
    from PIL import Image

    care_map = build(FIFTEEN[:people])

    def pixels(data: bytes) -> np.ndarray:
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA")).astype(int)

    drawn, phone = pixels(figure_bytes(map_figure(care_map, EN))), pixels(phone_png(care_map, EN))
    assert drawn.shape == phone.shape
    assert np.abs(drawn - phone).max() <= 2
    assert not by_gid(map_figure(care_map, EN, legend=False), "caremap-legend-")


def test_a_title_is_drawn_above_the_map_for_downloads():
    figure = map_figure(build(FIFTEEN[:1]), EN, title="CareMap · 2026-03-12")
    assert "CareMap · 2026-03-12" in [t.get_text() for t in figure.texts]


# -- the group charts --------------------------------------------------------------------------


def test_group_charts_show_what_the_summary_shows_and_say_too_few():
    maps = [with_shared(build(FIFTEEN[:3]), True) for _ in range(6)]
    summary = group_summary(maps, 5)
    figure = share_figure(summary, EN)
    axes = figure.axes[0]
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels == [EN(f"caremap.help.{kind}") for kind in HELP_KINDS]
    texts = [t.get_text() for t in axes.texts]
    # only personal care and company are given in five maps or more; the rest: too few
    assert texts.count("too few to show") == len(HELP_KINDS) - 2
    legend = [t.get_text() for t in axes.get_legend().get_texts()]
    assert legend == [
        "Main caregiver",
        "Family, friends, neighbours, coworkers",
        "Services, professionals",
        "Community and faith groups",
        "Pets",
    ]
    alone = alone_figure(summary, EN).axes[0]
    assert "Personal care" in [t.get_text() for t in alone.get_yticklabels()]
    support = support_figure(summary, EN).axes[0]
    assert {t.get_text() for t in support.get_yticklabels()} == {
        "Nobody cares for them",
        "Someone cares for them",
    }
    for chart in (figure, alone_figure(summary, EN), support_figure(summary, FR)):
        assert figure_bytes(chart).startswith(b"\x89PNG")
