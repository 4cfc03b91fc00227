"""Change some values of a YAML file the user wrote, and leave every other byte as it was.

A save from the studio's form must change only the fields that were edited:
comments, key order, blank lines, quoting and line folding elsewhere stay
exactly as the user wrote them. Loading the file with ruamel.yaml's round-trip
mode and dumping it again is not enough: ruamel re-flows plain scalars that
span several lines (every sample profile's ``skills.technical`` items would be
rewritten on one line). So the document is patched as text: PyYAML's node
tree gives the exact span of each value, that span alone is replaced, and the
new value is written by ruamel.yaml's emitter rules (plain when it may be
plain, quoted as the user quoted it, a literal block for text with line
breaks). A value the file does not have yet is added as a new last entry of
its mapping, made if needed.

Every patched text is read again and must give the intended data: a patch
that would not is refused with :class:`PatchError` and nothing is written.
"""

from __future__ import annotations

import io

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.emitter import Emitter

from metier.errors import MetierError
from metier.messages import msg

Path_ = tuple


class PatchError(MetierError):
    """A change that cannot be written into the file's text (the text then stays as it was)."""


def patch(text: str, changes: dict[Path_, object]) -> str:
    """*text* with the value at each path of *changes* replaced (``None`` empties it); nothing else changes.

    Paths are tuples of keys and list indices. A list or mapping value replaces
    the whole collection. Raises :class:`PatchError` when a path goes through
    a value that is not a mapping or a list, or the result would not read back.
    """
    for path, value in sorted(changes.items(), key=lambda kv: _order(text, kv[0]), reverse=True):
        text = _patch_one(text, tuple(path), value)
    _check(text, changes)
    return text


def _order(text: str, path: Path_) -> int:
    """Where *path*'s change lands in *text*, so that changes are applied from the end backwards."""
    root = _compose(text)
    node, found = _walk(root, path)
    return node.start_mark.index if found else _value_end(node, text)


def _compose(text: str):
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise PatchError(msg("studio_patch_unreadable", reason=str(exc).splitlines()[0])) from None


def _walk(node, path: Path_):
    """The node at *path*, or the deepest existing node on the way there; and whether *path* was found."""
    for part in path:
        child = _child(node, part)
        if child is None:
            return node, False
        node = child
    return node, True


def _child(node, part):
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def _entry(node, part):
    """The ``(key, value)`` nodes of *part* in mapping *node*."""
    for key, value in node.value:
        if key.value == str(part):
            return key, value
    return None


