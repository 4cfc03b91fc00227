"""The YAML layer: files too big, too deep, self-multiplying, badly encoded or not YAML at all.

Every value is read as text (``NO``, ``0472``, ``14:30`` and dates stay as
written), so "a date or a number where text is expected" is accepted on
purpose: those cases check that the value is kept as written.
"""

from __future__ import annotations

from tests.hostile.catalogue import Case
from tests.hostile.catalogue.base import CAMPUS, PROFILE, vary

P = "profiles/hostile.yaml"
C = "campuses/hostile.yaml"


def profile(old: str, new: str) -> dict[str, str]:
    """The files of a case: the base profile with one change."""
    return {P: vary(PROFILE, old, new)}


TITLE = "title: Analyste hostile"
DEEP = "values are nested more than 50 levels deep; flatten the structure"
ALIAS = "anchors and aliases (&name, *name, <<) are not supported; write the value out"
BINARY = "this is not a text file (it contains NUL bytes); save it as UTF-8 text"
EMPTY = "the file is empty; write its fields (see `metier new profile` for a template)"

LAUGHS = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" + ", ".join([f"*{chr(ord('a') + i - 1)}"] * 9) + "]"
       for i in range(1, 10)]
) + "\n"
"""Ten levels of nine aliases each: a billion "lol" once expanded."""


def _title_is(value: str):
    def inspect(ws):
        assert ws.profiles["hostile"].title == value
    return inspect


def _nothing_ran(ws):
    assert not (ws.root / "pwned").exists()


def _check(condition: bool) -> None:
    assert condition


