"""QR codes as inline SVG for the sheets, and the binary band printed beside them.

ReportLab draws the code (``QrCodeWidget``, error correction level M, a quiet
zone of 4 modules) and renders it to SVG. Its SVG is a standalone file made
for viewers, not for a page: XML declaration and DOCTYPE, fixed ids ("clip",
"group") that would clash when two codes share a document, colours rounded
to whole percents, a style on every rect. So only its dark rects are kept
(ReportLab already merges each row's adjacent dark modules into one rect)
and written into a small ``<svg>`` element that embeds directly in HTML,
sized in millimetres, scaled through its viewBox, accessible (``role="img"``,
``aria-label``, ``<title>``), and identical for identical input.

The drawing is sized so that one module is one unit: every coordinate is a
whole number, the modules stay crisp and the markup short.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from reportlab.graphics import renderSVG
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

QUIET_ZONE = 4
"""Light modules around the code, required by the QR specification; part of the drawing."""

ERROR_CORRECTION = "M"
"""About 15 % of the code can be damaged (a fold, a stain) and still be read."""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def qr_svg(data: str, *, size_mm: float = 25, colour: str = "#000000", label: str | None = None) -> str:
    """An inline ``<svg>`` element drawing a QR code for *data*, *size_mm* millimetres square.

    *colour* (``#rrggbb``) fills the dark modules; the light ones are left
    transparent. *label* is what assistive technology reads (*data* by default).
    """
    if not data:
        raise ValueError("a QR code needs some data to encode")
    if not HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"the QR code colour must be a #rrggbb hex string, not {colour!r}")
    if size_mm <= 0:
        raise ValueError(f"the QR code size must be positive, not {size_mm} mm")
    widget = QrCodeWidget(data, barLevel=ERROR_CORRECTION, barBorder=QUIET_ZONE)
    widget.qr.make()
    side = widget.qr.getModuleCount() + 2 * QUIET_ZONE
    widget.barWidth = widget.barHeight = side  # one unit per module
    drawing = Drawing(side, side)
    drawing.add(widget)
    text = label if label is not None else data
    svg = ET.Element("svg", {
        "xmlns": SVG_NAMESPACE,
        "width": f"{size_mm:g}mm",
        "height": f"{size_mm:g}mm",
        "viewBox": f"0 0 {side} {side}",
        "shape-rendering": "crispEdges",
        "role": "img",
        "aria-label": text,
    })
    ET.SubElement(svg, "title").text = text
    modules = ET.SubElement(svg, "g", {"fill": colour.lower()})
    for x, y, width, height in _dark_rects(renderSVG.drawToString(drawing)):
        # ReportLab's y axis points up, SVG's down.
        attributes = {"x": x, "y": side - y - height, "width": width, "height": height}
        ET.SubElement(modules, "rect", {name: f"{value:g}" for name, value in attributes.items()})
    return ET.tostring(svg, encoding="unicode")


def _dark_rects(svg: str) -> list[tuple[float, float, float, float]]:
    """The (x, y, width, height) of the filled rects of ReportLab's SVG, in drawing coordinates."""
    root = ET.fromstring(svg)
    rects = []
    for rect in root.iter(f"{{{SVG_NAMESPACE}}}rect"):
        style = rect.get("style", "")
        if "fill:" in style and "fill: none" not in style:
            rects.append(tuple(float(rect.get(name)) for name in ("x", "y", "width", "height")))
    return rects


def binary_groups(message: str) -> str:
    """The UTF-8 bytes of *message* as 8-bit groups separated by spaces: "Si" -> "01010011 01101001"."""
    return " ".join(f"{byte:08b}" for byte in message.encode("utf-8"))
