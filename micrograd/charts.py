"""Charts that draw the same on the book's pages, in JupyterLab, and in JupyterLite.

matplotlib does not run in the browser's Python (Pyodide has no wheel of it
that this book can serve), but JupyterLab, Jupyter Notebook 7 and JupyterLite
draw Vega-Lite (https://vega.github.io/vega-lite/), a chart written as plain
data, themselves. So a
``Chart`` is a Vega-Lite specification: Jupyter draws it live, and, where the
``vl-convert-python`` package is installed (the book's build), it also carries
the same chart as SVG, for the page. ``Plot`` builds one with the vocabulary
of matplotlib's axes: ``line``, ``points``, ``rule``, ``text``, ``arrow``, and
``regions`` for a grid shaded by class.
"""

import html
import itertools
import json
import math

__all__ = ["Chart", "Plot", "side_by_side", "VEGA_LITE"]

VEGA_LITE = "5.14"  # the version JupyterLab 4 and JupyterLite 0.8 draw; the page's SVG is drawn by the same
MIME = "application/vnd.vegalite.v5+json"
EXPORT_ONLY = {"export": True, "source": False, "compiled": False, "editor": False}  # no link to another site
DASH = [5, 4]  # pixels drawn, pixels skipped
X_SHAPE = "M-1,-1L1,1M-1,1L1,-1"  # Vega has no "x" marker: two strokes, as an SVG path
STYLE = {  # text of at least 14 px, so that it stays readable when a chart is shown a little smaller
    "axis": {"labelFontSize": 14, "titleFontSize": 15},
    "legend": {"labelFontSize": 14, "titleFontSize": 14, "labelLimit": 320, "symbolStrokeWidth": 4},  # thick swatches
    "title": {"fontSize": 16},
    "text": {"fontSize": 14},
}


class Chart:
    """A Vega-Lite chart: ``spec`` is its specification; its ``description``, if any, says what it shows."""

    def __init__(self, spec):
        self.spec = {"$schema": f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE}.json", "config": STYLE, **spec}
        self.description = spec.get("description") or spec.get("title") or "A chart"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {MIME: self.spec, "text/plain": f"<Chart: {self.description}>"}
        svg = self.to_svg()
        if svg is not None:
            bundle["image/svg+xml"] = svg
        return bundle, {MIME: {"embed_options": {"actions": EXPORT_ONLY}}}  # read by JupyterLab's Vega renderer

    def to_svg(self):
        """The chart as SVG, with its description as the text alternative; None without vl-convert-python."""
        try:
            import vl_convert
        except ModuleNotFoundError:  # in the browser, or a Jupyter without it: the front end draws the spec
            return None
        svg = vl_convert.vegalite_to_svg(self.spec, vl_version=VEGA_LITE)
        label = f'<svg role="img" aria-label="{html.escape(self.description)}" '
        return svg.replace("<svg ", label, 1)


def side_by_side(charts, description=None):
    """Several ``Plot``s or ``Chart``s in a row, as one chart."""
    return _concatenated("hconcat", charts, description)


def one_above_another(charts, description=None):
    """Several ``Plot``s or ``Chart``s in a column, as one chart: each as wide as it is drawn alone."""
    return _concatenated("vconcat", charts, description)


def _concatenated(direction, charts, description):
    inner = [
        {key: value for key, value in chart.spec.items() if key not in ("$schema", "config", "description")}
        for chart in charts
    ]
    return Chart({direction: inner} | ({"description": description} if description else {}))


