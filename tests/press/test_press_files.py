"""Press and screen files built for real from the sample, checked with qpdf, poppler and pypdf.

One build per module (press sheet, press brochure and press booklet beside
their screen files, for Lyon, a few profiles) serves most tests; the PDF/X-1a
setting, a workspace ICC profile and the reproducibility check each build the
little more they need. The Lyon campus gets a raster logo (so the press files
hold an image to convert) and exact CMYK inks for its primary colour.
"""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw
from pypdf import PdfReader
from pypdf.generic import (ArrayObject, BooleanObject, ContentStream, DictionaryObject, IndirectObject, NameObject,
                           StreamObject)

from metier.build.run import build
from metier.load.workspace import load_workspace
from metier.press.colours import Converter, bundled_profile
from tests.conftest import copy_sample, edit_yaml

pytestmark = pytest.mark.slow

EPOCH = "1767225600"  # 2026-01-01 00:00:00 UTC
A4 = (595.28, 841.89)
SPREAD = (839.06, 595.28)  # two A5 pages side by side
BLEED = 8.50  # 3 mm in points, as pdfinfo rounds it
EXACT_INKS = [100, 60, 0, 20]  # Lyon's primary colour as the campus gives it in CMYK

SHEET = "out/sheets/lyon/ciso.pdf"
SHEET_PRESS = "out/sheets/lyon/ciso-press.pdf"
BROCHURE = "out/brochure/lyon/brochure-lyon.pdf"
BROCHURE_PRESS = "out/brochure/lyon/brochure-lyon-press.pdf"
BOOKLET_PRESS = "out/livret/lyon/livret-lyon-press.pdf"
SCREEN_FILES = [SHEET, BROCHURE]
PRESS_FILES = [SHEET_PRESS, BROCHURE_PRESS, BOOKLET_PRESS]


XMP_PDFX_ID = "http://www.npes.org/pdfx/ns/id/"
XMP_PDFUA_ID = "http://www.aiim.org/pdfua/ns/id/"
XMP_DC = "http://purl.org/dc/elements/1.1/"

RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/ICCBased/3"}


# --- building ------------------------------------------------------------------------

def raster_logo() -> bytes:
    """A small RGBA PNG: an orange disc with a translucent blue square, on a transparent background."""
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 60, 60), fill=(242, 165, 65, 255))
    draw.rectangle((20, 20, 44, 44), fill=(11, 79, 138, 128))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def prepare(root: Path, press: dict | None = None) -> Path:
    """A copy of the sample at *root*: few profiles per target, a PNG logo and exact CMYK inks for Lyon."""
    copy_sample(root)
    (root / "assets" / "campus-logo.png").write_bytes(raster_logo())

    def campus(data):
        data["logo"] = "assets/campus-logo.png"
        data["colours"]["primary_cmyk"] = EXACT_INKS
    edit_yaml(root / "campuses" / "lyon.yaml", campus)

    def project(data):
        data["targets"]["sheets"]["profiles"] = ["ciso"]
        for name in ("brochure", "livret"):
            data["targets"][name]["profiles"] = ["ciso", "pentester"]
        data["press"].update(press or {})
    edit_yaml(root / "metier.yaml", project)
    return root


def run_build(workspace, targets: list[str]):
    """Build *targets* for Lyon with a fixed SOURCE_DATE_EPOCH; every output must be built, without warnings."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(workspace, targets_=targets, campuses=["lyon"])
    problems = [(o.path, o.status, o.error, o.warnings) for o in result.outputs if o.status != "built" or o.warnings]
    assert not problems, problems
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The workspace after one build of the sheets, brochure and booklet targets for Lyon."""
    root = prepare(tmp_path_factory.mktemp("press") / "ws")
    result = run_build(root, ["sheets", "brochure", "livret"])
    assert sorted(o.path for o in result.outputs) == sorted(SCREEN_FILES + PRESS_FILES)
    return root


