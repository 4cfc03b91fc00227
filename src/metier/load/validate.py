"""Typed models from YAML documents, with every validation error located and explained.

pydantic reports errors by data path and type; this module turns each into one
line a non-programmer can act on: the file, line and column of the value, the
dotted field path, what is wrong and what to write instead (the closest known
key for a misspelt one, a plain number for "5 850 €", a rating from the list).
"""

from __future__ import annotations

import difflib
import math
import re
import types
import typing
from dataclasses import replace

from pydantic import BaseModel, ValidationError

from metier.errors import Issue
from metier.load.yamlfile import Document, dotted
from metier.messages import msg, quote
from metier.model.common import PATTERN_RULES
from metier.text.labels import rating_from_label


def validate(doc: Document, model: type[BaseModel]):
    """Validate *doc* against *model*; return ``(instance or None, issues)``."""
    if not isinstance(doc.data, dict):
        return None, [doc.issue((), msg("expected_mapping", got=_describe(doc.data)))]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        issues = [_issue(doc, model, err) for err in exc.errors(include_url=False)]
        return None, _dedupe(issues)


def suggestion(word: str, choices) -> str:
    """``'; did you mean "x"?'`` when a close match exists, else ``''``."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return msg("did_you_mean", name=close[0]) if close else ""


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen, out = set(), []
    for issue in issues:
        if (issue.line, issue.column, issue.field) not in seen:
            seen.add((issue.line, issue.column, issue.field))
            out.append(issue)
    return out


def _describe(value) -> str:
    if isinstance(value, list):
        return msg("got_list")
    if isinstance(value, dict):
        return msg("got_mapping")
    if value is None:
        return msg("got_nothing")
    return quote(value)


def _issue(doc: Document, model, err) -> Issue:
    loc = tuple(err["loc"])
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        hint = suggestion(loc[-1], known) or (msg("known_keys", names=", ".join(known)) if known else "")
        return doc.issue(loc, msg("unknown_key", key=quote(loc[-1]), suggestion=hint), key=True)
    if kind == "missing":
        return replace(doc.issue(loc[:-1], msg("missing", field=loc[-1])), field=dotted(loc))
    return doc.issue(loc, _message(kind, value, ctx, model, loc))


def _message(kind: str, value, ctx: dict, model, loc) -> str:
    if value is None and kind not in ("model_type", "dict_type", "list_type"):
        return msg("empty_value")
    if isinstance(value, (list, dict)) and kind in ("string_type", "float_parsing", "int_parsing", "float_type", "int_type", "literal_error", "date_type"):
        return msg("expected_text", got=_describe(value))
    if kind in ("float_parsing", "float_type", "int_type"):
        return msg("expected_number", got=quote(value), hint=_number_hint(value))
    if kind in ("int_parsing", "int_from_float"):
        hint = _number_hint(value, whole=True)
        if hint:
            return msg("expected_number", got=quote(value), hint=hint)
        return msg("expected_whole_number", got=quote(value))
    if kind.startswith("date"):
        return msg("expected_date", got=quote(value))
    if kind.startswith("bool"):
        return msg("expected_bool", got=quote(value))
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        hint = ""
        mapped = rating_from_label(str(value))
        if mapped in choices:
            hint = msg("did_you_mean", name=mapped)
        return msg("expected_choice", choices=", ".join(choices), got=quote(value),
                   suggestion=hint or suggestion(value, choices))
    if kind == "list_type":
        return msg("expected_list", got=_describe(value))
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return msg("expected_mapping", got=_describe(value))
    if kind == "string_type":
        return msg("expected_text", got=_describe(value))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than") and _is_nan(value):
        return msg("expected_number", got=quote(value), hint="")  # "nan" parses, but is no amount
    if kind == "greater_than_equal":
        return msg("too_small", limit=_plain(ctx.get("ge")), got=quote(value))
    if kind == "greater_than":
        return msg("too_small_strict", limit=_plain(ctx.get("gt")), got=quote(value))
    if kind == "less_than_equal":
        return msg("too_large", limit=_plain(ctx.get("le")), got=quote(value))
    if kind == "less_than":
        return msg("too_large_strict", limit=_plain(ctx.get("lt")), got=quote(value))
    if kind == "too_short" and ctx.get("min_length", 1) > 1:  # a list of a fixed length, e.g. four inks
        return msg("too_few_items", got=len(value), limit=ctx.get("min_length"))
    if kind in ("too_short", "string_too_short"):
        return msg("too_short")
    if kind == "too_long":
        return msg("too_many_items", got=len(value), limit=ctx.get("max_length"))
    if kind == "string_too_long":
        return msg("too_long", size=len(value), limit=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        rule = PATTERN_RULES.get(ctx.get("pattern"))
        return msg("bad_pattern", got=quote(value), rule=msg(rule) if rule else ctx.get("pattern"))
    if kind == "value_error":
        return msg("invalid_value", reason=str(ctx.get("error", "")).removeprefix("Value error, "))
    return msg("invalid_value", reason=quote(value))  # pragma: no cover - a pydantic type we do not use


def _plain(number) -> str:
    return str(int(number)) if isinstance(number, float) and number.is_integer() else str(number)


def _number_hint(value, whole: bool = False) -> str:
    """Suggest the plain number hidden in "5 850 €" or "3,5 ans".

    No hint when it would repeat the value, or (*whole*) when the field takes
    whole numbers and the number hidden in the value is not one: "5.5" for a
    study level is not a number to write instead. Nor when the value holds
    several numbers ("3mm; size: 1mm", "0x10"): gluing their digits together
    would suggest a number nobody wrote.
    """
    runs = re.findall(r"[0-9](?:[0-9 \u00a0\u202f'.,]*[0-9])?", str(value))
    if len(runs) != 1:
        return ""
    text = re.sub(r"[^0-9,.\-]", "", str(value)).replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return ""
    if (whole and not number.is_integer()) or _plain(number) == str(value).strip():
        return ""
    return msg("write_number", number=_plain(number))


def _is_nan(value) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


# --- walking a model class along a data path --------------------------------

def _unwrap(annotation):
    """The model class inside ``X | None``, ``list[X]``, ``Annotated[X, ...]``, if any."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _model_at(model, loc):
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _unwrap(field.annotation) if field else None
    return model


def _fields_at(model, loc) -> list[str]:
    target = _model_at(model, loc)
    return list(target.model_fields) if target else []
