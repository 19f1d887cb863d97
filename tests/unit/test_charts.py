"""SVG charts and data tables: well-formed, accessible, escaped, honest at the edges."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from portal.charts import (
    BAR_HEIGHT,
    LINE_HEIGHT,
    LINE_LEFT,
    LINE_TOP,
    MAX_X_LABELS,
    PAD,
    VALUE_ROOM,
    WIDTH,
    bar_chart,
    data_table,
    funnel_chart,
    line_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
PALETTE = {"#12355b", "#0f7b6c", "#b08d2f", "#1b1f24", "#d5dbe1", "none"}
BAR_SPAN = WIDTH - 2 * PAD - VALUE_ROOM
PLOT_BOTTOM = LINE_HEIGHT - 48
EVIL = "<script>alert(1)</script>"

CHARTS = {
    "bar": lambda title, labels, values: bar_chart(title, labels, values, unit="%"),
    "line": lambda title, labels, values: line_chart(title, labels, values),
    "funnel": lambda title, labels, values: funnel_chart(title, labels, values),
}
SAMPLES = [
    ([], []),
    (["Only"], [3]),
    (["Enrolled", "Started", "Passed"], [120, 80, 30]),
    ([f"Week {n}" for n in range(1, 31)], [n % 7 for n in range(30)]),
]


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def visible(text: ET.Element) -> str:
    """A text element's own text, without the tooltip nested inside it."""
    return (text.text or "") + "".join(child.tail or "" for child in text)


def texts(root: ET.Element) -> list[str]:
    return [visible(el) for el in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}rect") if el.get("class") == "bar"]


def points(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}circle"))


# -- every chart ---------------------------------------------------------------


