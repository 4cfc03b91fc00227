"""Glyph coverage: every character the text prints is in the layout's bundled fonts.

A layout bundles its fonts (``@font-face`` rules pointing at files of its
folders) so that a sheet looks the same on every machine. A character those
fonts lack is not an error for WeasyPrint: Pango quietly takes it from another
font installed on the machine (a different design, and a different result on
the printer's computer), or, when no font has it, draws an empty box. Neither
is visible until someone reads the PDF, so this module finds them in the data:

* :func:`font_coverage` reads the character maps of font files;
* :func:`layout_fonts` finds the font files a layout's stylesheets declare;
* :func:`missing_glyphs` walks every printed text field of the workspace, after
  the typography the pages get (no-break spaces, guillemets, apostrophes), and
  reports each character outside the layout's fonts, once per file, field and
  character, saying whether the machine has another font for it (fontconfig's
  ``fc-list``) or none at all;
* :func:`glyph_issues` runs it for every layout the workspace's targets (and
  ``metier sheet``) use, for each campus they are built for, and gives each
  problem once as an :class:`~metier.errors.Issue`: ``metier check`` and
  ``metier build`` report them with the other input issues.

Characters that are never drawn (line breaks, tabs, the soft hyphen, joiners,
variation selectors: Unicode's default-ignorable code points) are left out;
spaces, including U+00A0 and U+202F, are checked, since they are drawn with a
font's space glyphs.
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
import types
import typing
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin

import tinycss2
from pydantic import BaseModel

from metier.digests import bytes_digest
from metier.errors import Issue, MetierError
from metier.load.references import PROJECT_FILE
from metier.load.yamlfile import Document, dotted
from metier.messages import msg, quote
from metier.model import Campus, Profile, Programme, Project
from metier.model.campus import CampusFields
from metier.model.common import Markdown, Text
from metier.model.project import Target
from metier.render.environment import ASSET_ROOT, WORKSPACE_ROOT
from metier.render.layouts import ResolvedLayout, resolve_layout
from metier.text.markdown import markdown
from metier.text.typography import NBSP, NNBSP, typeset

NOT_PRINTED: dict[type, frozenset[str]] = {
    Profile: frozenset({"tags"}),  # selectors and PDF keywords, never drawn
    Target: frozenset({"categories", "tags", "layout", "output"}),
    Project: frozenset({"sheet_layout"}),
    CampusFields: frozenset({"message"}),  # printed as a band of binary digits, not as text
}
"""Text fields that never reach a page as text, by the model that declares them."""

FOLDER_MODELS = {"profiles": Profile, "programmes": Programme, "campuses": Campus}

_JOINED = {NBSP, NNBSP, "\u2007"}  # spaces that do not end a word: they keep it on one line
_WORD_PUNCTUATION = set(".,;:!?()[]\"'") | _JOINED  # trimmed from a quoted word, unless it is the character itself
_YAML_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

# Default-ignorable code points outside category Cf (DerivedCoreProperties.txt):
# HarfBuzz renders them as nothing, whatever the font.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0000, 0xE0FFF),
)
# Format characters (Cf) that are drawn: prepended concatenation marks,
# interlinear annotation marks, Egyptian hieroglyph format controls.
_DRAWN_FORMAT = (
    (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891),
    (0x08E2, 0x08E2), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x1345F),
)


@dataclass(frozen=True, order=True)
class GlyphProblem:
    """A character of one field of one file that the layout's fonts lack.

    ``line`` and ``column`` (1-based) are those of the character's first
    occurrence when it is written as such in the file, else those of the
    field's value. ``status`` is ``"fallback"`` (another font of this machine
    has it: ``fonts`` names up to three, the one fontconfig tries
    first), ``"missing"`` (no font has it: an empty box is printed) or
    ``"unknown"`` (fontconfig could not be asked). ``count`` is how many
    times the field prints it; ``word`` is the printed word of its first
    occurrence.
    """

    path: str
    line: int
    column: int
    field: str
    char: str
    word: str = ""
    count: int = 1
    status: str = "unknown"
    fonts: tuple[str, ...] = ()

    @property
    def codepoint(self) -> str:
        """The character as ``U+2615 HOT BEVERAGE``."""
        return describe(self.char)

    @property
    def severity(self) -> str:
        """``"error"`` for a character no font has (it prints as a box), else ``"warning"``."""
        return "error" if self.status == "missing" else "warning"

    @property
    def message(self) -> str:
        """The catalogue message: what is wrong and what to do."""
        values = {
            "char": self.codepoint,
            "word": quote(self.word),
            "times": msg("glyph_times", count=self.count) if self.count > 1 else "",
            "hint": msg("glyph_add_font"),
        }
        if self.status == "fallback" and self.fonts:
            return msg("glyph_fallback", font=self.fonts[0], **values)
        if self.status == "missing":
            return msg("glyph_missing", **values)
        return msg("glyph_may_fall_back", **values)

    def issue(self) -> Issue:
        """This problem as a located :class:`Issue`, ready for ``metier check`` and build reports."""
        return Issue(self.path, self.line, self.column, self.field, self.message, self.severity)


def describe(char: str) -> str:
    """``"☕"`` -> ``"U+2615 HOT BEVERAGE"`` (controls and unnamed code points by number only)."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code


