"""Print production: the press variant of a document.

``variant`` says which kind of PDF a target asks for (screen: PDF/UA-1; press:
PDF/X-4 or PDF/X-1a with bleed and marks), ``colours`` turns the sRGB of
layouts, campus colours and images into CMYK through the bundled ICC profile,
and ``marks`` draws crop and fold marks and sets the trim and bleed boxes.
"""
