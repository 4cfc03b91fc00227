"""YAML reading: values stay text, positions are kept, every unreadable file gets its own message."""

import pytest

from metier.load.yamlfile import YamlProblem, parse_yaml


def problem(raw: bytes) -> str:
    with pytest.raises(YamlProblem) as info:
        parse_yaml(raw, "profiles/x.yaml")
    return str(info.value)


def test_scalars_stay_text_and_empty_is_none():
    doc = parse_yaml(b"time: 14:30\nphone: 0472\nanswer: NO\nempty:\nquoted: ''\nnull: ~\n", "f.yaml")
    assert doc.data == {"time": "14:30", "phone": "0472", "answer": "NO", "empty": None, "quoted": "", "null": None}


def test_positions_are_one_based_and_nested():
    doc = parse_yaml(b"a:\n  b:\n    - x\n    - y\n", "f.yaml")
    assert doc.marks[("a", "b", 1)] == (4, 7)
    assert doc.key_marks[("a", "b")] == (2, 3)
    assert doc.locate(("a", "b", 1, "missing")) == (4, 7)


def test_byte_order_mark_is_accepted():
    assert parse_yaml(b"\xef\xbb\xbftitle: caf\xc3\xa9\n", "f.yaml").data == {"title": "café"}


@pytest.mark.parametrize("raw, expected", [
    (b"title: A\ntitle: B\n",
     'profiles/x.yaml:2:1: title: key "title" is written twice (first on line 1); keep only one'),
    (b"summary:\n\tstudy_level: 5\n",
     "profiles/x.yaml:2:1: a tab character is used for indentation; indent with spaces only"),
    (b"title: caf\xe9\n",
     "profiles/x.yaml:1:11: byte 0xE9 is not UTF-8 text; save the file with the UTF-8 encoding"),
    (b"",
     "profiles/x.yaml:1:1: the file is empty; write its fields (see `metier new profile` for a template)"),
    (b"# only a comment\n\n",
     "profiles/x.yaml:1:1: the file is empty; write its fields (see `metier new profile` for a template)"),
    (b"PK\x03\x04\x00\x00binary",
     "profiles/x.yaml:1:1: this is not a text file (it contains NUL bytes); save it as UTF-8 text"),
    (b"title: Analyste: SOC\n",
     'profiles/x.yaml:1:16: a value contains ": " or the indentation is off; put text that contains a colon in quotes'),
    (b"title: @home\n",
     "profiles/x.yaml:1:8: a value starts with a character YAML reserves (@ or `); put the value in quotes"),
    (b'title: "Prompt\ncategory: x\n',
     "profiles/x.yaml:3:1: a quoted value is not closed; add the closing quote"),
    (b"tags: [a, b\n",
     "profiles/x.yaml:2:1: a list or mapping in brackets is not closed; add the closing bracket"),
    (b"summary:\n  a: 1\n b: 2\n",
     "profiles/x.yaml:3:2: the indentation is not consistent; align keys of the same level with the same number of spaces"),
    (b"title: A\n---\ntitle: B\n",
     "profiles/x.yaml:2:1: the file holds several YAML documents (a line with ---); keep one document per file"),
    (b"a: &x [1]\nb: *x\n",
     "profiles/x.yaml:2:1: b: anchors and aliases (&name, *name, <<) are not supported; write the value out"),
    (b"? [a, b]\n: c\n",
     "profiles/x.yaml:1:3: a key must be plain text"),
])
def test_unreadable_files_get_located_messages(raw, expected):
    assert problem(raw) == expected


def test_billion_laughs_is_refused_quickly():
    lines = [b"a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(b"a%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * 9) + b"]")
    assert "anchors and aliases" in problem(b"\n".join(lines) + b"\n")


def test_too_deep_and_too_big():
    deep = b"".join(b"  " * i + b"k:\n" for i in range(60)) + b"  " * 60 + b"k: v\n"
    assert problem(deep).endswith("values are nested more than 50 levels deep; flatten the structure")
    assert "file is too large" in problem(b"a: " + b"x" * 1_000_001 + b"\n")
