"""The salary chart of a sheet: starting and experienced pay as two bars, as inline SVG.

Two horizontal bars on one scale, from 0 to 110 % of the largest amount, each
followed by its amount as the locale writes it ("4 600 €"); an optional
reference (a national median...) is a dashed vertical line with its label, and
a last line says what the amounts are ("Montants bruts mensuels") and where the
reference comes from ("Source : Apec, … (2024)").

Amounts are compared on one basis. Their currency and their basis (gross or
net) must be the same; month and year convert into one another at 12 months a
year, and every amount is drawn in the period of the starting salary, rounded
to a whole unit when converted (a reference of 54 000 € a year is drawn as
4 500 € a month, its original amount printed beside it). Hourly and daily
rates are never converted (that would assume a working time): they can only be
compared with amounts of the same period. Anything else is refused with a
``ValueError`` that says why (:func:`chart_problem` tells in advance).

As for QR codes (:mod:`metier.graphics.qr`), ReportLab draws the chart
(``Drawing``, ``Rect``, ``Line``, ``String``) and renders it to SVG; its SVG is a
standalone file for viewers (XML declaration, DOCTYPE, fixed ids, colours
rounded to whole percents, text in Helvetica placed by Helvetica's widths), so
the coordinates of its shapes are read back and written into a small ``<svg>``
element that embeds directly in HTML: sized in millimetres (one viewBox unit is
one point), exact colours, text in the layouts' bundled font "Inter" (anchored
by the SVG renderer, so it stays text in the PDF), accessible (``role="img"``,
``aria-label`` and ``<title>`` with the values in words), escaped by
ElementTree, and identical for identical input.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from metier.graphics.qr import HEX_COLOUR, SVG_NAMESPACE
from metier.model.profile import MONTHS, comparison_problem
from metier.text import formats
from metier.text.labels import label
from metier.text.typography import typeset

FONT_FAMILY = "Inter"
"""The layouts' bundled font: WeasyPrint draws the SVG's text with the page's own font."""

PT_PER_MM = 72 / 25.4
HEADROOM = 1.1
"""The scale runs from 0 to the largest amount times this."""

WIDTH_FACTOR = 1.15
"""Inter is up to ~14 % wider than Helvetica, whose metrics estimate text widths for placement."""

LABEL_SIZE = 8.0
SMALL_SIZE = 6.8
BAR_HEIGHT = 13.0
ROW_PITCH = 19.0
TOP = 3.0
GAP = 4.0
TINT = 0.42
"""The starting bar is the colour mixed with white, this much colour."""


@dataclass(frozen=True)
class _Mark:
    """What the clean SVG says about one ReportLab shape, beside the coordinates read back."""

    tag: str
    attributes: dict


def chart_problem(summary) -> str | None:
    """Why the salaries of *summary* (and its reference) cannot share one scale, or ``None``."""
    amounts = [summary.salary_starting, summary.salary_experienced]
    if summary.salary_reference is not None:
        amounts.append(summary.salary_reference.amount)
    return comparison_problem(amounts)