CASES = [
    Case("too-big", {P: b"title: " + b"a" * 1_000_001},
         (f"{P}:1:1: file is too large (1000008 bytes; the limit is 1000000); split it or remove pasted binary data",)),
    Case("nested-60-levels", {P: "title: " + "[" * 60 + "]" * 60 + "\n"},
         (f"{P}:1:58: title" + "[0]" * 50 + f": {DEEP}",)),
    Case("nested-100000-levels", {P: "title: " + "[" * 100_000 + "]" * 100_000 + "\n"},
         (f"{P}:1:58: title" + "[0]" * 50 + f": {DEEP}",), seconds=2),
    Case("billion-laughs", {P: LAUGHS}, (f"{P}:2:8: b[0]: {ALIAS}",), seconds=2),
    Case("alias-as-value", profile(TITLE, "title: &t Analyste\ntitle_feminine: *t"),
         (f"{P}:2:1: title_feminine: {ALIAS}",)),
    Case("merge-key", profile(TITLE, f"{TITLE}\nbase: &b {{x: 1}}\nextra:\n  <<: *b"), (f"{P}:4:3: extra: {ALIAS}",)),
    Case("undefined-alias", profile(TITLE, "title: *nothing"), (f"{P}:1:8: {ALIAS}",)),
    Case("alias-as-key", profile(TITLE, f"&k {TITLE}\n*k : Autre"), (f"{P}:2:1: {ALIAS}",)),
    Case("duplicate-key", profile(TITLE, f"{TITLE}\ntitle: Autre"),
         (f'{P}:2:1: title: key "title" is written twice (first on line 1); keep only one',)),
    Case("tab-indentation", profile("summary:\n  study_level: 5", "summary:\n\tstudy_level: 5"),
         (f"{P}:7:1: a tab character is used for indentation; indent with spaces only",)),
    Case("tab-after-colon-accepted", profile("job: Surveiller", "job:\tSurveiller"), code=0),
    Case("windows-1252-bytes", {P: PROFILE.encode("cp1252")},
         (f"{P}:2:12: byte 0xE9 is not UTF-8 text; save the file with the UTF-8 encoding",)),
    Case("utf-16", {P: PROFILE.encode("utf-16")}, (f"{P}:1:1: {BINARY}",)),
    Case("utf-8-bom-accepted", {P: b"\xef\xbb\xbf" + PROFILE.encode()}, code=0, inspect=_title_is("Analyste hostile")),
    Case("binary-file", {P: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"}, (f"{P}:1:1: {BINARY}",)),
    Case("empty-file", {P: b""}, (f"{P}:1:1: {EMPTY}",)),
    Case("only-comments", {P: "# rien\n\n   \n# toujours rien\n"}, (f"{P}:1:1: {EMPTY}",)),
    Case("list-at-top", {P: "- title: Analyste\n- category: Défense\n"},
         (f'{P}:1:1: expected a mapping ("key: value" lines), got a list',)),
    Case("text-at-top", {P: "Analyste hostile\n"},
         (f'{P}:1:1: expected a mapping ("key: value" lines), got "Analyste hostile"',)),
    Case("date-stays-text", profile(TITLE, "title: 2024-01-01"), code=0, inspect=_title_is("2024-01-01")),
    Case("octal-stays-text", {C: vary(CAMPUS, 'postcode: "69001"', "postcode: 0472")}, code=0,
         inspect=lambda ws: _check(ws.campuses["hostile"].address.postcode == "0472")),
    Case("boolean-stays-text", profile(TITLE, "title: NO"), code=0, inspect=_title_is("NO")),
    Case("sexagesimal-stays-text", profile(TITLE, "title: 14:30"), code=0, inspect=_title_is("14:30")),
    Case("tilde-is-empty", profile(TITLE, "title: ~"), (f"{P}:1:8: title: is empty; write a value or remove the key",)),
    Case("list-for-text", profile(TITLE, "title: [Analyste, hostile]"), (f"{P}:1:8: title: expected text, got a list",)),
    Case("mapping-for-text", profile(TITLE, "title: {fr: Analyste}"), (f"{P}:1:8: title: expected text, got a mapping",)),
    Case("text-for-list", profile("    - SIEM", "    SIEM"),
         (f'{P}:19:5: skills.technical: expected a list (lines starting with "- "), got "SIEM"',)),
    Case("text-for-mapping", profile("recruiters:\n  companies:\n    - kind: banques\n      names: [Banque Exemple]\n"
                                     "  job_boards:\n    - name: Jobs\n      url: https://example.org/jobs\n",
                                     "recruiters: Les banques\n"),
         (f'{P}:25:13: recruiters: expected a mapping ("key: value" lines), got "Les banques"',)),
    Case("python-object-tag-not-run", profile(TITLE, "title: !!python/object/apply:os.system [touch pwned]"),
         (f"{P}:1:8: title: expected text, got a list",), inspect=_nothing_ran),
    Case("python-name-tag", profile(TITLE, "title: !!python/name:os.system"),
         (f"{P}:1:8: title: is empty; write a value or remove the key",)),
    Case("colon-in-value", profile(TITLE, "title: Analyste: hostile"),
         (f'{P}:1:16: a value contains ": " or the indentation is off; put text that contains a colon in quotes',)),
    Case("unclosed-quote", profile("url: https://example.org/jobs", 'url: "https://example.org/jobs'),
         (f"{P}:32:1: a quoted value is not closed; add the closing quote",)),
    Case("unclosed-bracket", profile(TITLE, f"{TITLE}\ntags: [a, b"),
         (f"{P}:3:9: a list or mapping in brackets is not closed; add the closing bracket",)),
    Case("backtick", profile(TITLE, "title: `whoami`"),
         (f"{P}:1:8: a value starts with a character YAML reserves (@ or `); put the value in quotes",)),
    Case("percent", profile(TITLE, "title: %s"),
         (f"{P}:1:8: a value starts with %, a character YAML reserves; put the value in quotes",)),
    Case("several-documents", profile(TITLE, f"{TITLE}\n---\ntitle: Autre"),
         (f"{P}:2:1: the file holds several YAML documents (a line with ---); keep one document per file",)),
    Case("complex-key", profile(TITLE, f"? [a, b]\n: c\n{TITLE}"), (f"{P}:1:3: a key must be plain text",)),
    Case("bad-escape", profile(TITLE, 'title: "C:\\Users\\analyste"'),
         (f"{P}:1:11: a backslash in double quotes starts an escape such as \\n or \\x41, and this one is not valid; "
          "write \\\\ for a backslash, or put the value in single quotes",)),
    Case("raw-control-character", profile("category: Défense", "category: Dé\x07fense"),
         (f"{P}:2:13: the invisible character U+0007 is not allowed in a YAML file; delete it",)),
    Case("raw-control-after-cr-lines", {P: vary(PROFILE, "category: Défense", "category: Dé\x1bfense").replace("\n", "\r")},
         (f"{P}:2:13: the invisible character U+001B is not allowed in a YAML file; delete it",)),
    Case("escaped-control-character", profile(TITLE, 'title: "Analyste\\x07"'),
         (f"{P}:1:8: title: contains the invisible control character U+0007, which cannot be printed; "
          "remove it (or the escape that writes it, such as \\f or \\x07)",)),
    Case("bad-indentation", profile("  study_level: 5\n  recommended_bac", "  study_level: 5\n recommended_bac"),
         (f"{P}:8:2: the indentation is not consistent; align keys of the same level with the same number of spaces",)),
]