@pytest.fixture(scope="module")
def x1a(tmp_path_factory) -> Path:
    """The press job sheet of a workspace whose press standard is PDF/X-1a."""
    root = prepare(tmp_path_factory.mktemp("x1a") / "ws", press={"standard": "pdf/x-1a"})
    edit_yaml(root / "metier.yaml", lambda data: data["targets"]["sheets"].__setitem__("variants", ["press"]))
    run_build(root, ["sheets"])
    return root / SHEET_PRESS


# --- reading PDFs --------------------------------------------------------------------------

def run(*command: str) -> str:
    """The standard output of a command that must succeed."""
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def page_boxes(path: Path) -> dict[int, dict[str, tuple[float, ...]]]:
    """Every page's boxes as pdfinfo -box prints them (points, rounded to 0.01)."""
    out = run("pdfinfo", "-box", "-f", "1", "-l", "9999", str(path))
    boxes: dict[int, dict[str, tuple[float, ...]]] = defaultdict(dict)
    for match in re.finditer(r"^Page\s+(\d+)\s+(\w+Box):\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", out, re.MULTILINE):
        boxes[int(match[1])][match[2]] = tuple(float(v) for v in match.groups()[2:])
    assert boxes, out
    return boxes


def fonts(path: Path) -> list[tuple[str, str, str]]:
    """(name, emb, sub) of every font pdffonts lists."""
    lines = run("pdffonts", str(path)).splitlines()
    assert lines[1].startswith("---"), lines[:2]
    return [(line.split()[0], line.split()[-5], line.split()[-4]) for line in lines[2:] if line.strip()]


def catalog(reader: PdfReader) -> DictionaryObject:
    """The document catalog (/Root)."""
    return reader.trailer["/Root"].get_object()


def is_true(value) -> bool:
    """Whether a PDF value is the boolean true (not merely truthy)."""
    return isinstance(value, BooleanObject) and value.value is True


def xmp(reader: PdfReader) -> ET.Element:
    """The document's XMP packet, parsed."""
    return ET.fromstring(catalog(reader)["/Metadata"].get_object().get_data())


def xmp_value(packet: ET.Element, namespace: str, name: str) -> str | None:
    """A simple XMP property, written as an element or as an attribute of rdf:Description."""
    key = f"{{{namespace}}}{name}"
    for element in packet.iter():
        if element.tag == key:
            return "".join(element.itertext()).strip()
        if key in element.attrib:
            return element.attrib[key]
    return None


def describe_space(space, resources) -> str:
    """A colour space as a short name: /DeviceCMYK, /DeviceRGB, /ICCBased/4, /Indexed:/DeviceRGB..."""
    space = space.get_object() if isinstance(space, IndirectObject) else space
    if isinstance(space, NameObject):
        named = resources.get("/ColorSpace") if resources else None
        named = named.get_object() if named is not None else {}
        if space in named:
            return describe_space(named[space], None)
        return str(space)
    if isinstance(space, ArrayObject):
        family = str(space[0])
        if family == "/ICCBased":
            return f"/ICCBased/{space[1].get_object()['/N']}"
        if family == "/Indexed":
            return "/Indexed:" + describe_space(space[1], resources)
        if family in ("/Separation", "/DeviceN"):
            return family + ":" + describe_space(space[2], resources)
        return family
    return repr(space)


