"""micrograd.charts: the figures every Jupyter draws, and the book's pages show as SVG."""

import builtins
import math
import re

import pytest

from micrograd.charts import MIME, VEGA_LITE, Chart, Plot, log_ticks, one_above_another, side_by_side


def layers(plot):
    return plot.spec["layer"]


def test_a_chart_is_vega_lite_for_jupyter_and_svg_with_its_description_for_the_page():
    plot = Plot(title="Loss", xlabel="step", ylabel="loss", description='falls from 3 to 1, "fast"')
    plot.line([3.0, 2.0, 1.0])
    bundle, metadata = plot._repr_mimebundle_()
    assert set(bundle) == {MIME, "text/plain", "image/svg+xml"}
    assert metadata[MIME]["embed_options"]["actions"]["editor"] is False  # no menu item that opens another site
    spec = bundle[MIME]
    assert spec["$schema"].endswith(f"v{VEGA_LITE}.json") and spec["title"] == "Loss"
    assert [row["y"] for row in spec["layer"][0]["data"]["values"]] == [3.0, 2.0, 1.0]
    svg = bundle["image/svg+xml"]
    assert svg.startswith('<svg role="img" aria-label="falls from 3 to 1, &quot;fast&quot;" ')
    assert bundle["text/plain"] == '<Chart: falls from 3 to 1, "fast">'
    assert min(float(size) for size in re.findall(r'font-size="([\d.]+)px"', svg)) >= 14  # STYLE: readable text


def test_without_vl_convert_jupyter_gets_the_spec_alone(monkeypatch):
    real_import = builtins.__import__

    def no_vl_convert(name, *args, **kwargs):  # as in the browser, where vl-convert has no wheel
        if name == "vl_convert":
            raise ModuleNotFoundError(name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_vl_convert)
    chart = Chart({"mark": "point", "data": {"values": [{"a": 1}]}})
    assert set(chart._repr_mimebundle_()[0]) == {MIME, "text/plain"} and chart.to_svg() is None
    assert chart.description == "A chart"


def test_a_line_keeps_its_order_and_puts_a_bare_list_over_its_indices():
    plot = Plot()
    plot.line([1, -1, 1], [1, 1, 1])  # a path that turns back: drawn in order, not sorted by x
    plot.line([5.0, 4.0])
    first, second = layers(plot)
    assert first["encoding"]["order"] == {"field": "i", "type": "quantitative"}
    assert [(row["x"], row["i"]) for row in first["data"]["values"]] == [(1, 0), (-1, 1), (1, 2)]
    assert [(row["x"], row["y"]) for row in second["data"]["values"]] == [(0, 5.0), (1, 4.0)]
    with pytest.raises(ValueError):
        plot.line([1, 2], [1, 2, 3])  # unequal lengths: an error, not a shorter line


def test_labels_make_one_legend_in_the_order_added_and_unlabelled_layers_keep_their_colour():
    plot = Plot()
    plot.line([1, 2], label="a", color="#111111")
    plot.points([0], [0], color="#222222")
    plot.rule(y=1.5, label="b", color="#333333")
    assert plot.legend == {"a": "#111111", "b": "#333333"}
    a, point, rule = layers(plot)
    assert a["encoding"]["color"]["scale"] == {"domain": ["a", "b"], "range": ["#111111", "#333333"]}
    assert rule["encoding"]["color"] == a["encoding"]["color"] and "x" not in rule["encoding"]
    assert point["mark"]["color"] == "#222222" and "color" not in point["encoding"]
    assert a["encoding"]["color"]["legend"] == {"title": None}
    plot.show_legend = False  # the same colours, no legend: each layer carries its own (small specs for many layers)
    a, point, rule = layers(plot)
    assert (a["mark"]["color"], rule["mark"]["color"]) == ("#111111", "#333333")
    assert "color" not in a["encoding"] and "label" not in a["data"]["values"][0]


