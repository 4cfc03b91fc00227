"""YAML files read as plain data, with the line and column of every value.

PyYAML's resolver turns ``14:30`` into 870, ``0472`` into an octal number and
``NO`` into ``False``. metier never lets that happen behind the user's back: it
composes the node tree, keeps every scalar as text (``None`` for an empty value),
and leaves conversion to the models, which know what each field expects.

It also refuses what PyYAML accepts silently: duplicate keys (PyYAML keeps the
last one), anchors and aliases (a "billion laughs" file), non-UTF-8 bytes, and
writes its own message for each problem, located as ``line:col`` (1-based).
The messages and positions are the same with libyaml and with PyYAML's
pure-Python loader (whose composer recurses once per level: a file nested a
thousand levels deep is refused as too deep, not with a RecursionError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from metier.digests import bytes_digest
from metier.errors import Issue
from metier.messages import msg, quote

try:  # libyaml is much faster when present; the messages do not depend on it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

MAX_BYTES = 1_000_000
_YAML_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
MAX_DEPTH = 50
_NULLS = {"", "~", "null", "Null", "NULL"}
_QUOTED = {"'", '"', "|", ">"}

Path_ = tuple  # a path into the data: keys and list indices


@dataclass
class Document:
    """The data of one YAML file and where each part of it was written.

    ``marks`` maps a data path (a tuple of keys and indices) to the 1-based
    ``(line, column)`` of its value; ``key_marks`` to the position of the key
    that introduced it.
    """

    path: str
    data: object
    marks: dict = field(default_factory=dict)
    key_marks: dict = field(default_factory=dict)
    digest: str = ""
    """SHA-256 of the bytes read: what a build's cache keys use, so that an edit made
    after the file was read can never be recorded as built."""

    def locate(self, loc: tuple, *, key: bool = False) -> tuple[int, int]:
        """Return the position of *loc*, or of its nearest written ancestor."""
        loc = tuple(loc)
        while loc:
            table = self.key_marks if key else self.marks
            if loc in table:
                return table[loc]
            if loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), (1, 1))

    def issue(self, loc: tuple, message: str, *, key: bool = False, severity="error") -> Issue:
        """An :class:`Issue` about the value at *loc* in this file."""
        line, col = self.locate(loc, key=key)
        return Issue(self.path, line, col, dotted(loc), message, severity)


def dotted(loc) -> str:
    """``("salary", "starting", 0)`` -> ``"salary.starting[0]"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class YamlProblem(Exception):
    """A file that cannot be read as YAML data; carries its :class:`Issue`."""

    def __init__(self, issue: Issue):
        self.issue = issue
        super().__init__(str(issue))


def read_yaml(path: Path, display: str) -> Document:
    """Read *path* and return its :class:`Document`.

    *display* is the name used in messages (relative to the workspace).
    Raises :class:`YamlProblem` with a located issue when the file cannot be read.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise YamlProblem(Issue(display, 1, 1, "", msg("file_unreadable", reason=exc.strerror or exc)))
    doc = parse_yaml(raw, display)
    doc.digest = bytes_digest(raw)
    return doc


def parse_yaml(raw: bytes, display: str) -> Document:
    """Parse YAML *raw* bytes (see :func:`read_yaml`)."""

    def fail(line, col, key, **values):
        raise YamlProblem(Issue(display, line, col, "", msg(key, **values)))

    if len(raw) > MAX_BYTES:
        fail(1, 1, "yaml_too_big", size=len(raw), limit=MAX_BYTES)
    if b"\x00" in raw:
        fail(1, 1, "yaml_binary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        fail(line, col, "yaml_not_utf8", byte=f"0x{raw[exc.start]:02X}")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        fail(1, 1, "yaml_empty")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own limit, far above ours
            _refuse_deep(text, display)
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        key, values = _explain(exc, text, mark)
        if key == "yaml_bad_escape":  # point at the backslash, where the loaders point after it
            line_text = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
            if line_text[col - 1:col] != "\\" and line_text.rfind("\\", 0, col - 1) >= 0:
                col = line_text.rfind("\\", 0, col - 1) + 1
        fail(line, col, key, **values)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control, non-character)
        line, col = _position(text, text.find(chr(exc.character)))
        fail(line, col, "yaml_control_char", char=f"U+{exc.character:04X}")
    except RecursionError:  # PyYAML's pure-Python composer recurses once per nesting level
        _refuse_deep(text, display)
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml's unmarked errors
        fail(1, 1, "yaml_syntax", problem=str(exc).splitlines()[0])
    doc = Document(display, None)
    doc.data = _build(node, (), doc, set(), 0, text)
    return doc


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based ``(line, column)`` of character *index* of *text*, lines broken as YAML breaks them.

    ``(1, 1)`` for a negative index.
    """
    if index < 0:
        return 1, 1
    lines = _YAML_BREAKS.split(text[:index])
    return len(lines), len(lines[-1]) + 1


