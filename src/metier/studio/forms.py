"""The editor's form, made from the JSON Schemas the project publishes (:mod:`metier.schema`).

:func:`form_fields` turns a schema and a file's data into a tree of
:class:`Field` objects that the template draws: a text box, a text area for
Markdown, a number, a date picker, a colour picker, a choice printed the way
the sheet prints it ("Très bonne", from the locale's label catalogue), a group
of fields, a list that can grow, shrink and be reordered. Field names are the
dotted paths that the loader's and the content rules' issues use
(``summary.salary_starting.amount``), so an issue lands beside its field.
Each field's name and help come from the form help catalogue of the chosen
language (:mod:`metier.text.formhelp`, plain French for the people who write
the sheets), else from the label catalogue, else from the schema's title and
description (English).

:func:`changes` reads a submitted form back into typed values and keeps only
the paths whose value differs from the file: what :func:`metier.studio.edit.patch`
writes, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from metier.schema import schema
from metier.text.formhelp import field_text
from metier.text.labels import LANGUAGES, labels

LIST_MARK = "__list"
"""A hidden input named ``<path>.__list`` says the form holds the whole list at *path* (so an emptied list is seen)."""

# Enumerations whose printed words the label catalogue holds (section of labels.yaml).
CHOICE_LABELS = {"employability": "rating", "mobility": "rating", "period": "period", "basis": "basis"}
LISTS = ("list", "items", "cmyk")
# Short strings: a text box; longer ones (Markdown) a text area.
SHORT = 500


@dataclass
class Field:
    """One field of the form: where it goes in the file, how it is drawn, what it holds."""

    path: tuple
    name: str
    label: str
    help: str
    widget: str  # text, textarea, integer, number, date, colour, cmyk, choice, boolean, group, list, items, yaml
    value: object = None
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    children: list["Field"] = field(default_factory=list)
    item: "Field | None" = None  # a list's empty item, cloned by "Add"

    @property
    def dom_id(self) -> str:
        """An id for the element that shows this field's issues."""
        return "err-" + re.sub(r"[^A-Za-z0-9_-]", "__", self.name)


def dom_id(name: str) -> str:
    """The id of the issue slot of field *name* (see :attr:`Field.dom_id`)."""
    return "err-" + re.sub(r"[^A-Za-z0-9_-]", "__", name)


def form_fields(kind: str, data, language: str = "fr") -> list[Field]:
    """The fields of a *kind* file (profile, campus, programme, project) holding *data*."""
    document = schema(kind)
    language = language if language in LANGUAGES else "fr"
    words = _Words(kind, language, labels(language))
    required = set(document.get("required", ()))
    data = data if isinstance(data, dict) else {}
    return [_field(document, prop, (name,), data.get(name), name in required, words)
            for name, prop in document["properties"].items()]


@dataclass(frozen=True)
class _Words:
    """Where a form's words come from: the file's kind, the language and its label catalogue."""

    kind: str
    language: str
    labels: dict

    def get(self, key: str, default=None):
        return self.labels.get(key, default)


def _resolve(root: dict, prop: dict) -> tuple[dict, bool]:
    """*prop* with its ``$ref`` followed and an optional ``anyOf [X, null]`` reduced to X; and whether it was optional."""
    optional = False
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        optional = len(options) < len(prop["anyOf"])
        if len(options) == 1:
            prop = {**prop, **options[0]}
            prop.pop("anyOf")
    if "$ref" in prop:
        target = root["$defs"][prop["$ref"].rsplit("/", 1)[1]]
        merged = {**target, **{k: v for k, v in prop.items() if k != "$ref"}}
        return _resolve(root, merged)[0], optional
    return prop, optional


def _field(root: dict, prop: dict, path: tuple, value, required: bool, words: _Words) -> Field:
    prop, _ = _resolve(root, prop)
    name = ".".join(str(p) for p in path)
    key = str(path[-1]) if not isinstance(path[-1], int) else str(path[-2] if len(path) > 1 else "")
    text = field_text(words.language, words.kind, path)
    label = words.get(key) if isinstance(words.get(key), str) and "{" not in words.get(key) else None
    label = text.get("label") or label or _title(prop.get("title"), key)
    made = Field(path, name, label, text.get("help") or prop.get("description", ""), _widget(prop), value, required)
    if made.widget == "choice":
        section = words.get(CHOICE_LABELS.get(key, ""), {})
        made.choices = [(v, section.get(v, v) if isinstance(section, dict) else v) for v in prop["enum"]]
    elif made.widget == "group":
        inner = set(prop.get("required", ()))
        value = value if isinstance(value, dict) else {}
        made.children = [_field(root, p, path + (n,), value.get(n), n in inner, words)
                         for n, p in prop["properties"].items()]
    elif made.widget == "items" and isinstance(value, list) and not all(isinstance(v, dict) for v in value):
        made.widget = "yaml"  # a list written in a short form (``- ciso`` for ``- profile: ciso``): YAML tab
    if made.widget in LISTS:
        items = value if isinstance(value, list) else []
        if made.widget == "cmyk":  # always the four inks, in order, even when the file has none
            items = (list(items) + [None] * 4)[:4]
        made.children = [_field(root, prop["items"], path + (i,), v, False, words) for i, v in enumerate(items)]
        made.item = _field(root, prop["items"], path + ("__index__",), None, False, words)
    return made


