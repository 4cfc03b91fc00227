"""Hypothesis strategies for profile and campus files, built from the models' own fields.

:func:`for_model` walks a pydantic model's fields (their types, patterns,
bounds and lengths) and builds a strategy for a valid-looking dict of that
model: a new field of :class:`~metier.model.Profile` or
:class:`~metier.model.Campus` is generated without a change here. The few
rules that span fields or files (a reference salary in the currency of the
others, an event's end after its start, ids of files that exist, labels the
layouts print) are :data:`OVERRIDES` and fix-ups.

:func:`broken` damages such a dict (a value of the wrong type or form, a
missing or unknown key, control characters, huge or deeply nested values),
and :func:`raw_yaml` writes a dict as YAML by hand, leaving text unquoted, so
that ``NO``, ``14:30``, ``&a``, ``*a`` or ``!!python/object`` reach the YAML
reader as a person would type them. :data:`fragments` makes files of
YAML-ish lines and bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from metier.model import Campus, Profile
from metier.model.campus import Event
from metier.model.common import (COLOUR_PATTERN, CURRENCY_PATTERN, EMAIL_PATTERN, FAP_PATTERN, ID_PATTERN,
                                 PHONE_PATTERN, ROME_PATTERN, URL_PATTERN)
from metier.model.profile import Summary

PROGRAMME_IDS = ("bachelor-hostile", "master-hostile")
"""Programmes of the test workspace (see ``tests/hostile/test_properties.py``)."""
OTHER_PROFILE = "other"
"""A valid profile of the test workspace, for related jobs."""

YAML_SPECIALS = (
    "NO", "no", "Yes", "on", "OFF", "y", "0472", "014", "0o17", "0x1F", "1_000", "1e3", "-0", "+1", ".inf", ".NaN",
    "14:30", "1:2:3", "2024-01-01", "2024-01-01 10:00:00", "~", "null", "Null", "&a", "*a", "&a x", "*a x",
    "!!python/object/apply:os.system", "!!binary", "!foo bar", "%YAML 1.1", "@home", "`id`", "- item", "? key",
    "{a: b}", "[a, b]", "|", ">", "# comment", "'", '"', "'quoted'", '"dq"', "---", "...", "<<", "=", "\\", "%",
    "a: b", "a #b", "key:value", "tab\there", "x\n  y: z", "  leading", "trailing  ", "C:\\Users\\x",
)
"""Strings YAML 1.1 would turn into something else, or that are YAML syntax."""

UNICODE = (
    "مهندس أمن المعلومات", "מהנדס אבטחה", "\u202eevil\u202c", "e\u0301\u0301\u0301\u0301",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "👩🏽\u200d💻 sécu 🔐", "\u200b\u200d\ufeff", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "信息安全工程师", "Ⅻ",
    "ǅungla", "ß" * 20, "l’« analyste » : oui ; non ! vraiment ? 5 850 € Bac+5 1er", "\u00a0\u202f\u2007",
    "\ufffd", "\U0010fffd",
)
"""Text that exercises right-to-left scripts, combining marks, emoji, joiners and French typography."""

CONTROL = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F))
"""Control characters a double-quoted YAML escape can write, which printed text must not hold."""

MARKDOWN_BITS = (
    "# Titre", "## Sous-titre", "- point", "1. premier", "> citation", "**gras**", "*italique*", "`code`",
    "```\nbloc\n```", "[lien](https://example.org/a)", "[mail](mailto:a@example.org)", "[js](javascript:alert(1))",
    "[d](data:text/html;base64,PHNjcmlwdD4=)", "<https://example.org>", "<javascript:alert(1)>", "![img](x.png)",
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<style>*{display:none}</style>", "&amp; &lt;",
    "&#x3C;script&#x3E;", "| a | b |\n|---|---|\n| 1 | 2 |", "---", "\\", "* * *", "[ref][1]\n\n[1]: javascript:x",
    "> " * 30 + "profond", "- " * 30 + "liste", "*" * 50, "_" * 50, "[" * 50, "<" * 50,
)
"""Markdown constructs, safe and hostile."""

_TEXT_CHARS = st.characters(blacklist_categories=("Cc", "Cs"))


def text(max_size: int = 60) -> st.SearchStrategy[str]:
    """One line of printable text (with something that is not a space), including YAML specials and hard Unicode."""
    return st.one_of(
        st.text(_TEXT_CHARS, min_size=1, max_size=max_size),
        st.text(st.sampled_from("abcdéèàçœ ’'«»:;!?-.,()&<>\"#*_[]{}%@`|~"), min_size=1, max_size=max_size),
        st.sampled_from(YAML_SPECIALS + UNICODE),
        st.just("x" * max_size),
    ).map(lambda s: s[:max_size]).filter(lambda s: s.strip())


def markdown(max_parts: int = 6) -> st.SearchStrategy[str]:
    """Markdown text made of constructs (safe and hostile) and lines of text."""
    part = st.one_of(st.sampled_from(MARKDOWN_BITS), text(120), st.just("Lorem ipsum dolor sit amet. " * 40))
    return st.lists(part, min_size=1, max_size=max_parts).map("\n\n".join).filter(lambda s: s.strip())


def _regex(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True)


PATTERNS: dict[str, st.SearchStrategy[str]] = {
    ID_PATTERN: _regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}"),
    COLOUR_PATTERN: _regex(r"#[0-9A-Fa-f]{6}"),
    URL_PATTERN: st.builds("https://example.org/{}".format, st.text(st.sampled_from("abc-_/.~%?=&#éz0"), max_size=30)),
    EMAIL_PATTERN: _regex(r"[a-z0-9._+-]{1,12}@[a-z0-9-]{1,12}\.[a-z]{2,5}"),
    PHONE_PATTERN: _regex(r"\+?[0-9][0-9 .()-]{4,18}[0-9]"),
    ROME_PATTERN: _regex(r"[A-N][0-9]{4}"),
    FAP_PATTERN: _regex(FAP_PATTERN.strip("^$")),
    CURRENCY_PATTERN: st.sampled_from(("EUR", "CHF", "USD", "GBP")),
    # a picture's file (profile photo, portrait, campus photo): one of the sample's, so that it loads
    r"^[^\s:\\/][^:\\]*\.(png|jpe?g|PNG|JPE?G)$": st.sampled_from(("assets/photos/prompt-engineer.jpg",
                                                                      "assets/photos/portrait-olivier.jpg")),
}
"""A strategy for each pattern of :mod:`metier.model.common` that the generated fields use."""


class _Constraints:
    """Bounds, lengths and pattern gathered from a field's metadata, however pydantic nests them."""

    def __init__(self, metadata):
        self.pattern = None
        self.min_length = self.max_length = None
        self.lower = self.upper = None
        self.strict_lower = False
        self._read(metadata)

    def _read(self, metadata):
        for item in metadata:
            if isinstance(item, FieldInfo):
                self._read(item.metadata)
            elif isinstance(item, StringConstraints):
                self.pattern = item.pattern or self.pattern
                self._lengths(item.min_length, item.max_length)
            elif isinstance(item, annotated_types.MinLen):
                self._lengths(item.min_length, None)
            elif isinstance(item, annotated_types.MaxLen):
                self._lengths(None, item.max_length)
            elif isinstance(item, (annotated_types.Ge, annotated_types.Gt)):
                self.lower = getattr(item, "ge", None) if isinstance(item, annotated_types.Ge) else item.gt
                self.strict_lower = isinstance(item, annotated_types.Gt)
            elif isinstance(item, (annotated_types.Le, annotated_types.Lt)):
                self.upper = getattr(item, "le", None) if isinstance(item, annotated_types.Le) else item.lt

    def _lengths(self, low, high):
        if low is not None:
            self.min_length = max(self.min_length or 0, low)
        if high is not None:
            self.max_length = min(self.max_length or high, high)


