"""The committed JSON Schemas match the models (regenerate with `metier schema --write schemas`)."""

import json

import pytest

from metier.schema import SCHEMA_KINDS, schema_text
from tests.conftest import REPO


@pytest.mark.parametrize("kind", sorted(SCHEMA_KINDS))
def test_committed_schema_is_fresh(kind, update_golden):
    path = REPO / "schemas" / f"{kind}.schema.json"
    if update_golden:
        path.write_text(schema_text(kind), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == schema_text(kind), "run `metier schema --write schemas`"


def _fields(node, defs, seen=()):
    """Every property of a schema, with its description (following $ref)."""
    if "$ref" in node:
        name = node["$ref"].split("/")[-1]
        if name in seen:
            return
        yield from _fields(defs[name], defs, seen + (name,))
        return
    for key in ("anyOf", "allOf", "oneOf"):
        for sub in node.get(key, []):
            yield from _fields(sub, defs, seen)
    if "items" in node:
        yield from _fields(node["items"], defs, seen)
    for name, prop in node.get("properties", {}).items():
        yield name, prop
        yield from _fields(prop, defs, seen)


@pytest.mark.parametrize("kind", sorted(SCHEMA_KINDS))
def test_every_field_is_described(kind):
    document = json.loads(schema_text(kind))
    defs = document.get("$defs", {})

    def described(prop):  # pydantic leaves out a field description equal to its model's docstring
        ref = prop.get("$ref", "").split("/")[-1]
        return prop.get("description") or (ref and defs[ref].get("description"))

    missing = [name for name, prop in _fields(document, defs) if not described(prop)]
    assert missing == []