def test_a_legend_below_a_wide_plot_lists_its_labels_under_it_and_only_there():
    plot = Plot(width=640, legend="below")
    plot.line([1, 2], label="a")
    below_legend = {"title": None, "orient": "bottom", "direction": "vertical"}
    assert layers(plot)[0]["encoding"]["color"]["legend"] == below_legend
    beside = Plot(width=640)
    beside.line([1, 2], label="a")
    assert layers(beside)[0]["encoding"]["color"]["legend"] == {"title": None}  # the default stays at the right
    if (below := Chart(plot.spec).to_svg()) is not None:  # drawn where vl-convert is installed
        width, height = (float(re.search(rf'{side}="([\d.]+)"', below)[1]) for side in ("width", "height"))
        wide = Chart(beside.spec).to_svg()
        assert width < float(re.search(r'width="([\d.]+)"', wide)[1])  # no column of legend at the side
        assert height > float(re.search(r'height="([\d.]+)"', wide)[1])  # a row of it underneath


def test_the_legend_draws_each_line_with_its_dash_as_the_plot_does():
    plot = Plot()
    plot.line([1, 2], label="solid")
    plot.line([2, 1], label="dashed", dash=[6, 4])
    solid, dashed = layers(plot)
    assert solid["encoding"]["strokeDash"] == dashed["encoding"]["strokeDash"]  # one scale, so one legend
    assert solid["encoding"]["strokeDash"]["scale"] == {"domain": ["solid", "dashed"], "range": [[1, 0], [6, 4]]}
    assert solid["encoding"]["strokeDash"]["legend"] == solid["encoding"]["color"]["legend"]  # merged with the colours
    plain = Plot()
    plain.line([1, 2], label="solid")
    assert "strokeDash" not in layers(plain)[0]["encoding"]  # no dash anywhere: no dash scale


def test_a_halo_is_the_same_text_outlined_in_white_underneath():
    plot = Plot()
    plot.text(1, 2, "start", dx=-8, align="right", halo=True)
    halo, text = layers(plot)
    assert halo["data"] == text["data"] and halo["mark"] == {
        **text["mark"],
        "stroke": "white",
        "strokeWidth": 4,
        "strokeJoin": "round",
    }
    assert text["mark"]["dx"] == -8 and "stroke" not in text["mark"]


def test_log_axis_ticks_at_1_2_5_and_within_the_data():
    assert log_ticks(0.009, 4.5) == [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0]
    assert log_ticks(1.0, 1.0) == [1.0]
    assert log_ticks(0.1, 3e64) == [10.0**k for k in range(0, 64, 9)]  # 66 powers of 10: every 9th
    plot = Plot(log_y=True)
    plot.line([4.0, 0.1])
    y = layers(plot)[0]["encoding"]["y"]
    assert y["scale"]["type"] == "log" and y["axis"]["values"] == [0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0]
    assert y["scale"]["domain"] == [0.05, 5.0]  # from a tick below the smallest value to the tick above the largest
    plot = Plot(log_y=True)
    plot.line([0.261, 3.0])
    assert layers(plot)[0]["encoding"]["y"]["axis"]["values"][0] == 0.2  # 0.261 can be read off: a tick below it
    assert y["axis"]["format"] == "~g"
    plot.line([0.1, 3e64])
    y = layers(plot)[0]["encoding"]["y"]
    assert y["axis"]["format"] == "~e" and len(y["axis"]["values"]) == 8  # 1e+9, not 1000000000
    assert y["scale"]["domain"] == [0.01, 1e65]  # a wide range starts and ends at a power of 10


def test_a_log_x_axis_keeps_its_limits_and_ticks():
    plot = Plot(log_x=True, xlim=(10, 300), xticks=[16, 64, 256])
    plot.line([16, 64, 256], [1, 2, 3])
    x = layers(plot)[0]["encoding"]["x"]
    assert x["scale"] == {"type": "log", "domain": [10, 300], "zero": False, "nice": False}
    assert x["axis"] == {"values": [16, 64, 256]}
    plain = Plot(xlim=(10, 300))
    plain.line([16], [1])
    assert "type" not in layers(plain)[0]["encoding"]["x"]["scale"]  # linear, unless asked
    for limits in (None, (0, 300)):
        with pytest.raises(ValueError, match="log_x needs xlim, above 0"):
            Plot(log_x=True, xlim=limits)


def test_equal_scales_make_a_unit_as_long_across_as_up():
    plot = Plot(xlim=(0, 2), ylim=(0, 1), width=400, equal_scales=True)
    assert plot.height == 200 and plot.pixels(1, 0)[0] == plot.pixels(0, 1)[1] == 200
    with pytest.raises(ValueError, match="equal_scales needs xlim and ylim"):
        Plot(equal_scales=True)
    with pytest.raises(ValueError, match="an arrow needs xlim and ylim"):
        Plot().arrow((0, 0), (1, 1))