@pytest.mark.parametrize(("labels", "values"), SAMPLES)
@pytest.mark.parametrize("kind", CHARTS)
def test_every_chart_is_an_accessible_self_contained_image(kind, labels, values):
    markup = CHARTS[kind]("Progress & results", labels, values)
    assert isinstance(markup, Markup)
    root = parse(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith(f"0 0 {WIDTH} ")
    assert root.get("width") is None  # the viewBox lets it shrink on a phone
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    title = by_id[root.get("aria-labelledby")]
    desc = by_id[root.get("aria-describedby")]
    assert (title.tag, title.text) == (f"{SVG}title", "Progress & results")
    assert desc.tag == f"{SVG}desc" and desc.text
    assert [child.tag for child in root][:2] == [f"{SVG}title", f"{SVG}desc"]
    for el in root.iter():
        assert el.tag != f"{SVG}script"
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on")
            assert "href" not in name and "style" not in name
            if name in ("fill", "stroke"):
                assert value in PALETTE
    assert int(root.get("font-size")) >= 16


@pytest.mark.parametrize("kind", CHARTS)
def test_every_chart_escapes_what_it_is_given(kind):
    root = parse(CHARTS[kind](EVIL, [EVIL, "a & b"], [1, 2]))
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    assert root.find(f"{SVG}title").text == EVIL
    assert EVIL in root.find(f"{SVG}desc").text
    tooltips = [el.text for el in root.iter(f"{SVG}title")]
    assert any(EVIL in (tip or "") for tip in tooltips[1:])
    assert "a & b" in root.find(f"{SVG}desc").text


@pytest.mark.parametrize("kind", CHARTS)
def test_every_chart_says_so_when_there_is_no_data(kind):
    root = parse(CHARTS[kind]("Nothing", [], []))
    assert texts(root) == ["No data yet"]
    assert root.find(f"{SVG}desc").text == "No data yet"
    assert bars(root) == [] and points(root) == []


@pytest.mark.parametrize("kind", CHARTS)
def test_identical_charts_on_one_page_get_distinct_ids(kind):
    first = parse(CHARTS[kind]("Same", ["a"], [1]))
    second = parse(CHARTS[kind]("Same", ["a"], [1]))
    assert first.get("id") != second.get("id")
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


@pytest.mark.parametrize("kind", CHARTS)
@pytest.mark.parametrize(
    ("labels", "values"),
    [(["a"], []), (["a", "b"], [1]), (["a"], [float("nan")]), (["a"], [float("inf")])],
)
def test_every_chart_rejects_unpaired_or_non_finite_data(kind, labels, values):
    with pytest.raises(ValueError):
        CHARTS[kind]("Bad", labels, values)


# -- bar_chart -----------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 10])
def test_bar_chart_draws_one_bar_per_value(count):
    root = parse(bar_chart("Bars", [str(n) for n in range(count)], range(count)))
    assert len(bars(root)) == count


@pytest.mark.parametrize(
    ("values", "max_value", "widths"),
    [
        ([0, 5, 10], None, [0, BAR_SPAN / 2, BAR_SPAN]),  # the largest fills the row
        ([0, 0], None, [0, 0]),  # all zero: nothing to scale by
        ([25, 100], 100, [BAR_SPAN / 4, BAR_SPAN]),
        ([50], 100, [BAR_SPAN / 2]),  # a fixed scale, e.g. percent
        ([120, -5], 100, [BAR_SPAN, 0]),  # out of range is clamped, not overdrawn
        ([3], 0, [0]),
    ],
)
def test_bar_widths_at_zero_and_max(values, max_value, widths):
    labels = [f"L{n}" for n in range(len(values))]
    root = parse(bar_chart("Bars", labels, values, max_value=max_value))
    assert [float(bar.get("width")) for bar in bars(root)] == pytest.approx(
        widths, abs=0.05
    )
    assert all(float(bar.get("height")) == BAR_HEIGHT for bar in bars(root))


def test_bar_chart_labels_values_with_their_unit():
    root = parse(bar_chart("Facility", ["Q1", "Q2"], [62.5, 100], unit="%"))
    assert texts(root) == ["Q1", "62.5%", "Q2", "100%"]
    assert root.find(f"{SVG}desc").text == "Bar chart, 2 bars. Q1: 62.5%; Q2: 100%."


def test_bar_chart_shortens_long_labels_but_keeps_them_whole_in_the_tooltip():
    label = "A module title that is much too long to fit on one line of a phone"
    root = parse(bar_chart("Bars", [label], [1]))
    shown = root.find(f"{SVG}text")
    assert visible(shown).endswith("…") and len(visible(shown)) <= 40
    assert shown.find(f"{SVG}title").text == label
    assert label in root.find(f"{SVG}desc").text


# -- line_chart ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "polyline_points"),
    [(1, None), (2, 2), (12, 12), (52, 52)],
)
def test_line_chart_draws_one_point_per_value(count, polyline_points):
    root = parse(line_chart("Line", [f"W{n}" for n in range(count)], [1] * count))
    assert len(points(root)) == count
    line = root.find(f"{SVG}polyline")
    if polyline_points is None:
        assert line is None
    else:
        assert len(line.get("points").split()) == polyline_points


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ([3, 7, 4], ["0", "5", "10"]),
        ([0, 0], ["0", "0.5", "1"]),  # flat at zero still has an axis
        ([0.3, 0.1], ["0", "0.25", "0.5"]),
        ([10], ["0", "5", "10"]),
        ([120, 80], ["0", "100", "200"]),
        ([-4, 2], ["-4", "-1", "2"]),
    ],
)
def test_line_chart_gridlines_fall_on_round_numbers(values, ticks):
    root = parse(line_chart("Line", [str(v) for v in values], values))
    assert texts(root)[:3] == ticks


@pytest.mark.parametrize(
    ("values", "heights"),
    [
        # Value 0 sits on the bottom gridline, the maximum (10, a round top) on the top.
        ([0, 10], [PLOT_BOTTOM, LINE_TOP]),
        ([0, 5, 10], [PLOT_BOTTOM, (PLOT_BOTTOM + LINE_TOP) / 2, LINE_TOP]),
        ([0, 0, 0], [PLOT_BOTTOM] * 3),
    ],
)
def test_line_chart_points_at_zero_and_max(values, heights):
    root = parse(line_chart("Line", [str(n) for n in range(len(values))], values))
    assert [float(p.get("cy")) for p in points(root)] == pytest.approx(heights)
    xs = [float(p.get("cx")) for p in points(root)]
    assert xs[0] == LINE_LEFT and xs == sorted(xs)