def _refuse_deep(text: str, display: str) -> None:
    """Raise :class:`YamlProblem` at the first value nested deeper than ``MAX_DEPTH`` (found without recursion)."""
    try:
        found = _deep_value(text)
    except yaml.YAMLError:  # pragma: no cover - the parser failed before that depth
        found = None
    loc, mark = found if found else ((), None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    raise YamlProblem(Issue(display, line, col, dotted(loc), msg("yaml_too_deep", limit=MAX_DEPTH)))


def _deep_value(text: str):
    """``(data path, start mark)`` of the first value nested deeper than ``MAX_DEPTH``, or ``None``.

    Walks the events of PyYAML's pure-Python parser, which keeps an explicit
    stack (no recursion, however deep the file) and reads ahead only a little
    (libyaml's scanner may run into its own nesting limit first). Paths are
    those :func:`_build` gives, so the message is the same either way.
    """
    frames: list[list] = []  # per open collection: [its path, is a mapping, last key or index, expecting a key]
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionEndEvent):
            frames.pop()
        elif isinstance(event, yaml.NodeEvent):
            top = frames[-1] if frames else None
            if top is None:
                loc = ()
            elif not top[1]:
                top[2] += 1
                loc = top[0] + (top[2],)
            elif top[3]:  # a key: it names the value that follows
                top[2] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                loc = None
            else:
                loc = top[0] + (top[2],)
            if loc is not None and len(frames) > MAX_DEPTH:
                return loc, event.start_mark
            if isinstance(event, yaml.CollectionStartEvent):
                frames.append([top[0] if loc is None else loc, isinstance(event, yaml.MappingStartEvent), -1, True])
                continue
        else:
            continue
        if frames and frames[-1][1]:  # a mapping's key or value is complete: the other comes next
            frames[-1][3] = not frames[-1][3]
    return None


def _first_alias(text: str) -> tuple[int, int] | None:
    """The 1-based position of the first alias (``*name``) of *text*, or ``None``.

    The composer hands an alias back as the anchored node itself, whose
    position is the anchor's; the parser's events still know where the alias is.
    """
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1, event.start_mark.column + 1
    except yaml.YAMLError:  # pragma: no cover - the text was composed once already
        pass
    return None


def _explain(exc: yaml.MarkedYAMLError, text: str, mark) -> tuple[str, dict]:
    """Choose our own message for a YAML syntax error (the loaders word them differently)."""
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\\t" in problem or "\t" in line_text[: (mark.column + 1) if mark else 0]:
        return "yaml_tab", {}
    if "mapping values are not allowed" in problem:
        return "yaml_colon_in_value", {}
    at = line_text[mark.column] if mark is not None and mark.column < len(line_text) else ""
    if "cannot start any token" in problem and at in "@`":
        return "yaml_reserved_char", {}
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "yaml_unclosed_bracket", {}
    if "unknown escape character" in problem or "hexdecimal number" in problem or "hexadecimal numbers" in problem:
        return "yaml_bad_escape", {}
    if "undefined alias" in problem:
        return "yaml_alias", {}
    if "cannot start any token" in problem and at == "%":
        return "yaml_reserved_percent", {}
    if "quoted scalar" in context:
        return "yaml_unclosed_quote", {}
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return "yaml_indent", {}
    if "expected a single document" in context or "another document" in problem:
        return "yaml_many_documents", {}
    return "yaml_syntax", {"problem": problem or context}


def _build(node, loc: tuple, doc: Document, seen: set, depth: int, text: str = ""):
    """Turn a composed node into plain data, recording positions and refusing surprises.

    *text* is the document's text, read again only to locate an alias.
    """
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if id(node) in seen:  # an alias: the composer hands back the anchored node itself
        line, col = doc.key_marks.get(loc) or _first_alias(text) or (line, col)
        raise YamlProblem(Issue(doc.path, line, col, dotted(loc), msg("yaml_alias")))
    if depth > MAX_DEPTH:
        raise YamlProblem(Issue(doc.path, line, col, dotted(loc), msg("yaml_too_deep", limit=MAX_DEPTH)))
    doc.marks[loc] = (line, col)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.style not in _QUOTED and node.value in _NULLS:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), doc, seen, depth + 1, text) for i, item in enumerate(node.value)]
    result: dict = {}
    for key_node, value_node in node.value:
        kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if id(key_node) in seen:  # an alias written as a key
            kline, kcol = _first_alias(text) or (kline, kcol)
            raise YamlProblem(Issue(doc.path, kline, kcol, dotted(loc), msg("yaml_alias")))
        seen.add(id(key_node))
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem(Issue(doc.path, kline, kcol, dotted(loc), msg("yaml_complex_key")))
        key = key_node.value
        if key == "<<" and key_node.tag.endswith(":merge"):
            raise YamlProblem(Issue(doc.path, kline, kcol, dotted(loc), msg("yaml_alias")))
        if key in result:
            first = doc.key_marks[loc + (key,)]
            raise YamlProblem(Issue(doc.path, kline, kcol, dotted(loc + (key,)),
                                    msg("yaml_duplicate_key", key=quote(key), line=first[0])))
        doc.key_marks[loc + (key,)] = (kline, kcol)
        result[key] = _build(value_node, loc + (key,), doc, seen, depth + 1, text)
    return result