class Plot:
    """Layers on one pair of axes, like a matplotlib ``Axes``; shown as a ``Chart``.

    Each ``line``, ``points``, ``rule`` or ``text`` adds a layer. A ``label``
    puts the layer in the legend (unless ``legend=False``; ``legend="below"`` puts it
    under the plot, for a wide plot), in its ``color``. Sizes are in pixels.
    """

    def __init__(
        self,
        title="",
        xlabel="x",
        ylabel="y",
        width=420,
        height=230,
        xlim=None,
        ylim=None,
        log_y=False,
        log_x=False,
        yformat=None,
        ylabels=None,
        xticks=None,
        equal_scales=False,
        legend=True,
        description=None,
    ):
        self.description, self.title, self.xlabel, self.ylabel = description, title, xlabel, ylabel
        self.show_legend = legend
        self.yformat = yformat  # a d3 number format for the y axis, such as ".0%"
        self.ylabels = dict(ylabels or {})  # y value -> its name on the axis, for rows of categories
        self.xticks = list(xticks) if xticks is not None else None  # the x axis's numbers, where the default crowds
        self.width, self.height, self.xlim, self.ylim, self.log_y = width, height, xlim, ylim, log_y
        if log_x and (xlim is None or xlim[0] <= 0):
            raise ValueError("log_x needs xlim, above 0")
        self.log_x = log_x  # a log x axis, from xlim, with ticks at xticks
        if equal_scales:  # one unit as long across as up: the height follows the width
            if not (xlim and ylim):
                raise ValueError("equal_scales needs xlim and ylim")
            self.height = round(width * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0]))
        self.layers, self.legend = [], {}  # legend: label -> colour, in the order added

    def line(self, xs, ys=None, label=None, color="#1f77b4", dash=False, points=False, width=2):
        """A line through (xs[i], ys[i]) in the given order; ``line(ys)`` puts ys over 0, 1, 2, ..."""
        xs, ys = (range(len(xs)), xs) if ys is None else (xs, ys)
        mark = {"type": "line", "strokeWidth": width, "clip": True}
        if points:
            mark["point"] = {"filled": True, "size": 25} | ({} if label else {"color": color})
        if dash:  # True, or [drawn, skipped] in pixels
            mark["strokeDash"] = DASH if dash is True else list(dash)
        order = {"order": {"field": "i", "type": "quantitative"}}  # not sorted by x: a path may turn back
        self._add(mark, _rows(xs, ys), label, color, extra=order)

    def points(self, xs, ys, label=None, color="black", size=30, shape="circle", filled=True, edge=None):
        """A marker at each (xs[i], ys[i]); ``shape`` is a Vega shape ("circle", "square", ...) or "x"."""
        shape = X_SHAPE if shape == "x" else shape
        mark = {"type": "point", "shape": shape, "size": size, "filled": filled, "opacity": 1, "clip": True}
        if shape == X_SHAPE or not filled:  # an outline: what lies under it shows through
            mark.update(filled=False, strokeWidth=2)
        if edge:
            mark.update(stroke=edge, strokeWidth=0.6)
        self._add(mark, _rows(xs, ys), label, color)

    def arrow(self, start, end, color="black"):
        """A line from ``start`` to ``end``, (x, y) pairs, with a head at ``end``."""
        self.line([start[0], end[0]], [start[1], end[1]], color=color)
        across, up = self.pixels(end[0] - start[0], end[1] - start[1])
        mark = {
            "type": "point",
            "shape": "triangle-up",
            "size": 80,
            "filled": True,
            "opacity": 1,
            "angle": math.degrees(math.atan2(across, up)),
        }  # clockwise from straight up
        self._add(mark, _rows([end[0]], [end[1]]), None, color)

    def regions(self, xs, ys, classes, colors):
        """Shade a grid: the point (xs[i], ys[j]) gets the colour of ``classes[j][i]``, one of ``colors``' labels.

        Each point's cell reaches half way to its neighbours; a run of equal cells in a row is one rectangle.
        """
        edges_x, edges_y = _cell_edges(xs), _cell_edges(ys)
        overlap_x, overlap_y = (xs[1] - xs[0]) / 8, (ys[1] - ys[0]) / 8  # no hairline gaps between cells
        cells = {label: [] for label in colors}
        for j, row in enumerate(classes):
            i = 0
            for label, run in itertools.groupby(row):
                n = len(list(run))
                cells[label].append(
                    {
                        "x": edges_x[i],
                        "x2": edges_x[i + n] + overlap_x,
                        "y": edges_y[j],
                        "y2": edges_y[j + 1] + overlap_y,
                    }
                )
                i += n
        for label, color in colors.items():
            extra = {"x2": {"field": "x2"}, "y2": {"field": "y2"}}
            self._add({"type": "rect", "opacity": 1}, cells[label], label, color, extra=extra)

    def pixels(self, dx, dy):
        """A step in data units as (right, up) in pixels; needs the axes' limits."""
        if not (self.xlim and self.ylim):
            raise ValueError("an arrow needs xlim and ylim, to know which way it points on the page")
        return (dx * self.width / (self.xlim[1] - self.xlim[0]), dy * self.height / (self.ylim[1] - self.ylim[0]))

    def rule(self, x=None, y=None, label=None, color="gray", dash=True):
        """A line across the whole plot at ``x = ...`` or ``y = ...``."""
        mark = {"type": "rule", "strokeDash": DASH if dash else [], "strokeWidth": 1.2}
        axis = "x" if x is not None else "y"
        self._add(mark, [{axis: x if x is not None else y}], label, color, axes=(axis,))

    def text(self, x, y, text, color="black", dx=0, dy=0, align="left", halo=False):
        """``text`` at (x, y), moved by (dx, dy) pixels (dy down); a ``halo`` keeps lines behind it from crossing it."""
        mark = {"type": "text", "dx": dx, "dy": dy, "align": align}
        rows, extra = [{"x": x, "y": y, "text": text}], {"text": {"field": "text"}}
        if halo:  # the same text first, outlined thickly in white
            self._add(
                {**mark, "stroke": "white", "strokeWidth": 4, "strokeJoin": "round"}, rows, None, color, extra=extra
            )
        self._add(mark, rows, None, color, extra=extra)

    def _add(self, mark, rows, label, color, axes=("x", "y"), extra=None):
        if label is not None:
            self.legend[label] = color
        self.layers.append((mark, rows, axes, label, color, extra or {}))

    @property
    def spec(self):
        """The Vega-Lite specification of all layers so far."""
        x = {"field": "x", "type": "quantitative", "title": self.xlabel, "scale": _scale(self.xlim)}
        y = {"field": "y", "type": "quantitative", "title": self.ylabel, "scale": _scale(self.ylim)}
        if self.xticks is not None:
            x["axis"] = {"values": self.xticks}
        if self.log_x:
            x["scale"]["type"] = "log"
        if self.log_y:
            ys = [row["y"] for _, rows, axes, *_ in self.layers if "y" in axes for row in rows]
            low, high = self.ylim or (min(ys) / 1.2, max(ys) * 1.2)
            if not self.ylim:  # from a tick below the smallest value to one at or above the largest: both read off
                wide = high > 1e6 * low
                low = _tick_at_or_below(low, powers_of_10_only=wide)
                high = _tick_at_or_above(max(ys), powers_of_10_only=wide)
            y["scale"].update(type="log", domain=[low, high], nice=False)
            ticks = log_ticks(low, high)
            y["axis"] = {
                "values": ticks,
                "format": "~e" if ticks[-1] > 1e6 * ticks[0] else "~g",
            }  # 1e+9, not 1000000000
        if self.yformat:
            y["axis"] = {**y.get("axis", {}), "format": self.yformat}
        if self.ylabels:  # ticks at those values only, each named: Vega-Lite's labelExpr picks the name
            names = " : ".join(f"datum.value == {value!r} ? {json.dumps(name)}" for value, name in self.ylabels.items())
            y["axis"] = {**y.get("axis", {}), "values": list(self.ylabels), "labelExpr": f"{names} : ''", "grid": False}
        legend = {
            "field": "label",
            "type": "nominal",
            "legend": (
                {
                    "title": None,
                    **({"orient": "bottom", "direction": "vertical"} if self.show_legend == "below" else {}),
                }
                if self.show_legend
                else None
            ),
            "scale": {"domain": list(self.legend), "range": list(self.legend.values())},
        }
        dashes = {label: mark.get("strokeDash", []) for mark, _, _, label, *_ in self.layers if label is not None}
        dash_legend = {
            **legend,
            "scale": {"domain": list(self.legend), "range": [dashes[k] or [1, 0] for k in self.legend]},
        }
        layers = []
        for mark, rows, axes, label, color, extra in self.layers:
            encoding = {axis: {"x": x, "y": y}[axis] for axis in axes} | extra
            if label is None or not self.show_legend:  # no legend: each layer its colour, no shared scale
                mark = {**mark, "color": color}
            else:
                rows = [{**row, "label": label} for row in rows]
                encoding["color"] = legend
                if any(dashes.values()):  # the legend draws each line's dash, as the plot does
                    encoding["strokeDash"] = dash_legend
            layers.append({"data": {"values": rows}, "mark": mark, "encoding": encoding})
        spec = {"width": self.width, "height": self.height, "layer": layers}
        if self.title:
            spec["title"] = self.title
        if self.description:
            spec["description"] = self.description
        return spec

    def _repr_mimebundle_(self, include=None, exclude=None):
        return Chart(self.spec)._repr_mimebundle_(include, exclude)