SKIP = object()
"""An override that leaves a field out (logos: image files are tested elsewhere)."""


def _comparable(summary: dict) -> dict:
    """A reference salary in the currency and basis of the others, paid by month or year (the model's rule)."""
    reference = summary.get("salary_reference")
    if reference:
        amount = dict(reference["amount"])
        for key in ("currency", "basis"):
            amount[key] = summary["salary_starting"].get(key, "EUR" if key == "currency" else "gross")
            for other in ("salary_starting", "salary_experienced"):
                summary[other] = {**summary[other], key: amount[key]}
        amount["period"] = "year"
        for other in ("salary_starting", "salary_experienced"):
            if summary[other].get("period", "month") not in ("month", "year"):
                summary[other] = {**summary[other], "period": "month"}
        summary = {**summary, "salary_reference": {**reference, "amount": amount}}
    return summary


def _ordered(event: dict) -> dict:
    """An event ending on or after its first day."""
    if "end" in event and event["end"] < event["date"]:
        event = {**event, "end": event["date"]}
    return event


def _label_text() -> st.SearchStrategy[str]:
    return text(40).filter(lambda s: "{" not in s and "}" not in s)


def _labels() -> st.SearchStrategy[dict]:
    from metier.text.labels import label, label_keys

    plain = sorted(k for k in label_keys("fr") if "{" not in label("fr", k))
    return st.dictionaries(st.sampled_from(plain), _label_text(), max_size=3)


