"""Make the README's picture of the two sheet layouts: ``docs/layouts.png``.

Builds page 1 of the seed profile's sheet (Prompt Engineer, Lyon) from the
repository's sample workspace in the ``job-sheet`` and the
``job-sheet-magazine`` layouts, renders both pages with pypdfium2 and sets
them side by side, each with the name of its layout under it, in one PNG
(palette colours, under 300 KB). Run it from anywhere after a change to
either layout, look at the picture and commit it::

    python docs/make_pictures.py
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from metier.load.workspace import load_workspace
from metier.render.sheet import SheetRenderer

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "docs" / "layouts.png"
FONT = REPO / "layouts" / "base" / "fonts" / "Inter-SemiBold.otf"
PROFILE, CAMPUS = "prompt-engineer", "lyon"
LAYOUTS = ("job-sheet", "job-sheet-magazine")
PAGE_WIDTH = 620  # pixels of one page in the picture
GAP, MARGIN, CAPTION = 36, 28, 46
BACKGROUND = (233, 236, 239)


def first_page(layout: str, workspace) -> Image.Image:
    """Page 1 of the seed's screen sheet in *layout*, PAGE_WIDTH pixels wide."""
    pdf = SheetRenderer(workspace, layout=layout).render(PROFILE, CAMPUS).pdf
    page = pdfium.PdfDocument(pdf)[0]
    scale = PAGE_WIDTH / page.get_width()
    return page.render(scale=scale).to_pil().convert("RGB")


def picture(pages: list[tuple[str, Image.Image]]) -> Image.Image:
    """The pages side by side on a light grey ground, a thin shadow under each and its layout's name below."""
    height = max(image.height for _, image in pages)
    width = MARGIN * 2 + sum(image.width for _, image in pages) + GAP * (len(pages) - 1)
    sheet = Image.new("RGB", (width, MARGIN + height + CAPTION), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(FONT), 19)
    x = MARGIN
    for name, image in pages:
        draw.rectangle((x + 3, MARGIN + 3, x + image.width + 3, MARGIN + image.height + 3), fill=(200, 205, 210))
        sheet.paste(image, (x, MARGIN))
        label = f"layout: {name}"
        text_width = draw.textlength(label, font=font)
        draw.text((x + (image.width - text_width) / 2, MARGIN + height + 12), label, font=font, fill=(45, 52, 60))
        x += image.width + GAP
    return sheet


def main() -> Path:
    """Write :data:`OUTPUT` and return its path."""
    workspace = load_workspace(REPO)
    pages = [(layout, first_page(layout, workspace)) for layout in LAYOUTS]
    image = picture(pages).quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(OUTPUT, optimize=True)
    return OUTPUT


if __name__ == "__main__":
    path = main()
    print(f"{path.relative_to(REPO)}: {path.stat().st_size // 1024} KB")