def _value_end(node, text: str) -> int:
    """Where the text of *node* really ends: without the blank lines and comments a block collection swallows."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            chunk = text[node.start_mark.index:node.end_mark.index]
            return node.start_mark.index + len(chunk.rstrip())
        return node.end_mark.index
    if node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _value_end(last[1] if isinstance(last, tuple) else last, text)


def _patch_one(text: str, path: Path_, value) -> str:
    root = _compose(text)
    if root is None:
        root_text = _block({path[0]: _nest(path[1:], value)} if path else value, 0)
        return text + ("" if not text or text.endswith("\n") else "\n") + root_text + "\n"
    node, found = _walk(root, path)
    if not path:
        raise PatchError(msg("studio_patch_not_mapping", field="(file)"))
    if found:
        parent, _ = _walk(root, path[:-1])
        if isinstance(parent, yaml.MappingNode):
            key, old = _entry(parent, path[-1])
            start = text.index(":", key.end_mark.index) + 1
            end = max(start, _value_end(old, text))
            return text[:start] + _after_key(value, key.start_mark.column, old) + text[end:]
        # an item of a list
        start, end = node.start_mark.index, _value_end(node, text)
        return text[:start] + _inline(value, node.start_mark.column, node) + text[end:]
    # the path stops at *node*: add the rest under it
    depth = len(_walk_path(root, path))
    rest = path[depth:]
    if not isinstance(node, yaml.MappingNode) or isinstance(rest[0], int):
        raise PatchError(msg("studio_patch_not_mapping", field=".".join(str(p) for p in path[:depth]) or "(file)"))
    entry = {rest[0]: _nest(rest[1:], value)}
    if node.flow_style:
        raise PatchError(msg("studio_patch_not_mapping", field=".".join(str(p) for p in path[:depth])))
    if node.value:
        column = node.value[0][0].start_mark.column
        end = text.find("\n", _value_end(node, text))  # after a comment ending the last entry's line
        end = len(text) if end == -1 else end
        return text[:end] + "\n" + " " * column + _block(entry, column) + text[end:]
    # an empty mapping written as a key with nothing after it
    parent, _ = _walk(root, path[:depth - 1])
    key, old = _entry(parent, path[depth - 1])
    start = text.index(":", key.end_mark.index) + 1
    return text[:start] + _after_key(entry, key.start_mark.column, old) + text[max(start, _value_end(old, text)):]


def _walk_path(root, path: Path_) -> Path_:
    """The longest prefix of *path* that exists in the tree under *root*."""
    node, done = root, []
    for part in path:
        node = _child(node, part)
        if node is None:
            break
        done.append(part)
    return tuple(done)


def _nest(path: Path_, value):
    for part in reversed(path):
        value = {part: value}
    return value


def _after_key(value, key_column: int, old=None) -> str:
    """What follows ``key:`` for *value*: `` value``, a block scalar, or an indented block on the next lines."""
    if value is None or value == "":
        return ""
    if isinstance(value, (dict, list)):
        if not value:
            return " {}" if isinstance(value, dict) else " []"
        indent = key_column + 2
        return "\n" + " " * indent + _block(value, indent)
    return " " + _scalar(value, key_column + 2, old)


def _inline(value, column: int, old=None) -> str:
    """*value* as a list item's text, its first line starting at *column*."""
    if isinstance(value, (dict, list)):
        return _block(value, column) if value else ("{}" if isinstance(value, dict) else "[]")
    return _scalar(value, column + 2, old)


def _scalar(value, indent: int, old=None) -> str:
    """A scalar as YAML text: plain when it may be, quoted like *old* was, a literal block when it has line breaks."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    value = str(value)
    if "\n" in value:
        chomp = "" if value.endswith("\n") else "-"
        lines = value.rstrip("\n").split("\n") if chomp == "-" else value[:-1].split("\n")
        return "|" + chomp + "".join("\n" + (" " * indent + line if line.strip() else "") for line in lines)
    style = getattr(old, "style", None) if isinstance(old, yaml.ScalarNode) else None
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or not _plain_ok(value):
        return _double_quoted(value)
    return value


def _plain_ok(value: str) -> bool:
    emitter = Emitter(io.StringIO(), allow_unicode=True)
    analysis = emitter.analyze_scalar(value)
    return bool(value) and analysis.allow_block_plain and not analysis.multiline and value.strip() == value


def _double_quoted(value: str) -> str:
    out = io.StringIO()
    yaml_rt = YAML(typ="rt")
    yaml_rt.width = 1 << 16
    yaml_rt.allow_unicode = True
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml_rt.dump([DoubleQuotedScalarString(value)], out)
    return out.getvalue().strip()[2:]


def _block(value, indent: int) -> str:
    """A block collection as YAML text whose first line starts at column *indent* (already written)."""
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            lines.append(f"{key}:" + _after_key(item, indent))
    else:
        for item in value:
            lines.append("- " + _inline(item, indent + 2))
    return ("\n" + " " * indent).join(lines)


def _check(text: str, changes: dict[Path_, object]) -> None:
    """Read *text* back: each changed path must hold its new value (as the loader reads it: text)."""
    try:
        data = yaml.load(text, Loader=_TextLoader)
    except yaml.YAMLError as exc:
        raise PatchError(msg("studio_patch_unreadable", reason=str(exc).splitlines()[0])) from None
    for path, value in changes.items():
        got = data
        for part in path:
            got = got[part] if isinstance(got, (dict, list)) else None
        if _as_text(got) != _as_text(value):
            raise PatchError(msg("studio_patch_unreadable", reason=".".join(str(p) for p in path)))


def _as_text(value):
    if isinstance(value, dict):
        return {str(k): _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _TextLoader(yaml.SafeLoader):
    """Reads every scalar as text, as metier's loader does (:mod:`metier.load.yamlfile`)."""


_TextLoader.yaml_implicit_resolvers = {}