def is_drawn(char: str) -> bool:
    """False for a character that is never drawn, whatever the font.

    Controls (line breaks, tabs), line and paragraph separators and Unicode's
    default-ignorable code points (soft hyphen, zero-width space and joiners,
    word joiner U+2060, variation selectors) are rendered as nothing by
    HarfBuzz; every other character, spaces included, needs a glyph.
    """
    category = unicodedata.category(char)
    if category in ("Cc", "Zl", "Zp", "Cs"):
        return False
    code = ord(char)
    if category == "Cf":
        return any(low <= code <= high for low, high in _DRAWN_FORMAT)
    return not any(low <= code <= high for low, high in _IGNORABLE_RANGES)


# --- fonts ------------------------------------------------------------------

_COVERAGE: dict[tuple, frozenset[int]] = {}


def font_coverage(font_files, store=None) -> set[int]:
    """The code points that at least one of *font_files* maps to a glyph.

    Read from each font's best ``cmap`` subtable (fontTools); a collection
    (``.ttc``) counts all its fonts. Each file is read once per
    ``(path, mtime, size)``, so a font replaced during ``metier watch`` is read
    again. A file that cannot be read as a font covers nothing (WeasyPrint
    cannot use it either). With a *store* (:mod:`metier.load.store`), a font
    file's map is also remembered by its digest for the next process.
    """
    covered: set[int] = set()
    for font in font_files:
        path = Path(font)
        try:
            stat = path.stat()
        except OSError:
            continue
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key not in _COVERAGE:
            _COVERAGE[key] = _remembered_cmap(path, store) if store is not None else _read_cmap(path)
        covered |= _COVERAGE[key]
    return covered


def _remembered_cmap(path: Path, store) -> frozenset[int]:
    """The character map of font *path*, from *store*'s memo of its digest when it has one."""
    memo = f"cmap:{store.digest(path)}"
    known = store.memo(memo)
    if isinstance(known, list) and all(type(code) is int for code in known):
        return frozenset(known)
    covered = _read_cmap(path)
    store.remember(memo, sorted(covered))
    return covered


def _read_cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        with path.open("rb") as handle:
            collection = handle.read(4) == b"ttcf"
        if collection:
            fonts = TTCollection(str(path), lazy=True).fonts
        else:
            fonts = [TTFont(str(path), lazy=True)]
        covered: set[int] = set()
        for font in fonts:
            covered |= set(font.getBestCmap() or ())
            font.close()
        return frozenset(covered)
    except (OSError, TTLibError, ValueError, KeyError, AssertionError, ImportError):
        return frozenset()  # not a font (or WOFF2 without brotli): nothing is covered


@dataclass(frozen=True)
class FontFace:
    """One ``@font-face`` rule of a layout: its font file and, if declared, its ``unicode-range``."""

    path: Path
    ranges: tuple[tuple[int, int], ...] | None = None

    def coverage(self, store=None) -> set[int]:
        """The code points this rule lends to the page: the font's, within its ``unicode-range``."""
        covered = font_coverage([self.path], store)
        if self.ranges is None:
            return covered
        return {code for code in covered if any(low <= code <= high for low, high in self.ranges)}


def layout_fonts(resolved_layout: ResolvedLayout, workspace: Path | None = None) -> list[Path]:
    """The font files that *resolved_layout*'s stylesheets declare in ``@font-face`` rules.

    See :func:`layout_font_faces`; this is the list of their files, without repeats.
    """
    seen, out = set(), []
    for face in layout_font_faces(resolved_layout, workspace):
        if face.path not in seen:
            seen.add(face.path)
            out.append(face.path)
    return out