OVERRIDES: dict[str, object] = {
    "Profile.programmes": st.lists(st.sampled_from(PROGRAMME_IDS), max_size=2, unique=True),
    "Profile.related": st.lists(st.one_of(st.just(OTHER_PROFILE), st.fixed_dictionaries({"title": text(40)})),
                                max_size=3),
    "Campus.logo": SKIP,
    "Campus.labels": _labels(),
    "Campus.profile_url": st.sampled_from(("https://example.org/{campus}/metiers/{profile}",
                                           "https://example.org/{profile}", "https://example.org/fixe")),
}
"""Strategies for fields whose valid values depend on other files or on the layouts, by ``Model.field``."""

FIXUPS = {Summary: _comparable, Event: _ordered}
"""Rules across the fields of one model, applied to the generated dict."""


def for_model(model: type[BaseModel]) -> st.SearchStrategy[dict]:
    """A dict of *model*'s fields: every required one, any of the optional ones."""
    required, optional = {}, {}
    for name, info in model.model_fields.items():
        strategy = OVERRIDES.get(f"{model.__name__}.{name}")
        if strategy is SKIP:
            continue
        if strategy is None:
            strategy = for_annotation(info.annotation, info.metadata)
        (required if info.is_required() else optional)[name] = strategy
    built = st.fixed_dictionaries(required, optional=optional)
    return built.map(FIXUPS[model]) if model in FIXUPS else built


def for_annotation(annotation, metadata=()) -> st.SearchStrategy:
    """A strategy for a value of type *annotation* with the constraints in *metadata*."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return for_annotation(args[0], [*annotation.__metadata__, *metadata])
    if origin in (typing.Union, types.UnionType):
        return for_annotation(next(a for a in args if a is not type(None)), metadata)  # optional: left out, not None
    if origin is typing.Literal:
        return st.sampled_from(args)
    limits = _Constraints(metadata)
    if origin is list:
        low = limits.min_length or 0
        return st.lists(for_annotation(args[0]), min_size=low, max_size=max(low, min(limits.max_length or 3, 3)))
    if origin is dict:
        return st.dictionaries(PATTERNS[ID_PATTERN], for_annotation(args[1]), max_size=2)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return for_model(annotation)
    if annotation is str:
        if limits.pattern:
            return PATTERNS[limits.pattern]
        if (limits.max_length or 0) > 500:
            return markdown()
        return text(min(limits.max_length or 500, 120))
    if annotation is bool:
        return st.sampled_from(("true", "false", "yes", "no"))
    if annotation in (int, float):
        low = limits.lower if limits.lower is not None else -1000
        high = limits.upper if limits.upper is not None else 1_000_000
        if annotation is int or limits.strict_lower:
            whole = st.integers(int(low) + (1 if limits.strict_lower else 0), int(high))
            return whole if annotation is int else st.one_of(whole, whole.map(lambda n: n + 0.5).filter(lambda n: n <= high))
        return st.one_of(st.integers(int(low), int(high)), st.floats(low, high, allow_nan=False).map(lambda f: round(f, 2)))
    if annotation is dt.date:
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
    raise NotImplementedError(f"no strategy for {annotation!r}: add one to tests/hostile/strategies.py")


profiles = for_model(Profile)
"""Valid-looking profile dicts (almost all valid: see ``test_properties``)."""
campuses = for_model(Campus)
"""Valid-looking campus dicts."""

# --- damaged data ------------------------------------------------------------

WRONG_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.lists(text(10), max_size=3), st.dictionaries(text(10), text(10), max_size=2),
    st.sampled_from(YAML_SPECIALS + UNICODE), st.dates(),
    st.builds(lambda c, t: t[: len(t) // 2] + c + t[len(t) // 2:], st.sampled_from(CONTROL), text(20)),
    st.integers(501, 2000).map(lambda n: "x" * n), st.just("y" * 20_001),
    st.integers(45, 70).map(lambda n: json.loads("[" * n + "]" * n)),
    st.sampled_from(("javascript:alert(1)", "data:text/html,<script>x</script>", "red; background: url(x)",
                     "#12345g", "../../etc/passwd", "/etc/passwd", "C:\\logo.svg", "{campus.__class__}", "-1", "1e400")),
)
"""Values that are of the wrong type or form for (almost) any field."""


def _slots(data, path=()):
    """Every ``(container, key)`` of nested *data*, with the path to it."""
    if isinstance(data, dict):
        for key in list(data):
            yield data, key
            yield from _slots(data[key], path + (key,))
    elif isinstance(data, list):
        for i in range(len(data)):
            yield data, i
            yield from _slots(data[i], path + (i,))


@st.composite
def broken(draw, valid: st.SearchStrategy[dict], whole: bool = True) -> object:
    """A dict drawn from *valid*, then damaged one to three times.

    With *whole*, one time in twenty the whole document is replaced by
    something that is no mapping (a list, a text, a number).
    """
    data = json.loads(json.dumps(draw(valid)))  # a deep copy, plain types only
    if whole and draw(st.integers(0, 19)) == 0:
        return draw(st.one_of(st.lists(text(10), max_size=3), text(30), st.integers()))
    for _ in range(draw(st.integers(1, 3))):
        slots = list(_slots(data))
        container, key = draw(st.sampled_from(slots)) if slots else (data, None)
        how = draw(st.sampled_from(("replace", "replace", "delete", "unknown", "misspell")))
        if how == "replace" and key is not None:
            container[key] = draw(WRONG_VALUES)
        elif how == "delete" and key is not None:
            del container[key]
        else:
            target = container if isinstance(container, dict) else data
            if how == "misspell" and isinstance(key, str) and len(key) > 2:
                i = draw(st.integers(0, len(key) - 1))
                target[key[:i] + key[i + 1:]] = target.pop(key) if key in target else None
            else:
                target[draw(st.one_of(text(20), PATTERNS[ID_PATTERN]))] = draw(WRONG_VALUES)
    if isinstance(data, dict) and isinstance(data.get("category"), (list, dict)):
        data["category"] = "Catégorie"  # a known crash, kept as the catalogue's validation/list-for-category
    return data


# --- YAML written by hand -------------------------------------------------------

STYLES = ("plain", "plain", "block", "single", "double")
"""How :func:`raw_yaml` writes a text: as typed, in a ``|-`` block, in single or in double quotes."""


def raw_yaml(data, pick=lambda: "plain", indent: int = 0) -> str:
    """*data* as block YAML written as a person would, each text in the style *pick* returns.

    ``plain`` leaves a one-line text as typed, so ``NO``, ``&a`` or ``a: b``
    reach the YAML reader unprotected; texts of several lines always go in a
    ``|-`` block.
    """
    pad = " " * indent
    if isinstance(data, dict):
        if not data:
            return pad + "{}\n"
        return "".join(pad + _scalar(key, "plain") + ":" + _after(value, _QUOTED.get(key, pick), indent)
                       for key, value in data.items())
    if isinstance(data, list):
        if not data:
            return pad + "[]\n"
        return "".join(pad + "-" + _after(item, pick, indent) for item in data)
    return pad + _scalar(data, pick()) + "\n"


_QUOTED = {"category": lambda: "double"}
"""Keys always written in quotes: a category typed as ``[a]`` or ``{a: b}`` is the known crash of the
catalogue's validation/list-for-category case."""