def _title(title: str | None, key: str) -> str:
    """The schema's *title* of field *key*, unless it is only a class name or the key title-cased: the key in words."""
    words = key.replace("_", " ").capitalize()
    if not title or title == key.replace("_", " ").title() or re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+", title):
        return words
    return title


def _widget(prop: dict) -> str:
    kind = prop.get("type")
    if "enum" in prop:
        return "choice"
    if kind == "string":
        if prop.get("format") == "date":
            return "date"
        if prop.get("pattern", "").startswith("^#[0-9A-Fa-f]{6}"):
            return "colour"
        return "textarea" if prop.get("maxLength", SHORT) > SHORT else "text"
    if kind in ("integer", "number", "boolean"):
        return kind
    if kind == "object" and "properties" in prop:
        return "group"
    if kind == "array":
        item = prop.get("items", {})
        if item.get("type") == "number" and prop.get("minItems") == prop.get("maxItems") == 4:
            return "cmyk"  # C, M, Y, K percentages: four boxes, never added or removed
        if item.get("type") in ("string", "integer", "number") and "enum" not in item:
            return "list"
        if "$ref" in item or item.get("type") == "object":
            return "items"
    return "yaml"  # unions, free mappings: edited in the YAML tab


# --- reading a submitted form back -------------------------------------------------


def changes(kind: str, data, form: dict[str, str]) -> dict[tuple, object]:
    """The paths whose submitted value differs from *data*, with the new values typed as the schema says.

    *form* maps field names to the submitted text. Scalars are compared one by
    one; a list marked with ``<path>.__list`` is compared (and replaced) whole.
    """
    document = schema(kind)
    fields = form_fields(kind, data, "en")
    result: dict[tuple, object] = {}
    for f in _walk(fields):
        if f.widget in ("group", "yaml"):
            continue
        if f.widget in LISTS:
            if f.name + "." + LIST_MARK not in form:
                continue
            new = _list_value(document, f, form)
            if not new and not f.value:
                continue  # an empty list and a list not written: the same thing
            if not new:
                new = None  # emptied: the key stays, with no value (never a list a model refuses as empty)
            if _comparable(new) != _comparable(f.value):
                result[f.path] = new
            continue
        if f.name not in form or _inside_list(f, fields):
            continue
        new = _typed(f.widget, form[f.name])
        if _comparable(new) != _comparable(f.value):
            result[f.path] = new
    return result


def _walk(fields):
    for f in fields:
        yield f
        if f.widget == "group":
            yield from _walk(f.children)


def _inside_list(f: Field, fields) -> bool:
    return any(isinstance(p, int) for p in f.path)


def _list_value(document: dict, f: Field, form: dict[str, str]) -> list:
    """The items of list *f* as submitted, in the submitted order, empty items dropped."""
    return _items(f, f.name, form)


def _items(f: Field, name: str, form: dict[str, str]) -> list:
    prefix = name + "."
    indices = sorted({int(k[len(prefix):].split(".", 1)[0]) for k in form
                      if k.startswith(prefix) and k[len(prefix):].split(".", 1)[0].isdigit()})
    items = []
    for i in indices:
        value = _item_value(f.item, f"{prefix}{i}", form)
        if value not in (None, {}, "", []):
            items.append(value)
    return items


def _item_value(template: Field, name: str, form: dict[str, str]):
    if template.widget == "group":
        out = {}
        for child in template.children:
            value = _item_value(child, name + "." + str(child.path[-1]), form)
            if value not in (None, {}, []):
                out[str(child.path[-1])] = value
        return out
    if template.widget in LISTS:
        return _items(template, name, form) if name + "." + LIST_MARK in form else None
    if template.widget == "yaml":
        return None
    return _typed(template.widget, form.get(name, ""))


def _typed(widget: str, text: str):
    """The submitted *text* as the value to write: numbers as numbers when they read as such, empty as ``None``."""
    text = text.replace("\r\n", "\n")
    if widget not in ("textarea",):
        text = text.strip()
    if text == "":
        return None
    if widget in ("integer", "number"):
        try:
            return int(text)
        except ValueError:
            try:
                return float(text.replace(",", "."))
            except ValueError:
                return text  # written as typed: validation says what is wrong with it
    if widget == "boolean":
        return text in ("true", "on", "1")
    return text


def _comparable(value):
    """A value as the loader reads it (every scalar as text, empty as ``None``), to compare form and file."""
    if isinstance(value, dict):
        return {str(k): _comparable(v) for k, v in value.items() if _comparable(v) is not None}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    return str(value)