class ColourUse:
    """What colours a PDF paints with: operators, colour spaces, images and transparency, in every content stream."""

    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.operators: Counter = Counter()
        self.spaces: set[str] = set()  # colour spaces selected by cs/CS, shadings, groups and inline images
        self.images: list[dict] = []
        self.transparency: list[str] = []
        self.groups: list[str] = []
        self._seen: set[int] = set()
        for page in reader.pages:
            resources = page["/Resources"].get_object() if "/Resources" in page else DictionaryObject()
            self._group(page)
            self._content(page.get_contents(), resources)

    def _once(self, obj) -> bool:
        ref = getattr(obj, "indirect_reference", None)
        if ref is None:
            return True
        if ref.idnum in self._seen:
            return False
        self._seen.add(ref.idnum)
        return True

    def _group(self, holder) -> None:
        group = holder.get("/Group")
        if group is not None:
            group = group.get_object()
            if group.get("/S") == "/Transparency":
                self.groups.append(describe_space(group.get("/CS", NameObject("/None")), None))
                if "/CS" in group:
                    self.spaces.add(describe_space(group["/CS"], None))

    def _content(self, stream, resources) -> None:
        if stream is None:
            return
        content = stream if isinstance(stream, ContentStream) else ContentStream(stream, self.reader)
        for operands, operator in content.operations:
            self.operators[operator] += 1
            if operator in (b"cs", b"CS"):
                self.spaces.add(describe_space(operands[0], resources))
            elif operator == b"INLINE IMAGE":
                settings = operands.get("settings", {})
                space = settings.get("/CS", settings.get("/ColorSpace"))
                self.images.append({"space": describe_space(space, resources) if space else "?", "smask": False})
            elif operator == b"Do":
                self._xobject(resources["/XObject"][operands[0]].get_object(), resources)
            elif operator == b"sh":
                self._shading(resources["/Shading"][operands[0]].get_object(), resources)
            elif operator == b"gs":
                self._state(resources["/ExtGState"][operands[0]].get_object())
        for pattern in (resources.get("/Pattern") or DictionaryObject()).get_object().values():
            pattern = pattern.get_object()
            if not self._once(pattern):
                continue
            if pattern.get("/PatternType") == 1:
                self._content(pattern, pattern.get("/Resources", DictionaryObject()).get_object())
            elif "/Shading" in pattern:
                self._shading(pattern["/Shading"].get_object(), resources)

    def _xobject(self, xobject, resources) -> None:
        if not self._once(xobject):
            return
        if xobject.get("/Subtype") == "/Image":
            if xobject.get("/ImageMask"):
                return
            self.images.append({"space": describe_space(xobject.get("/ColorSpace"), resources),
                                "smask": "/SMask" in xobject, "filter": xobject.get("/Filter")})
        elif xobject.get("/Subtype") == "/Form":
            self._group(xobject)
            inner = xobject.get("/Resources")
            self._content(xobject, inner.get_object() if inner is not None else resources)

    def _shading(self, shading, resources) -> None:
        self.spaces.add(describe_space(shading.get("/ColorSpace"), resources))

    def _state(self, state) -> None:
        for key in ("/CA", "/ca"):
            if key in state and float(state[key]) < 1:
                self.transparency.append(f"{key} {state[key]}")
        if state.get("/SMask", "/None") != "/None":
            self.transparency.append("/SMask")
        if state.get("/BM", "/Normal") not in ("/Normal", "/Compatible"):
            self.transparency.append(f"/BM {state['/BM']}")

    @property
    def rgb(self) -> list[str]:
        """Every sign of RGB painting found."""
        found = [f"{op.decode()} x{n}" for op, n in self.operators.items() if op in (b"rg", b"RG")]
        found += sorted(self.spaces & RGB_SPACES)
        found += [f"image {i['space']}" for i in self.images if any(s in i["space"] for s in RGB_SPACES)]
        return found


def names_in_objects(reader: PdfReader) -> set[str]:
    """Every PDF name used in the dictionaries and arrays of the file's objects (stream data left out)."""
    names: set[str] = set()

    def visit(obj, depth=0):
        if depth > 40:
            return
        if isinstance(obj, NameObject):
            names.add(str(obj))
        elif isinstance(obj, (DictionaryObject, StreamObject)):
            for key, value in obj.items():
                if key not in ("/Parent", "/P"):
                    visit(value if not isinstance(value, IndirectObject) else None, depth + 1)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                visit(value if not isinstance(value, IndirectObject) else None, depth + 1)

    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001 - free or unreadable entries
            continue
        visit(obj)
    return names



# --- validity, boxes, fonts --------------------------------------------------------------