@pytest.mark.parametrize("count", [1, 3, MAX_X_LABELS, MAX_X_LABELS + 1, 30, 365])
def test_line_chart_labels_the_ends_without_crowding(count):
    labels = [f"D{n}" for n in range(count)]
    shown = texts(parse(line_chart("Line", labels, [1] * count)))[3:]
    assert len(shown) == min(count, MAX_X_LABELS)
    assert shown[0] == "D0" and shown[-1] == f"D{count - 1}"


def test_line_chart_describes_the_series_in_words():
    root = parse(
        line_chart("Pass rate", ["Jan", "Feb", "Mar"], [40, 90, 62.5], unit="%")
    )
    assert root.find(f"{SVG}desc").text == (
        "Line chart, 3 points from Jan to Mar. "
        "Lowest 40% (Jan), highest 90% (Feb), latest 62.5%."
    )
    tips = [p.find(f"{SVG}title").text for p in points(root)]
    assert tips == ["Jan: 40%", "Feb: 90%", "Mar: 62.5%"]


# -- funnel_chart --------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "counts", "widths"),
    [
        (
            [120, 60, 30],
            ["120 (100%)", "60 (50%)", "30 (25%)"],
            [WIDTH - 2 * PAD, (WIDTH - 2 * PAD) / 2, (WIDTH - 2 * PAD) / 4],
        ),
        ([3, 2, 0], ["3 (100%)", "2 (66.7%)", "0 (0%)"], [464, 464 * 2 / 3, 0]),
        ([0, 0], ["0", "0"], [0, 0]),  # no first step: no percentages to give
        ([10, 20], ["10 (100%)", "20 (200%)"], [232, 464]),  # widest, not first
    ],
)
def test_funnel_shows_counts_and_percent_of_the_first_step(values, counts, widths):
    labels = [f"Step {n}" for n in range(len(values))]
    root = parse(funnel_chart("Funnel", labels, values))
    assert texts(root)[1::2] == counts
    drawn = bars(root)
    assert [float(bar.get("width")) for bar in drawn] == pytest.approx(widths, abs=0.05)
    # Centred, so the steps narrow like a funnel.
    for bar in drawn:
        middle = float(bar.get("x")) + float(bar.get("width")) / 2
        assert middle == pytest.approx(WIDTH / 2, abs=0.1)


def test_funnel_describes_every_step():
    root = parse(funnel_chart("Funnel", ["Enrolled", "Passed"], [8, 2]))
    assert root.find(f"{SVG}desc").text == (
        "Funnel chart, 2 steps, percentages of the first step. "
        "Enrolled: 8 (100%); Passed: 2 (25%)."
    )


# -- data_table ----------------------------------------------------------------


def test_data_table_is_a_captioned_table_with_column_and_row_headers():
    markup = data_table("Facility per question", ["Question", "Facility"], [["Q1", 60]])
    assert isinstance(markup, Markup)
    table = parse(markup).find("table")
    assert table.get("class") == "table"
    assert table.find("caption").text == "Facility per question"
    headers = table.findall("thead/tr/th")
    assert [(th.get("scope"), th.text) for th in headers] == [
        ("col", "Question"),
        ("col", "Facility"),
    ]
    [row] = table.findall("tbody/tr")
    assert [(cell.tag, cell.get("scope"), cell.text) for cell in row] == [
        ("th", "row", "Q1"),
        ("td", None, "60"),
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (EVIL, EVIL),
        ("a & b", "a & b"),
        (None, None),
        (0, "0"),
        (64.549, "64.5"),
        (2.0, "2"),
        (Markup("<b>bold</b>"), None),  # already safe markup is trusted
    ],
)
def test_data_table_cells(value, shown):
    root = parse(data_table("Caption", ["Name", "Value"], [["row", value]]))
    cell = root.find("table/tbody/tr/td")
    assert cell.text == shown
    assert root.find(".//script") is None


def test_data_table_escapes_caption_and_headers():
    root = parse(data_table(EVIL, [EVIL], [[EVIL]]))
    assert root.find("table/caption").text == EVIL
    assert root.find("table/thead/tr/th").text == EVIL
    assert root.find(".//script") is None


@pytest.mark.parametrize(("headers", "colspan"), [(["A", "B", "C"], "3"), ([], "1")])
def test_data_table_without_rows_says_so(headers, colspan):
    cell = parse(data_table("Empty", headers, [])).find("table/tbody/tr/td")
    assert (cell.text, cell.get("colspan")) == ("No data yet", colspan)