def in_period(money, period: str) -> float:
    """The amount of *money* for *period*: converted between month and year (12 months), rounded to a unit."""
    if money.period == period:
        return float(money.amount)
    if money.period not in MONTHS or period not in MONTHS:
        raise ValueError(f"an amount per {money.period} cannot be converted to an amount per {period}")
    value = Decimal(str(money.amount)) * MONTHS[period] / MONTHS[money.period]
    return float(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def salary_chart_description(summary, language: str = "fr", overrides: dict | None = None) -> str:
    """The chart in words (its ``<title>`` and ``aria-label``): every amount as printed elsewhere, the source."""
    words = label(language, "salary_chart.description", overrides,
                  title=label(language, "salary_chart.title", overrides),
                  starting_label=label(language, "salary_starting", overrides),
                  starting=formats.salary(summary.salary_starting, language),
                  experienced_label=label(language, "salary_experienced", overrides),
                  experienced=formats.salary(summary.salary_experienced, language))
    reference = summary.salary_reference
    if reference is not None:
        words += " " + label(language, "salary_chart.description_reference", overrides, label=reference.label,
                             amount=formats.salary(reference.amount, language), source=reference.source,
                             year=reference.year)
    return typeset(words, language)


def salary_chart(summary, language: str = "fr", *, colour: str = "#0b5fa5", accent: str | None = None,
                 ink: str = "#1d2329", muted: str = "#5b6670", rule: str = "#d5dbe0",
                 width_mm: float = 170, overrides: dict | None = None) -> str:
    """An inline ``<svg>`` element charting the salaries of *summary* (a profile's ``Summary``), *width_mm* wide.

    *colour* fills the experienced bar (a tint of it the starting one); the
    reference line is drawn in *accent* (*ink* by default); *ink*, *muted* and
    *rule* are the text, secondary text and axis colours, all ``#rrggbb``.
    Words come from the label catalogue of *language*, with a campus's
    *overrides*. Raises ``ValueError`` when the amounts cannot be compared
    (see the module's docstring) or an argument is invalid.
    """
    problem = chart_problem(summary)
    if problem:
        raise ValueError(f"no salary chart: {problem}")
    accent = accent or ink
    for name, value in (("colour", colour), ("accent", accent), ("ink", ink), ("muted", muted), ("rule", rule)):
        if not HEX_COLOUR.fullmatch(value):
            raise ValueError(f"the chart's {name} must be a #rrggbb hex string, not {value!r}")
    if width_mm < 100:
        raise ValueError(f"the salary chart needs at least 100 mm, not {width_mm} mm")

    def words(key: str, **values) -> str:
        return typeset(label(language, key, overrides, **values), language)

    def amount(value: float) -> str:
        return formats.money(value, summary.salary_starting.currency, language)

    period = summary.salary_starting.period
    basis = summary.salary_starting.basis
    bars = []
    for key in ("salary_starting", "salary_experienced"):
        money = getattr(summary, key)
        value = in_period(money, period)
        text = amount(value)
        if money.period != period:
            text = words("salary_chart.converted", amount=text, original=formats.salary(money, language))
        bars.append((words(key), value, text))
    reference = summary.salary_reference
    if reference is not None:
        reference_value = in_period(reference.amount, period)
        reference_amount = amount(reference_value)
        if reference.amount.period != period:
            reference_amount = words("salary_chart.converted", amount=reference_amount,
                                     original=formats.salary(reference.amount, language))
        reference_text = words("salary_chart.reference", label=reference.label, amount=reference_amount)

    width = round(width_mm * PT_PER_MM, 2)
    axis_x = max(60.0, max(_width(name, LABEL_SIZE, bold=True) for name, _, _ in bars) + 8)
    track = width - axis_x - 14
    top = max(value for _, value, _ in bars)
    if reference is not None:
        top = max(top, reference_value)
    scale = track / (top * HEADROOM) if top else 0.0
    bars_bottom = TOP + ROW_PITCH + BAR_HEIGHT
    baseline = bars_bottom + 12
    marks = []  # (ReportLab shape in top-down coordinates, what the clean SVG writes)

    def text(x, y, content, size, fill, weight=400, anchor="start"):
        attributes = {"font-family": FONT_FAMILY, "font-size": _num(size), "fill": fill}
        if weight != 400:
            attributes["font-weight"] = str(weight)
        if anchor != "start":
            attributes["text-anchor"] = anchor
        estimate = _width(content, size, bold=weight >= 600)
        room = x if anchor == "end" else width - x
        if estimate > room:  # too long for the chart: squeeze it rather than cut it off
            attributes.update(textLength=_num(room), lengthAdjust="spacingAndGlyphs")
        marks.append((String(x, y, content, fontSize=size), _Mark("text", attributes)))

    marks.append((Line(axis_x, 0, axis_x, bars_bottom + 2, strokeWidth=0.6), _Mark("line", {"stroke": rule, "stroke-width": "0.6"})))
    fills = (_mix(colour, TINT), colour.lower())
    for row, ((name, value, shown), fill) in enumerate(zip(bars, fills)):
        y = TOP + row * ROW_PITCH
        length = value * scale
        marks.append((Rect(axis_x, y, length, BAR_HEIGHT), _Mark("rect", {"fill": fill})))
        middle = y + BAR_HEIGHT / 2 + LABEL_SIZE * 0.36
        text(0, middle, name, LABEL_SIZE, ink, weight=600)
        if axis_x + length + GAP + _width(shown, LABEL_SIZE, bold=True) <= width:
            text(axis_x + length + GAP, middle, shown, LABEL_SIZE, ink, weight=600)
        else:  # no room after the bar: inside its end
            inside = "#ffffff" if row else ink
            text(axis_x + length - GAP, middle, shown, LABEL_SIZE, inside, weight=600, anchor="end")
    if reference is not None:
        x = axis_x + reference_value * scale
        # A white halo under the dashes keeps them visible across a dark bar.
        marks.append((Line(x, TOP, x, bars_bottom, strokeWidth=2.6), _Mark("line", {"stroke": "#ffffff", "stroke-width": "2.6"})))
        marks.append((Line(x, 0, x, bars_bottom + 5, strokeWidth=1, strokeDashArray=[2.5, 1.8]),
                      _Mark("line", {"stroke": accent.lower(), "stroke-width": "1", "stroke-dasharray": "2.5 1.8"})))
        if x + 4 + _width(reference_text, SMALL_SIZE + 0.4) <= width:
            text(x + 4, baseline - 2, reference_text, SMALL_SIZE + 0.4, ink)
        else:
            text(x - 4, baseline - 2, reference_text, SMALL_SIZE + 0.4, ink, anchor="end")
        baseline += 11
    unit = words("salary_chart.unit", basis=label(language, f"salary_chart.{basis}", overrides),
                 period=label(language, f"salary_chart.{period}", overrides))
    if reference is not None:
        unit += " · " + words("salary_chart.source", source=reference.source, year=reference.year)
    text(0, baseline, unit, SMALL_SIZE, muted)
    height = round(baseline + 3, 2)

    drawing = Drawing(width, height)
    for shape, _ in marks:
        _flip(shape, height)
        drawing.add(shape)
    description = salary_chart_description(summary, language, overrides)
    svg = ET.Element("svg", {
        "xmlns": SVG_NAMESPACE,
        "class": "salary-chart-svg",
        "width": f"{width_mm:g}mm",
        "height": f"{height / PT_PER_MM:.2f}mm",
        "viewBox": f"0 0 {_num(width)} {_num(height)}",
        "role": "img",
        "aria-label": description,
    })
    ET.SubElement(svg, "title").text = description
    drawn = _reportlab_shapes(renderSVG.drawToString(drawing), height)
    if len(drawn) != len(marks):
        raise RuntimeError(f"ReportLab drew {len(drawn)} shapes for {len(marks)} marks")
    for (tag, geometry, content), (_, mark) in zip(drawn, marks):
        if tag != mark.tag:
            raise RuntimeError(f"ReportLab drew a {tag} where a {mark.tag} was expected")
        element = ET.SubElement(svg, tag, {**{k: _num(v) for k, v in geometry.items()}, **mark.attributes})
        if content is not None:
            element.text = content
    return ET.tostring(svg, encoding="unicode")


def _flip(shape, height: float) -> None:
    """Turn a shape drawn in top-down coordinates into ReportLab's, whose y axis points up."""
    if isinstance(shape, Rect):
        shape.y = height - shape.y - shape.height
        shape.fillColor, shape.strokeColor = HexColor("#000000"), None
    elif isinstance(shape, Line):
        shape.y1, shape.y2 = height - shape.y1, height - shape.y2
        shape.strokeColor = HexColor("#000000")
    else:
        shape.y = height - shape.y
        shape.fontName, shape.textAnchor = "Helvetica", "start"  # anchored by the SVG renderer, in Inter


def _reportlab_shapes(svg: str, height: float) -> list[tuple[str, dict, str | None]]:
    """ReportLab's shapes as (tag, top-down geometry, text), in drawing order; its clip path left out."""
    root = ET.fromstring(svg)
    shapes = []
    for group in root.findall(f"{{{SVG_NAMESPACE}}}g"):
        for element in group.iter():
            tag = element.tag.removeprefix(f"{{{SVG_NAMESPACE}}}")
            if tag == "rect":
                x, y, w, h = (float(element.get(name)) for name in ("x", "y", "width", "height"))
                shapes.append(("rect", {"x": x, "y": height - y - h, "width": w, "height": h}, None))
            elif tag == "path":  # a Line: "M x1,y1 L x2,y2 Z"
                numbers = element.get("d").replace("M", " ").replace("L", " ").replace("Z", " ").replace(",", " ")
                x1, y1, x2, y2 = (float(n) for n in numbers.split())
                shapes.append(("line", {"x1": x1, "y1": height - y1, "x2": x2, "y2": height - y2}, None))
            elif tag == "text":
                shapes.append(("text", {"x": float(element.get("x")), "y": height - float(element.get("y"))},
                               element.text or ""))
    return shapes


def _width(text: str, size: float, bold: bool = False) -> float:
    """An upper estimate of the width of *text* in Inter at *size* points."""
    return stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size) * WIDTH_FACTOR


def _mix(colour: str, amount: float) -> str:
    """*colour* mixed with white, *amount* of the colour (0 to 1), as ``#rrggbb``."""
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02x}" for c in channels)


def _num(value: float) -> str:
    """A coordinate written short and stable: at most two decimals, no trailing zeros."""
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
