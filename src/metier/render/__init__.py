"""HTML from templates, PDF from HTML. The only package that imports WeasyPrint."""

import sys


def harfbuzz_missing() -> bool:
    """Whether WeasyPrint said, in this process, that it subsets fonts without libharfbuzz-subset.

    Asked without importing WeasyPrint: false until something was rendered.
    """
    pdf = sys.modules.get("metier.render.pdf")
    return bool(pdf and pdf.PdfRenderer.harfbuzz_missing)
