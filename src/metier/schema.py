"""JSON Schemas of the workspace files, for editors' autocompletion and validation.

The schemas are generated from the models; a copy is committed in ``schemas/``
and a test checks it is fresh. Point an editor at them with a first line such
as ``# yaml-language-server: $schema=../schemas/profile.schema.json``.
"""

from __future__ import annotations

import json

from metier.model import KINDS
from metier.model.layout import Layout

SCHEMA_KINDS = {**KINDS, "layout": Layout}


def schema(kind: str) -> dict:
    """The JSON Schema of one kind of file (profile, programme, campus, project, layout)."""
    document = SCHEMA_KINDS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{kind}.schema.json", **document}


def schema_text(kind: str) -> str:
    """:func:`schema` as stable, indented JSON text ending with a newline."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