def layout_font_faces(resolved_layout: ResolvedLayout, workspace: Path | None = None) -> list[FontFace]:
    """Every ``@font-face`` rule of the layout's stylesheets whose font file exists.

    The stylesheets are the ``.css`` files of the layout's search path, each
    name taken from the most specific folder that has it (a campus's
    ``custom.css`` replaces the workspace's, as when rendering). A ``src``
    URL is resolved as the renderer's URL fetcher resolves it: relative to the
    stylesheet's own virtual URL, then looked up on the search path (so a
    campus may replace one font file), or in *workspace* for a
    ``file:///__metier__/workspace/`` URL. As WeasyPrint does, the first
    ``url()`` of ``src`` that names an existing file is the one used;
    ``local()`` fonts are the machine's, not bundled, and are left out.
    """
    faces: list[FontFace] = []
    for name, css_file in _stylesheets(resolved_layout):
        try:
            css = css_file.read_text("utf-8", errors="replace")
        except OSError:
            continue
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        for descriptors in _font_face_rules(rules):
            path = _first_font_file(descriptors.get("src", []), name, resolved_layout, workspace)
            if path is not None:
                faces.append(FontFace(path, _unicode_ranges(descriptors.get("unicode-range"))))
    return faces


def _stylesheets(layout: ResolvedLayout) -> list[tuple[str, Path]]:
    """``(name relative to its layout folder, file)`` for every stylesheet, the most specific copy of each."""
    found: dict[str, Path] = {}
    for folder in layout.search_path:
        for path in sorted(folder.rglob("*.css")):
            name = path.relative_to(folder).as_posix()
            found.setdefault(name, path)
    return sorted(found.items())


def _font_face_rules(rules):
    """The declarations (lower-case name -> tokens) of every ``@font-face``, inside ``@media`` too."""
    for rule in rules:
        if rule.type != "at-rule" or rule.content is None:
            continue
        if rule.lower_at_keyword == "font-face":
            declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            yield {d.lower_name: d.value for d in declarations if d.type == "declaration"}
        elif rule.lower_at_keyword in ("media", "supports", "layer"):
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            yield from _font_face_rules(inner)


def _first_font_file(tokens, css_name: str, layout: ResolvedLayout, workspace: Path | None) -> Path | None:
    for url in _src_urls(tokens):
        path = _resolve_font_url(urljoin(ASSET_ROOT + css_name, url.strip()), layout, workspace)
        if path is not None:
            return path
    return None


def _src_urls(tokens):
    """The ``url(...)`` values of a ``src`` descriptor, in order."""
    for token in tokens:
        if token.type == "url":
            yield token.value
        elif token.type == "function" and token.lower_name == "url":
            strings = [t.value for t in token.arguments if t.type == "string"]
            if strings:
                yield strings[0]


def _resolve_font_url(url: str, layout: ResolvedLayout, workspace: Path | None) -> Path | None:
    url = url.split("?", 1)[0].split("#", 1)[0]
    if url.startswith(ASSET_ROOT):
        name = unquote(url[len(ASSET_ROOT):])
        if name.startswith("/") or ".." in PurePosixPath(name).parts:
            return None
        path = layout.find(name)
    elif url.startswith(WORKSPACE_ROOT) and workspace is not None:
        name = unquote(url[len(WORKSPACE_ROOT):])
        if name.startswith("/") or ".." in PurePosixPath(name).parts:
            return None
        path = Path(workspace) / name
    else:
        return None  # remote or outside: the renderer refuses it too
    return path.resolve() if path is not None and path.is_file() else None


def _unicode_ranges(tokens) -> tuple[tuple[int, int], ...] | None:
    if not tokens:
        return None
    ranges = tuple((t.start, t.end) for t in tokens if t.type == "unicode-range")
    return ranges or None


def system_fonts(char: str) -> tuple[str, ...] | None:
    """The families of the machine's fonts that have *char*, as fontconfig (and so Pango) sees them.

    ``()`` when no installed font has it; ``None`` when ``fc-list`` is not
    available or fails, so that nothing can be said.
    """
    return _system_fonts(ord(char))


_SYSTEM_FONTS: dict[int, tuple[str, ...] | None] = {}
_FALLBACK_ORDER: list[tuple[str, ...]] = []


def _system_fonts(code: int) -> tuple[str, ...] | None:
    if code not in _SYSTEM_FONTS:
        found = _fontconfig("fc-list", f":charset={code:x}", "family")
        if found is not None:
            order = {family: rank for rank, family in enumerate(_fallback_order())}
            found = tuple(sorted(set(found), key=lambda family: (order.get(family, len(order)), family)))
        _SYSTEM_FONTS[code] = found
    return _SYSTEM_FONTS[code]


