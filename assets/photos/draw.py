"""Draw the sample's pictures: flat illustrations made for the sample, released under CC0.

Run ``python assets/photos/draw.py`` from the repository root to make them
again; the output is the same every time (no randomness without a seed).
Each picture is drawn at twice its size and scaled down, so edges are smooth,
and saved as a JPEG of quality 85 at the size its largest frame needs at
300 ppi (see ATTRIBUTION.md for the sizes and why they are drawn, not photographed).
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
SCALE = 2


def _canvas(width: int, height: int, top: str, bottom: str) -> Image.Image:
    """A vertical gradient from *top* to *bottom*, drawn at SCALE times the size."""
    w, h = width * SCALE, height * SCALE
    a, b = Image.new("RGB", (w, h), top), Image.new("RGB", (w, h), bottom)
    mask = Image.linear_gradient("L").resize((w, h))
    return Image.composite(b, a, mask)


def _save(image: Image.Image, name: str) -> None:
    size = (image.width // SCALE, image.height // SCALE)
    image.resize(size, Image.LANCZOS).save(HERE / name, "JPEG", quality=85, optimize=True, progressive=True)


def _box(d: ImageDraw.ImageDraw, x, y, w, h, fill, r=0) -> None:
    s = SCALE
    d.rounded_rectangle((x * s, y * s, (x + w) * s, (y + h) * s), radius=r * s, fill=fill)


def workspace() -> None:
    """A desk at dusk: a wide screen with a conversation, a laptop, a lamp, a plant, the city behind the window."""
    W, H = 2560, 1600
    img = _canvas(W, H, "#27496d", "#f0b48a")
    d = ImageDraw.Draw(img)
    rng = random.Random(17)
    # the city through the window
    x = 0
    while x < W:
        w, h = rng.randint(90, 220), rng.randint(250, 720)
        _box(d, x, 1020 - h, w, h + 10, rng.choice(["#1d3553", "#22405f", "#2b4b6b"]))
        for wy in range(1020 - h + 30, 1000, 55):
            for wx in range(x + 18, x + w - 25, 38):
                if rng.random() < 0.35:
                    _box(d, wx, wy, 16, 24, "#ffd98a")
        x += w + rng.randint(4, 30)
    # window frame and wall
    _box(d, 0, 0, W, 70, "#e9e1d6")
    _box(d, 1240, 0, 40, 1020, "#e9e1d6")
    _box(d, 0, 1020, W, 580, "#d9cbb8")
    # desk
    _box(d, 0, 1180, W, 60, "#8a5a3c")
    _box(d, 0, 1240, W, 360, "#6d452d")
    # wide screen with a conversation
    _box(d, 420, 430, 1150, 700, "#1b1f27", r=28)
    _box(d, 450, 460, 1090, 640, "#f7f8fb", r=12)
    _box(d, 950, 1130, 50, 60, "#1b1f27")
    _box(d, 840, 1170, 270, 22, "#1b1f27", r=10)
    bubbles = [(500, 500, 620, 90, "#dde7f3"), (780, 620, 700, 120, "#0b4f8a"), (500, 780, 560, 150, "#dde7f3"),
               (900, 970, 580, 90, "#0b4f8a")]
    for bx, by, bw, bh, colour in bubbles:
        _box(d, bx, by, bw, bh, colour, r=30)
        line = "#ffffff" if colour == "#0b4f8a" else "#7e93ab"
        for ly in range(by + 26, by + bh - 20, 34):
            _box(d, bx + 30, ly, bw - 60 - (ly * 7) % 140, 14, line, r=7)
    # laptop
    _box(d, 1700, 930, 520, 260, "#3a404b", r=16)
    _box(d, 1725, 955, 470, 210, "#f2a541", r=6)
    for ly in range(985, 1140, 30):
        _box(d, 1755, ly, 300 - (ly * 3) % 120, 12, "#fff3df", r=6)
    _box(d, 1640, 1180, 640, 24, "#555c68", r=10)
    # lamp
    s = SCALE
    d.polygon([(300 * s, 640 * s), (120 * s, 820 * s), (380 * s, 820 * s)], fill="#f2a541")
    _box(d, 240, 810, 16, 370, "#3a404b")
    _box(d, 170, 1160, 160, 24, "#3a404b", r=10)
    glow = Image.new("L", img.size, 0)
    ImageDraw.Draw(glow).ellipse((60 * s, 760 * s, 460 * s, 1200 * s), fill=90)
    img.paste(Image.new("RGB", img.size, "#fff1c9"), mask=glow.filter(ImageFilter.GaussianBlur(80 * s)))
    # plant and mug
    _box(d, 2320, 1040, 150, 150, "#c4673c", r=18)
    for i in range(7):
        angle = math.radians(200 + i * 22)
        cx, cy = 2395 + math.cos(angle) * 150, 1000 + math.sin(angle) * 200
        d.ellipse(((cx - 45) * s, (cy - 90) * s, (cx + 45) * s, (cy + 90) * s), fill="#3f8f5b")
    _box(d, 1440, 1100, 90, 90, "#ffffff", r=12)
    d.arc((1510 * s, 1115 * s, 1560 * s, 1165 * s), -90, 90, fill="#ffffff", width=12 * s)
    _save(img, "prompt-engineer.jpg")


def portrait() -> None:
    """A head-and-shoulders portrait in flat colours, for a testimonial (no real person)."""
    W = H = 640
    img = _canvas(W, H, "#f6d6a8", "#f2a541")
    d = ImageDraw.Draw(img)
    s = SCALE
    d.ellipse((110 * s, 430 * s, 530 * s, 850 * s), fill="#0b4f8a")            # shoulders
    d.polygon([(270 * s, 440 * s), (320 * s, 520 * s), (370 * s, 440 * s)], fill="#ffffff")  # collar
    _box(d, 285, 360, 70, 90, "#c98b63", r=20)                                 # neck
    d.ellipse((205 * s, 150 * s, 435 * s, 410 * s), fill="#d99b72")            # face
    d.chord((195 * s, 110 * s, 445 * s, 330 * s), 180, 360, fill="#3b2a22")    # hair
    _box(d, 195, 210, 36, 90, "#3b2a22", r=14)
    _box(d, 409, 210, 36, 90, "#3b2a22", r=14)
    for ex in (275, 365):                                                       # glasses
        d.ellipse(((ex - 34) * s, 252 * s, (ex + 34) * s, 306 * s), outline="#1d2329", width=7 * s)
        d.ellipse(((ex - 8) * s, 272 * s, (ex + 8) * s, 288 * s), fill="#1d2329")
    _box(d, 305, 274, 30, 7, "#1d2329")
    d.arc((285 * s, 320 * s, 355 * s, 370 * s), 20, 160, fill="#8c4a3a", width=7 * s)  # smile
    _save(img, "portrait-olivier.jpg")


def campus() -> None:
    """A campus building on a clear morning: glass front, trees, a forecourt with people."""
    W, H = 2480, 1600
    img = _canvas(W, H, "#9cc7ea", "#e8f1f8")
    d = ImageDraw.Draw(img)
    rng = random.Random(6)
    _box(d, 0, 1260, W, 340, "#c9c3b8")                                         # forecourt
    _box(d, 300, 360, 1880, 910, "#eef0f2")                                     # building
    _box(d, 260, 320, 1960, 60, "#0b4f8a")                                      # roof line
    for col in range(12):
        for row in range(5):
            x, y = 360 + col * 150, 420 + row * 160
            _box(d, x, y, 120, 130, rng.choice(["#3f6e97", "#4a7ba6", "#5b8bb4", "#ffd98a"]), r=4)
    _box(d, 1080, 1000, 320, 270, "#26313d")                                    # entrance
    _box(d, 1100, 1020, 130, 250, "#5b8bb4")
    _box(d, 1250, 1020, 130, 250, "#5b8bb4")
    _box(d, 1020, 940, 440, 40, "#f2a541")                                      # canopy
    s = SCALE
    for tx in (120, 2300, 560, 1900):                                           # trees
        _box(d, tx - 14, 1020, 28, 260, "#6d452d")
        d.ellipse(((tx - 150) * s, 760 * s, (tx + 150) * s, 1080 * s), fill="#3f8f5b")
        d.ellipse(((tx - 100) * s, 700 * s, (tx + 110) * s, 960 * s), fill="#4fa36b")
    for px in (700, 820, 1560, 1640, 1760):                                     # people
        colour = rng.choice(["#0b4f8a", "#f2a541", "#c4673c", "#1d2329"])
        d.ellipse(((px - 22) * s, 1250 * s, (px + 22) * s, 1294 * s), fill="#d99b72")
        _box(d, px - 30, 1296, 60, 130, colour, r=24)
        _box(d, px - 26, 1420, 20, 80, "#1d2329")
        _box(d, px + 6, 1420, 20, 80, "#1d2329")
    # Widened to 2560 pixels (an A4 cover with its bleed at 300 ppi): more sky and forecourt on each side.
    wide = _canvas(2560, H, "#9cc7ea", "#e8f1f8")
    ImageDraw.Draw(wide).rectangle((0, 1260 * SCALE, 2560 * SCALE, H * SCALE), fill="#c9c3b8")
    wide.paste(img, (40 * SCALE, 0))
    _save(wide, "campus-lyon.jpg")


def workshop() -> None:
    """A former workshop turned campus, in a Paris courtyard: brick, tall arched windows, a glass roof."""
    W, H = 2560, 1600
    img = _canvas(W, H, "#f3d9c2", "#fbf1e6")
    d = ImageDraw.Draw(img)
    s = SCALE
    _box(d, 0, 1280, W, 320, "#b9b1a6")                                         # courtyard paving
    for x in range(0, W, 160):
        _box(d, x, 1280, 4, 320, "#a8a095")
    _box(d, 180, 420, 2200, 870, "#a4503a")                                     # brick front
    for y in range(440, 1290, 36):                                              # brick courses
        _box(d, 180, y, 2200, 3, "#8f4332")
    d.polygon([(160 * s, 430 * s), (1280 * s, 150 * s), (2400 * s, 430 * s)], fill="#5d6b78")  # glass roof
    for i in range(1, 16):
        x = 160 + i * 140
        d.line((x * s, (430 - (280 * (1 - abs(x - 1280) / 1120))) * s, x * s, 430 * s), fill="#44505c", width=6 * s)
    for col in range(7):                                                        # arched windows
        x = 290 + col * 300
        _box(d, x, 640, 180, 420, "#f2e6c9")
        d.pieslice((x * s, 550 * s, (x + 180) * s, 730 * s), 180, 360, fill="#f2e6c9")
        _box(d, x + 86, 560, 8, 500, "#7a1f3d")
        for y in (760, 900):
            _box(d, x, y, 180, 8, "#7a1f3d")
    _box(d, 1130, 1080, 300, 210, "#7a1f3d")                                    # door
    _box(d, 1150, 1100, 125, 190, "#4fb3a9")
    _box(d, 1285, 1100, 125, 190, "#4fb3a9")
    rng = random.Random(11)
    for px in (520, 640, 1720, 1840, 1960, 2140):                               # people
        colour = rng.choice(["#7a1f3d", "#4fb3a9", "#2c3440", "#f2a541"])
        d.ellipse(((px - 22) * s, 1260 * s, (px + 22) * s, 1304 * s), fill="#c98b63")
        _box(d, px - 30, 1306, 60, 130, colour, r=24)
        _box(d, px - 26, 1430, 20, 80, "#2c3440")
        _box(d, px + 6, 1430, 20, 80, "#2c3440")
    for tx in (90, 2470):                                                       # plane trees in tubs
        _box(d, tx - 60, 1200, 120, 90, "#5d6b78", r=8)
        _box(d, tx - 12, 960, 24, 250, "#6d452d")
        d.ellipse(((tx - 140) * s, 700 * s, (tx + 140) * s, 1000 * s), fill="#5f9b57")
    _save(img, "campus-paris.jpg")


if __name__ == "__main__":
    workspace()
    portrait()
    campus()
    workshop()