@pytest.mark.parametrize("end, angle", [((0, 1), 0), ((1, 0), 90), ((0, -1), 180), ((-1, 0), -90), ((1, 1), 45)])
def test_an_arrow_head_points_along_the_arrow_on_the_page(end, angle):
    plot = Plot(xlim=(-1, 1), ylim=(-1, 1), width=200, height=200)
    plot.arrow((0, 0), end)
    shaft, head = layers(plot)
    assert [(row["x"], row["y"]) for row in shaft["data"]["values"]] == [(0, 0), end]
    assert math.isclose(head["mark"]["angle"], angle, abs_tol=1e-9)


def test_regions_cover_the_grid_with_one_rectangle_per_run():
    xs, ys = [0, 1, 2, 3], [0, 1]
    classes = [["-", "-", "+", "+"], ["+", "-", "-", "-"]]
    plot = Plot()
    plot.regions(xs, ys, classes, {"-": "blue", "+": "red"})
    cells = {layer["data"]["values"][0]["label"]: layer["data"]["values"] for layer in layers(plot)}
    spans = {label: [(c["x"], c["x2"], c["y"], c["y2"]) for c in rows] for label, rows in cells.items()}
    # cells reach half way to their neighbours (plus an overlap of an eighth of a cell, against hairline gaps)
    assert spans["-"] == [(0, 1.5 + 1 / 8, 0, 0.5 + 1 / 8), (0.5, 3 + 1 / 8, 0.5, 1 + 1 / 8)]
    assert spans["+"] == [(1.5, 3 + 1 / 8, 0, 0.5 + 1 / 8), (0, 0.5 + 1 / 8, 0.5, 1 + 1 / 8)]


def test_side_by_side_is_one_chart_of_the_panels():
    left, right = Plot(title="left"), Plot(title="right")
    left.line([1, 2])
    right.points([1], [2], shape="x")
    chart = side_by_side([left, right], description="two panels")
    assert [panel["title"] for panel in chart.spec["hconcat"]] == ["left", "right"]
    assert all("$schema" not in panel and "config" not in panel for panel in chart.spec["hconcat"])
    assert chart.description == "two panels" and "<svg" in chart.to_svg()


def test_one_above_another_is_one_chart_of_the_panels_in_a_column():
    top, bottom = Plot(title="top", width=300, height=100), Plot(title="bottom", width=300, height=100)
    top.line([1, 2])
    bottom.line([2, 1])
    chart = one_above_another([top, bottom])
    assert [panel["title"] for panel in chart.spec["vconcat"]] == ["top", "bottom"] and "hconcat" not in chart.spec
    assert all("$schema" not in panel and "config" not in panel for panel in chart.spec["vconcat"])
    svg = chart.to_svg()
    width, height = (float(re.search(rf'<svg[^>]* {key}="([0-9.]+)"', svg).group(1)) for key in ("width", "height"))
    assert height > 2 * 100 and width < 2 * 300  # a column: the panels' heights add up, their widths do not


def test_named_rows_put_a_tick_at_each_value_labelled_with_its_name():
    plot = Plot(ylabels={0: "first", 1: 'a "quoted" row'})
    plot.points([0.5, 0.7], [0, 1])
    axis = plot.spec["layer"][0]["encoding"]["y"]["axis"]
    assert axis["values"] == [0, 1] and axis["grid"] is False  # no line through the rows' dots
    assert axis["labelExpr"] == 'datum.value == 0 ? "first" : datum.value == 1 ? "a \\"quoted\\" row" : \'\''
    svg = plot._repr_mimebundle_()[0]["image/svg+xml"]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts[-3:] == ["first", 'a "quoted" row', "y"]  # the y axis: the names, no numbers, then its title


def test_chosen_x_ticks_are_the_only_numbers_on_the_x_axis():
    plot = Plot(xlabel="x0", ylabel="score", width=300, xticks=[-1, 0, 1, 2])
    plot.line([-1.5, 2.5], [0.0, 1.0])
    assert plot.spec["layer"][0]["encoding"]["x"]["axis"] == {"values": [-1, 0, 1, 2]}
    svg = plot._repr_mimebundle_()[0]["image/svg+xml"]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts[: texts.index("x0")] == ["−1", "0", "1", "2"]  # the x axis: those numbers, then its title