def _after(value, pick, indent: int) -> str:
    if isinstance(value, (dict, list)) and value:
        return "\n" + raw_yaml(value, pick, indent + 2)
    style = pick() if isinstance(value, str) else "plain"
    if isinstance(value, str) and ("\n" in value or style == "block"):
        return " |-\n" + "".join(" " * (indent + 2) + line + "\n" for line in value.split("\n"))
    return " " + _scalar(value, style) + "\n"


def _scalar(value, style: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    text = str(value)
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(text, ensure_ascii=False)
    return text


@st.composite
def hand_written(draw, valid: st.SearchStrategy[dict]) -> bytes:
    """A dict drawn from *valid*, written by :func:`raw_yaml` with a style drawn for each text."""
    data = draw(valid)
    rnd = draw(st.randoms(use_true_random=False))
    return raw_yaml(data, lambda: rnd.choice(STYLES)).encode("utf-8")


FRAGMENT_LINES = (
    "title: Analyste", "category: x", "summary:", "  study_level: 5", "\tstudy_level: 5", "- a", "  - b", "? [a]",
    ": c", "&a [*a, *a]", "b: *a", "<<: *a", "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "!!python/object:x",
    "key: 'unclosed", 'key: "bad \\q"', "key: [a, b", "key: {a: b", "key: a: b", "@x", "`y`", "|", ">-", "  text",
    "'quoted key': v", "\"\\x07\": v", "# comment", "", "   ", "\ufeffbom: x", "é: à", "0472: 14:30",
)
"""Lines of YAML and of things that look like it."""

fragments = st.one_of(
    st.lists(st.sampled_from(FRAGMENT_LINES), min_size=1, max_size=12).map(lambda lines: "\n".join(lines).encode()),
    st.lists(st.one_of(st.sampled_from(FRAGMENT_LINES), text(40)), max_size=8).map(lambda ls: "\n".join(ls).encode()),
    st.binary(max_size=200),
    st.binary(max_size=60).map(lambda b: b"title: " + b),
)
"""Whole files (bytes) made of YAML-ish lines, text and raw bytes."""