def _fallback_order() -> tuple[str, ...]:
    """The machine's fonts in the order fontconfig tries them for a sans-serif text (Pango's fallback order)."""
    if not _FALLBACK_ORDER:
        _FALLBACK_ORDER.append(_fontconfig("fc-match", "-s", "sans-serif", "family") or ())
    return _FALLBACK_ORDER[0]


def _fontconfig(tool: str, *args: str) -> tuple[str, ...] | None:
    """The first family name of each line a fontconfig tool prints; ``None`` if it cannot be run."""
    program = shutil.which(tool)
    if not program:
        return None
    try:
        done = subprocess.run([program, *args], capture_output=True, text=True, errors="replace",
                              timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    families = (line.split(",")[0].strip() for line in done.stdout.splitlines())
    return tuple(dict.fromkeys(f for f in families if f))


# --- text of the workspace --------------------------------------------------

def missing_glyphs(workspace, layout_name: str = "job-sheet", *, campus_id: str | None = None) -> list[GlyphProblem]:
    """Every printed character of *workspace* that layout *layout_name*'s bundled fonts lack.

    The text fields (``Text`` and ``Markdown``) of ``metier.yaml``, the valid
    profiles, programmes and campus files are read as they reach the page:
    one-line text after :func:`~metier.text.typography.typeset`, Markdown as
    the text of its rendered HTML, both in the project's language. A field is
    checked against the fonts of the layout as resolved for each campus it is
    printed for (a profile: every campus; a programme: its campuses; a campus
    file: its own), or only *campus_id*'s when given. Fields that are not
    printed as text (ids, web and e-mail addresses, phone numbers, tags, layout
    names, the binary band) are skipped. Layout problems raise :class:`~metier.errors.MetierError` as
    :func:`~metier.render.layouts.resolve_layout` does.

    Returns one :class:`GlyphProblem` per file, field and character, sorted by
    file and position; nothing when ``metier.yaml`` itself is invalid.
    """
    if workspace.project is None:
        return []
    language = workspace.project.language
    campuses = [campus_id] if campus_id else (list(workspace.campuses) or [None])
    store = getattr(workspace, "store", None)
    coverage = {c: _layout_coverage(layout_name, workspace.root, c, store) for c in campuses}
    sets: dict[tuple, tuple[set[int], str]] = {}
    problems: list[GlyphProblem] = []
    for display, doc in workspace.documents.items():
        found = _printed_for(workspace, display, campuses)
        if found is None:
            continue
        model, printed_for = found
        if not printed_for:
            continue
        if tuple(printed_for) not in sets:
            covered = set.intersection(*(coverage[c] for c in printed_for))
            sets[tuple(printed_for)] = covered, bytes_digest(repr(sorted(covered)).encode())
        covered, font_set = sets[tuple(printed_for)]
        if store is None or not doc.digest:
            problems.extend(_check_document(workspace.root, doc, model, covered, language))
            continue
        memo = f"glyphs:{model.__name__}:{language}:{font_set}:{doc.digest}"
        known = _problems_from(store.memo(memo), doc.path)
        if known is None:
            known = _check_document(workspace.root, doc, model, covered, language)
            store.remember(memo, [_problem_json(p) for p in known])
        problems.extend(known)
    return sorted(problems)


def _problem_json(problem: GlyphProblem) -> list:
    return [problem.line, problem.column, problem.field, problem.char, problem.word, problem.count,
            problem.status, list(problem.fonts)]


def _problems_from(memo, path: str) -> list[GlyphProblem] | None:
    """The problems a store remembered for one document (see :func:`_problem_json`), or None if it has none."""
    if not isinstance(memo, list):
        return None
    try:
        return [GlyphProblem(path, int(line), int(column), str(field), str(char), str(word), int(count), str(status),
                             tuple(str(f) for f in fonts))
                for line, column, field, char, word, count, status, fonts in memo]
    except (TypeError, ValueError):
        return None


def used_layouts(workspace) -> dict[str, set[str]]:
    """The layouts the workspace prints with, each with the valid campuses it is used for.

    Every valid target's layout (:meth:`~metier.model.project.Target.layout_name`)
    for the campuses it is built for, and ``sheet_layout`` for every campus
    (``metier sheet``). Empty when ``metier.yaml`` is invalid.
    """
    from metier.build.targets import campuses_of, targets

    if workspace.project is None:
        return {}
    sheet_layout = workspace.project.sheet_layout
    used: dict[str, set[str]] = {sheet_layout: set(workspace.campuses)}
    for tid, target in targets(workspace).items():
        if tid not in workspace.invalid["targets"]:
            used.setdefault(target.layout_name(sheet_layout), set()).update(campuses_of(workspace, target))
    return used


def glyph_issues(workspace, layouts: dict[str, set[str]] | None = None) -> list[Issue]:
    """The glyph problems of *workspace* as located issues, each character of each field once.

    *layouts* maps layout names to the campuses they are rendered for (default:
    :func:`used_layouts`). :func:`missing_glyphs` is run once per layout (once
    per campus when a layout is not used for every campus), and a character of
    a field that several layouts or campuses lack is reported once. A
    ``"missing"`` character is an error (it prints as an empty box), any other a
    warning (see :attr:`GlyphProblem.severity`). A layout that cannot be resolved
    is skipped: rendering reports it.
    """
    layouts = used_layouts(workspace) if layouts is None else layouts
    everywhere = set(workspace.campuses)
    found: dict[tuple, GlyphProblem] = {}
    for name, campuses in sorted(layouts.items()):
        campuses = set(campuses) & everywhere
        if not campuses:
            continue
        for campus_id in [None] if campuses == everywhere else sorted(campuses):
            try:
                problems = missing_glyphs(workspace, name, campus_id=campus_id)
            except MetierError:
                break
            for problem in problems:
                found.setdefault((problem.path, problem.line, problem.column, problem.field, problem.char), problem)
    return sorted(problem.issue() for problem in found.values())


def _layout_coverage(layout_name: str, root: Path, campus_id: str | None, store=None) -> set[int]:
    """The code points layout *layout_name*'s bundled fonts cover, for *campus_id*.

    With a *store*, remembered under the digests of the layout's stylesheets
    and kept while the font files they name are unchanged.
    """
    layout = resolve_layout(layout_name, root, campus_id)
    if store is not None:
        sheets = [(name, str(path), store.digest(path)) for name, path in _stylesheets(layout)]
        memo = "coverage:" + bytes_digest(repr((str(root), sheets)).encode())
        known = store.memo(memo)
        if _still_covered(known, store):
            return set(known["covered"])
    covered: set[int] = set()
    faces = layout_font_faces(layout, root)
    for face in faces:
        covered |= face.coverage(store)
    if store is not None:
        fonts = sorted({str(face.path) for face in faces})
        store.remember(memo, {"fonts": [[f, store.digest(Path(f))] for f in fonts], "covered": sorted(covered)})
    return covered


def _still_covered(known, store) -> bool:
    """Whether a remembered coverage (see :func:`_layout_coverage`) has the expected shape and unchanged fonts."""
    try:
        return all(store.digest(Path(font)) == digest for font, digest in known["fonts"]) \
            and all(type(code) is int for code in known["covered"])
    except (TypeError, KeyError, ValueError):
        return False


def _printed_for(workspace, display: str, campuses: list) -> tuple[type, list] | None:
    """The model of the document *display* and the campuses (among *campuses*) it is printed for."""
    if display == PROJECT_FILE:
        return Project, campuses
    parts = PurePosixPath(display).parts
    if len(parts) != 2 or parts[0] not in FOLDER_MODELS:
        return None
    folder, item = parts[0], PurePosixPath(parts[1]).stem
    valid = getattr(workspace, folder)
    if item not in valid:
        return None  # invalid files are already reported; their fields may not mean what they say
    if folder == "campuses":
        return Campus, [c for c in campuses if c in (item, None)]
    if folder == "programmes":
        return Programme, [c for c in campuses if c is None or c in valid[item].campuses]
    return Profile, campuses


def _check_document(root: Path, doc: Document, model, covered: set[int], language: str) -> list[GlyphProblem]:
    problems = []
    source = None
    for loc, kind, value in _text_fields(doc.data, model, ()):
        printed = _printed(value, kind, language)
        seen: dict[str, int] = {}
        for index, char in enumerate(printed):
            if char not in seen and ord(char) not in covered and is_drawn(char):
                seen[char] = index
        for char, index in seen.items():
            source = source or _Source(root / doc.path, doc)
            line, column = source.position(loc, char if char in value else None)
            fonts = system_fonts(char)
            status = "unknown" if fonts is None else ("fallback" if fonts else "missing")
            problems.append(GlyphProblem(
                path=doc.path, line=line, column=column, field=dotted(loc), char=char,
                word=_word(printed, index), count=printed.count(char), status=status,
                fonts=tuple(fonts or ())[:3]))
    return problems


def _printed(value: str, kind: str, language: str) -> str:
    """The text *value* puts on the page: typeset, and for Markdown the text of its HTML."""
    if kind == "markdown":
        parser = _TextOf()
        parser.feed(str(markdown(value, language)))
        parser.close()
        return "".join(parser.parts)
    return typeset(value.strip(), language)


class _TextOf(HTMLParser):
    """The text content of an HTML fragment (character references decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")


def _word(text: str, index: int) -> str:
    """The word around ``text[index]``: the run of characters between breaking spaces."""
    def breaks(char):
        return char.isspace() and char not in _JOINED

    start, end = index, index + 1
    while start > 0 and not breaks(text[start - 1]):
        start -= 1
    while end < len(text) and not breaks(text[end]):
        end += 1
    while start < index and text[start] in _WORD_PUNCTUATION:
        start += 1
    while end > index + 1 and text[end - 1] in _WORD_PUNCTUATION:
        end -= 1
    return text[start:end]


class _Source:
    """The text of a loaded file, to point at the line and column of a character inside a value."""

    def __init__(self, path: Path, doc: Document):
        self.doc = doc
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = None
        self.text = text
        if text is not None:
            self.starts = [0] + [m.end() for m in _YAML_BREAKS.finditer(text)]
            self.bounds = sorted({self._offset(p) for p in (*doc.marks.values(), *doc.key_marks.values())})

    def _offset(self, position) -> int:
        line, column = position
        if line - 1 >= len(self.starts):
            return len(self.text)
        return self.starts[line - 1] + column - 1

    def position(self, loc: tuple, char: str | None) -> tuple[int, int]:
        """Where *char* is first written in the value at *loc*; the value's own position if it is not."""
        field = self.doc.locate(loc)
        if char is None or self.text is None or loc not in self.doc.marks:
            return field
        start = self._offset(self.doc.marks[loc])
        end = next((b for b in self.bounds if b > start), len(self.text))
        found = self.text.find(char, start, end)
        if found < 0:
            return field
        line = bisect.bisect_right(self.starts, found) - 1
        return line + 1, found - self.starts[line] + 1


def _text_fields(value, hint, loc: tuple):
    """``(data path, "text" or "markdown", value)`` for every printed text value of *value*."""
    kind = _leaf_kind(hint)
    if kind is not None:
        if isinstance(value, str):
            yield loc, kind, value
        return
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        yield from _text_fields(value, typing.get_args(hint)[0], loc)
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            if arg is not type(None) and _fits(arg, value):
                yield from _text_fields(value, arg, loc)
                return
    elif origin is list and isinstance(value, list):
        (item,) = typing.get_args(hint) or (None,)
        for index, element in enumerate(value):
            yield from _text_fields(element, item, loc + (index,))
    elif origin is dict and isinstance(value, dict):
        item = typing.get_args(hint)[1] if typing.get_args(hint) else None
        for key, element in value.items():
            yield from _text_fields(element, item, loc + (key,))
    elif isinstance(hint, type) and issubclass(hint, BaseModel) and isinstance(value, dict):
        hints = _hints(hint)
        skipped = _not_printed(hint)
        for key, element in value.items():
            if key in hints and key not in skipped:
                yield from _text_fields(element, hints[key], loc + (key,))


def _leaf_kind(hint) -> str | None:
    try:
        if hint == Markdown:
            return "markdown"
        if hint == Text:
            return "text"
    except TypeError:  # pragma: no cover - an annotation that refuses comparison
        return None
    return None


def _fits(hint, value) -> bool:
    """Whether *value*'s shape (text, list, mapping) can be an instance of *hint*."""
    if _leaf_kind(hint) is not None:
        return isinstance(value, str)
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return _fits(typing.get_args(hint)[0], value)
    if origin is list:
        return isinstance(value, list)
    if origin is dict or (isinstance(hint, type) and issubclass(hint, BaseModel)):
        return isinstance(value, dict)
    return False


_HINTS: dict[type, dict] = {}


def _hints(model: type[BaseModel]) -> dict:
    if model not in _HINTS:
        _HINTS[model] = typing.get_type_hints(model, include_extras=True)
    return _HINTS[model]


def _not_printed(model: type) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for owner, names in NOT_PRINTED.items():
        if issubclass(model, owner):
            out |= names
    return out