@pytest.mark.parametrize("name", [SHEET, BROCHURE, SHEET_PRESS, BROCHURE_PRESS, BOOKLET_PRESS])
def test_qpdf_check_passes(built, name):
    """qpdf --check finds no error nor warning in the file."""
    done = subprocess.run(["qpdf", "--check", str(built / name)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


@pytest.mark.parametrize("name", [SHEET_PRESS, BROCHURE_PRESS])
def test_press_a4_pages_trim_to_a4_with_3mm_bleed(built, name):
    """Every press page: TrimBox = A4 at the origin, BleedBox 3 mm larger each side, MediaBox larger still."""
    pages = page_boxes(built / name)
    for number, box in pages.items():
        assert box["TrimBox"] == pytest.approx((0, 0, *A4), abs=0.011), number
        assert box["BleedBox"] == pytest.approx((-BLEED, -BLEED, A4[0] + BLEED, A4[1] + BLEED), abs=0.011), number
        left, bottom, right, top = box["MediaBox"]
        assert left < -BLEED and bottom < -BLEED and right > A4[0] + BLEED and top > A4[1] + BLEED, number


def test_screen_pages_are_plain_a4(built):
    """A screen page has no bleed: MediaBox, BleedBox and TrimBox are all A4."""
    for name in SCREEN_FILES:
        for number, box in page_boxes(built / name).items():
            for kind in ("MediaBox", "BleedBox", "TrimBox"):
                assert box[kind] == pytest.approx((0, 0, *A4), abs=0.011), (name, number, kind)


@pytest.mark.parametrize("name", SCREEN_FILES + PRESS_FILES)
def test_every_font_is_embedded_and_subset(built, name):
    """pdffonts shows each font embedded (emb yes) and subset (sub yes)."""
    listed = fonts(built / name)
    assert listed, "the file uses fonts"
    assert [font for font in listed if font[1:] != ("yes", "yes")] == []


def test_press_booklet_sheets_trim_to_the_a5_spread_with_bleed(built):
    """Every booklet sheet side: TrimBox two A5 pages wide, BleedBox 3 mm around it, media larger."""
    pages = page_boxes(built / BOOKLET_PRESS)
    assert len(pages) == 6  # 12 padded pages, 2 per side
    for number, box in pages.items():
        assert box["TrimBox"] == pytest.approx((0, 0, *SPREAD), abs=0.011), number
        assert box["BleedBox"] == pytest.approx((-BLEED, -BLEED, SPREAD[0] + BLEED, SPREAD[1] + BLEED),
                                                abs=0.011), number
        assert box["MediaBox"][0] < -BLEED and box["MediaBox"][2] > SPREAD[0] + BLEED


def test_press_booklet_has_fold_and_crop_marks_outside_the_bleed(built):
    """Each sheet side ends with its own marks: eight crop marks and two fold marks on the spine, all past the bleed."""
    segment = re.compile(rb"(-?[\d.]+)\s+(-?[\d.]+)\s+m\s+(-?[\d.]+)\s+(-?[\d.]+)\s+l\s+S\b")
    spine = SPREAD[0] / 2
    for number, page in enumerate(PdfReader(built / BOOKLET_PRESS).pages, 1):
        # The placed A5 pages bring their own (clipped) crop marks; the sheet's marks are drawn last.
        own = page.get_contents().get_data().rsplit(b"1 1 1 1 K", 1)[1]
        lines = [tuple(float(v) for v in m) for m in segment.findall(own)]
        assert len(lines) == 10, (number, lines)
        for line in lines:
            assert (max(line[0], line[2]) < -BLEED or min(line[0], line[2]) > SPREAD[0] + BLEED
                    or max(line[1], line[3]) < -BLEED or min(line[1], line[3]) > SPREAD[1] + BLEED), (number, line)
        folds = [line for line in lines if line[0] == line[2] == pytest.approx(spine, abs=0.01)]
        assert sorted(min(line[1], line[3]) > SPREAD[1] for line in folds) == [False, True], (number, folds)


def test_press_booklet_cover_runs_into_the_bleed_on_its_three_outer_edges(built):
    """The back and front cover (sheet 1) are blue to the bleed's edge on the left, right, top and bottom:
    an imposed page keeps all of its outer bleed, not only the top and right."""
    import pypdfium2

    page = pypdfium2.PdfDocument(str(built / BOOKLET_PRESS))[0]
    scale = 2.0
    image = page.render(scale=scale).to_pil().convert("RGB")
    media_left, media_bottom, _, media_top = page.get_mediabox()
    half = BLEED / 2  # halfway into the bleed, outside the trim

    def pixel(x, y):  # PDF points, from the trim's lower left corner
        return image.getpixel((round((x - media_left) * scale), round((media_top - y) * scale)))

    for x, y, edge in ((-half, SPREAD[1] / 3, "left"), (SPREAD[0] + half, SPREAD[1] / 2, "right"),
                       (SPREAD[0] / 4, -half, "bottom"), (SPREAD[0] / 4, SPREAD[1] + half, "top")):
        assert sum(pixel(x, y)) < 600, (edge, pixel(x, y))  # colour, not the white of an unprinted edge


# --- identification ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", PRESS_FILES)
def test_press_metadata_identifies_pdf_x4(built, name):
    """XMP says PDF/X-4; one GTS_PDFX output intent carries a CMYK output profile; the file is PDF 1.6."""
    reader = PdfReader(built / name)
    assert reader.pdf_header == "%PDF-1.6"
    assert xmp_value(xmp(reader), XMP_PDFX_ID, "GTS_PDFXVersion") == "PDF/X-4"
    info = reader.trailer["/Info"].get_object()
    assert info.get("/GTS_PDFXVersion", "PDF/X-4") == "PDF/X-4"
    assert info.get("/Title") and info.get("/CreationDate") and info.get("/ModDate")
    intents = [i.get_object() for i in catalog(reader)["/OutputIntents"]]
    assert [i["/S"] for i in intents] == ["/GTS_PDFX"]
    intent = intents[0]
    assert intent.get("/OutputConditionIdentifier")
    profile = intent.raw_get("/DestOutputProfile")
    assert isinstance(profile, IndirectObject) and isinstance(profile.get_object(), StreamObject)
    icc = ImageCms.ImageCmsProfile(io.BytesIO(profile.get_object().get_data())).profile
    assert icc.xcolor_space.strip() == "CMYK" and icc.device_class == "prtr"
    assert xmp_value(xmp(reader), XMP_PDFUA_ID, "part") is None  # a press file does not claim PDF/UA


@pytest.mark.parametrize("name", [SHEET_PRESS, BROCHURE_PRESS, BOOKLET_PRESS])
def test_press_trailer_has_a_document_id(built, name):
    """PDF/X wants a file identifier (/ID) in the trailer."""
    ids = PdfReader(built / name).trailer.get("/ID")
    assert ids is not None and len(ids) == 2


@pytest.mark.parametrize("name", [SHEET_PRESS, BROCHURE_PRESS, BOOKLET_PRESS])
def test_press_info_says_trapped_as_a_name(built, name):
    """PDF/X wants /Trapped as the name /True or /False in the info dictionary."""
    trapped = PdfReader(built / name).trailer["/Info"].get_object()["/Trapped"]
    assert isinstance(trapped, NameObject) and trapped in ("/True", "/False")


def test_output_profile_stream_declares_four_components(built):
    """The DestOutputProfile stream's /N matches its CMYK profile: 4."""
    reader = PdfReader(built / SHEET_PRESS)
    profile = catalog(reader)["/OutputIntents"][0].get_object()["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4


def test_output_intent_names_the_printing_condition(built):
    """The output intent's OutputConditionIdentifier is the printing condition, FOGRA39 by default."""
    reader = PdfReader(built / SHEET_PRESS)
    assert catalog(reader)["/OutputIntents"][0].get_object()["/OutputConditionIdentifier"] == "FOGRA39"


@pytest.mark.parametrize("name", SCREEN_FILES)
def test_screen_metadata_identifies_pdf_ua1(built, name):
    """XMP pdfuaid:part 1, marked and tagged, with a language and a title the viewer shows."""
    reader = PdfReader(built / name)
    root = catalog(reader)
    packet = xmp(reader)
    assert xmp_value(packet, XMP_PDFUA_ID, "part") == "1"
    assert is_true(root["/MarkInfo"].get_object()["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "fr"
    title = reader.trailer["/Info"].get_object()["/Title"]
    assert title and xmp_value(packet, XMP_DC, "title") == title
    assert is_true(root["/ViewerPreferences"].get_object()["/DisplayDocTitle"])
    assert xmp_value(packet, XMP_PDFX_ID, "GTS_PDFXVersion") is None and "/OutputIntents" not in root


# --- colours --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PRESS_FILES)
def test_press_content_paints_with_no_rgb(built, name):
    """No rg/RG operator, RGB colour space, RGB shading, group or image anywhere in the press file."""
    reader = PdfReader(built / name)
    use = ColourUse(reader)
    assert use.operators[b"scn"] + use.operators[b"k"] > 0, "the pages paint in colour"
    assert use.rgb == []
    assert not {"/DeviceRGB", "/CalRGB"} & names_in_objects(reader)


def test_the_rgb_check_finds_rgb_in_the_screen_file(built):
    """The same checks flag the screen file, which is RGB: they can fail."""
    reader = PdfReader(built / SHEET)
    assert ColourUse(reader).rgb and "/DeviceRGB" in names_in_objects(reader)


@pytest.mark.parametrize("name", PRESS_FILES)
def test_press_images_are_cmyk_without_soft_mask(built, name):
    """Raster images (the campus's PNG logo) are CMYK JPEGs, their transparency flattened."""
    images = ColourUse(PdfReader(built / name)).images
    assert images, "the file shows the raster logo"
    for image in images:
        assert image["space"] in ("/DeviceCMYK", "/ICCBased/4"), image
        assert not image["smask"], image


def test_screen_images_stay_rgb(built):
    """The screen sheet keeps its logo in RGB (with its alpha as a soft mask): the press conversion is press only."""
    images = ColourUse(PdfReader(built / SHEET)).images
    assert images and all(image["space"] == "/DeviceRGB" for image in images)


def test_campus_exact_inks_reach_the_press_file(built):
    """Lyon's primary colour is painted with the campus's own inks (1 0.6 0 0.2), not the profile's conversion."""
    data = b"".join(page.get_contents().get_data() for page in PdfReader(built / SHEET_PRESS).pages)
    assert re.search(rb"\b1 0\.6 0 0\.2 (scn|k)\b", data)
    converted = " ".join(f"{v:g}" for v in Converter().cmyk((11, 79, 138))).encode()
    assert converted not in data


def test_title_band_runs_into_the_bleed(built, tmp_path):
    """Rendered, the first page's band colour fills the bleed; the slug beyond the bleed stays white."""
    run("pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile", "-png", str(built / SHEET_PRESS),
        str(tmp_path / "page"))
    with Image.open(tmp_path / "page.png") as image:
        image = image.convert("RGB")
        media_left, top = 28.35, 870.24  # the page is rendered from its MediaBox: (-28.35, -28.35)-(623.62, 870.24)

        def at(x_pt, y_pt):
            return image.getpixel((round(x_pt + media_left), round(top - y_pt)))
        band, bleed, slug = at(40, 770), at(-4, 770), at(-18, 770)
    assert band[2] > band[0] + 60, band  # blue
    assert all(abs(a - b) <= 12 for a, b in zip(band, bleed)), (band, bleed)
    assert min(slug) >= 245, slug


# --- PDF/X-1a --------------------------------------------------------------------------------

def test_pdf_x1a_setting_identifies_pdf_x1a(x1a):
    """press.standard pdf/x-1a gives a PDF 1.4 file identified as PDF/X-1a:2003 in XMP and in the info."""
    reader = PdfReader(x1a)
    assert reader.pdf_header == "%PDF-1.4"
    assert xmp_value(xmp(reader), XMP_PDFX_ID, "GTS_PDFXVersion") == "PDF/X-1a:2003"
    info = reader.trailer["/Info"].get_object()
    assert info["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
    assert [i.get_object()["/S"] for i in catalog(reader)["/OutputIntents"]] == ["/GTS_PDFX"]


def test_pdf_x1a_has_no_transparency_and_no_rgb(x1a, built):
    """No soft mask, no CA/ca below 1, no blend mode in the X-1a file; the same sheet in X-4 has some."""
    use = ColourUse(PdfReader(x1a))
    assert use.transparency == []
    assert all(not image["smask"] for image in use.images)
    assert use.rgb == []
    assert ColourUse(PdfReader(built / SHEET_PRESS)).transparency, "the X-4 sheet keeps its translucent parts"


def test_pdf_x1a_has_no_transparency_group(x1a):
    """No page or form XObject of the X-1a file is a transparency group."""
    assert ColourUse(PdfReader(x1a)).groups == []


# --- the printer's own profile ------------------------------------------------------------

def workspace_profile(root: Path) -> bytes:
    """The bundled profile under another name, its description changed so that it can be told apart."""
    data = bundled_profile().replace(b"metier FOGRA39L", b"wkspce FOGRA39L")
    assert data != bundled_profile()
    (root / "assets" / "printer.icc").write_bytes(data)
    return data


def test_workspace_icc_profile_passes_validation(sample):
    """press.profile naming an .icc file of the workspace is valid."""
    workspace_profile(sample)
    edit_yaml(sample / "metier.yaml", lambda data: data["press"].__setitem__("profile", "assets/printer.icc"))
    assert load_workspace(sample).issues == []


def test_workspace_icc_profile_is_embedded_in_the_output_intent(tmp_path, monkeypatch):
    """The workspace's profile (not the bundled one) is the output intent of the press file and a build input."""
    root = prepare(tmp_path / "ws")
    workspace_profile(root)
    edit_yaml(root / "metier.yaml", lambda data: data["targets"]["sheets"].__setitem__("variants", ["press"]))
    ws = load_workspace(root)
    # press.profile cannot name an .icc file through metier.yaml (see the test above): set it past validation.
    press = ws.project.press.model_copy(update={"profile": "assets/printer.icc"})
    ws.project = ws.project.model_copy(update={"press": press})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = build(ws, targets_=["sheets"], campuses=["lyon"])
    (output,) = result.outputs
    assert output.status == "built", output.error
    assert "assets/printer.icc" in output.files  # a changed profile rebuilds the press files
    reader = PdfReader(root / SHEET_PRESS)
    intent = catalog(reader)["/OutputIntents"][0].get_object()
    icc = ImageCms.ImageCmsProfile(io.BytesIO(intent["/DestOutputProfile"].get_object().get_data())).profile
    assert icc.profile_description.startswith("wkspce FOGRA39L")


# --- reproducibility ---------------------------------------------------------------------------

def test_same_press_files_twice_from_scratch_are_identical(built, tmp_path, monkeypatch):
    """A fresh copy built again, elsewhere, with the same SOURCE_DATE_EPOCH gives the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = prepare(tmp_path / "elsewhere" / "ws")
    result = build(again, targets_=["sheets", "livret"], campuses=["lyon"])
    assert all(o.status == "built" for o in result.outputs)
    for name in (SHEET_PRESS, BOOKLET_PRESS, SHEET):
        assert (again / name).read_bytes() == (built / name).read_bytes(), name
    info = PdfReader(built / SHEET_PRESS).trailer["/Info"].get_object()
    assert str(info["/CreationDate"]).startswith("D:20260101")  # the date came from SOURCE_DATE_EPOCH


def test_a_raster_logo_with_transparency_is_a_located_warning(built):
    """A PNG logo with transparent pixels is printed on white in press files: said once, at the logo's line."""
    from metier.load.workspace import load_workspace

    ws = load_workspace(built)
    (issue,) = [i for i in ws.issues if "transparent pixels" in i.message]
    assert issue.path == "campuses/lyon.yaml" and issue.field == "logo" and issue.line > 0
    assert issue.severity == "warning" and not ws.fatal
    assert '"assets/campus-logo.png" has transparent pixels, printed on white in the press file' in issue.message