def _cell_edges(values):
    """Where the cells of grid points end: half way between neighbours, and at the first and last point."""
    return [values[0]] + [(a + b) / 2 for a, b in zip(values, values[1:])] + [values[-1]]


def _rows(xs, ys):
    return [{"x": x, "y": y, "i": i} for i, (x, y) in enumerate(zip(xs, ys, strict=True))]


def _scale(limits):
    return {"zero": False} if limits is None else {"zero": False, "domain": list(limits), "nice": False}


LOG_STEPS = (1, 2, 5)  # a log axis's ticks: these times each power of 10


def _tick_at_or_above(value, powers_of_10_only):
    """The smallest 1, 2 or 5 times a power of 10 (or power of 10) that is at least value."""
    power = 10.0 ** math.floor(math.log10(value))
    steps = (1, 10) if powers_of_10_only else (*LOG_STEPS, 10)
    tick = next(m * power for m in steps if m * power >= value * (1 - 1e-12))  # a tick, up to rounding, is itself
    return float(f"{tick:.12g}")


def _tick_at_or_below(value, powers_of_10_only):
    """The largest 1, 2 or 5 times a power of 10 (or power of 10) that is at most value."""
    power = 10.0 ** math.floor(math.log10(value))
    steps = (1,) if powers_of_10_only else LOG_STEPS
    tick = max(m * power for m in steps if m * power <= value * (1 + 1e-12))  # a tick, up to rounding, is itself
    return float(f"{tick:.12g}")


def log_ticks(low, high):
    """1, 2 and 5 times each power of 10 from low to high: a log axis with enough numbers to read.

    Over more than 6 powers of 10, powers of 10 only, every ``step``-th of them, so that about 8 remain.
    """
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    if last - first <= 6:
        ticks = [m * 10.0**k for k in range(first, last + 1) for m in LOG_STEPS]
    else:
        step = math.ceil((last - first) / 8)
        ticks = [10.0**k for k in range(first, last + 1) if k % step == 0]
    return [float(f"{t:.12g}") for t in ticks if low <= t <= high]
