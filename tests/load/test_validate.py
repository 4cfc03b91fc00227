"""Validation: each kind of mistake in a profile gets one located line with a fix."""

import pytest

from metier.load.validate import validate
from metier.load.yamlfile import parse_yaml
from metier.model import Campus, Profile, Programme

VALID = """\
title: Analyste SOC
category: Défense et réponse
updated: 2026-03-02
introduction: Un métier de veille.
summary:
  study_level: 5
  recommended_bac: Général
  employability: very-good
  mobility: good
  salary_starting: {amount: 3000, currency: EUR, period: month, basis: gross}
  salary_experienced: {amount: 4500}
  rome: {code: M1883, label: Analyste SOC (Security Operations Center)}
  fap: {code: M2Z91, label: "Ingénieurs et cadres d'administration, maintenance en informatique"}
job: Surveiller.
missions: Détecter.
skills:
  technical:
    - SIEM
  behavioural: Calme.
studies: Bac+5.
related:
  - ciso
  - title: Analyste cyber
"""


def issues(text: str, model=Profile):
    value, found = validate(parse_yaml(text.encode(), "profiles/soc.yaml"), model)
    return [str(i) for i in found]


def variant(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_valid_profile_has_no_issue_and_typed_values():
    value, found = validate(parse_yaml(VALID.encode(), "profiles/soc.yaml"), Profile)
    assert found == []
    assert value.summary.salary_starting.amount == 3000
    assert value.summary.salary_experienced.currency == "EUR"
    assert value.updated.isoformat() == "2026-03-02"
    assert [r.profile or r.title for r in value.related] == ["ciso", "Analyste cyber"]


@pytest.mark.parametrize("old, new, expected", [
    ("{amount: 3000,", '{amount: "5 850 €",',
     'profiles/soc.yaml:10:29: summary.salary_starting.amount: expected a number, got "5 850 €" (write 5850)'),
    ("employability: very-good", "employability: Très bonne",
     'profiles/soc.yaml:8:18: summary.employability: expected one of low, fair, good, very-good, excellent, '
     'got "Très bonne"; did you mean "very-good"?'),
    ("mobility: good", "mobility: goood",
     'profiles/soc.yaml:9:13: summary.mobility: expected one of low, fair, good, very-good, excellent, '
     'got "goood"; did you mean "good"?'),
    ("missions: Détecter.", "misions: Détecter.",
     'profiles/soc.yaml:1:1: missions: required field is missing; add `missions: ...`'),
    ("job: Surveiller.", "job: Surveiller.\nsalry: 3000",
     'profiles/soc.yaml:15:1: salry: unknown key "salry"; did you mean "salary"?'),
    ("updated: 2026-03-02", "updated: 02/03/2026",
     'profiles/soc.yaml:3:10: updated: expected a date written YYYY-MM-DD (e.g. 2025-09-01), got "02/03/2026"'),
    ("study_level: 5", "study_level: Bac+5",
     'profiles/soc.yaml:6:16: summary.study_level: expected a number, got "Bac+5" (write 5)'),
    ("study_level: 5", "study_level: 12",
     'profiles/soc.yaml:6:16: summary.study_level: must be at most 8, got "12"'),
    ("{code: M1883,", "{code: 1883,",
     'profiles/soc.yaml:12:16: summary.rome.code: "1883" is not valid here: write a ROME code: a letter A-N '
     'and four digits (e.g. M1802)'),
    ("currency: EUR, period: month", "currency: EUR, period: monthly",
     'profiles/soc.yaml:10:58: summary.salary_starting.period: expected one of hour, day, month, year, '
     'got "monthly"; did you mean "month"?'),
    ("    - SIEM\n", "    []\n",
     "profiles/soc.yaml:18:5: skills.technical: must not be empty"),
    ("title: Analyste SOC", "title:",
     "profiles/soc.yaml:1:7: title: is empty; write a value or remove the key"),
    ("title: Analyste SOC", "title: [Analyste, SOC]",
     "profiles/soc.yaml:1:8: title: expected text, got a list"),
    ("  behavioural: Calme.", "  behavioural:\n    - Calme",
     "profiles/soc.yaml:20:5: skills.behavioural: expected text, got a list"),
    ("summary:\n", "summary: Bac+5\nsummary_box:\n",
     "profiles/soc.yaml:5:10: summary: expected a mapping (\"key: value\" lines), got \"Bac+5\""),
    ("  - title: Analyste cyber", "  - title: Analyste cyber\n    profile: soc",
     "profiles/soc.yaml:23:5: related[1]: write either a profile id (`- ciso`) or a job title (`- title: ...`), "
     "not both"),
    ("  - ciso", "  - CISO",
     "profiles/soc.yaml:22:5: related[0].profile: \"CISO\" is not valid here: write lowercase letters, digits and "
     "'-' (e.g. soc-analyst)"),
    ("tags", "tags", ""),
])
def test_profile_mistakes(old, new, expected):
    if old == "tags":
        found = issues(VALID + "tags: cyber\n")
        expected = 'profiles/soc.yaml:24:7: tags: expected a list (lines starting with "- "), got "cyber"'
    else:
        found = issues(variant(old, new))
    assert expected in found, found


def test_all_problems_are_reported_at_once():
    text = variant("employability: very-good", "employability: top").replace("job: Surveiller.", "jobb: x")
    found = issues(text)
    assert len(found) == 3  # the bad rating, the unknown key, the missing field
    assert any("summary.employability" in f for f in found)
    assert any('unknown key "jobb"' in f for f in found)
    assert any("job: required field is missing" in f for f in found)


def test_a_list_where_a_mapping_is_expected():
    assert issues("- a\n- b\n") == ['profiles/soc.yaml:1:1: expected a mapping ("key: value" lines), got a list']


CAMPUS = """\
name: Lyon
address: {street: 1 rue X, postcode: "69007", city: Lyon}
contacts:
  - {label: Admissions, email: admissions@example.org}
website: https://example.org/lyon
colours: {primary: "#0b4f8a"}
"""


@pytest.mark.parametrize("old, new, expected", [
    ('primary: "#0b4f8a"', "primary: blue",
     'campuses/lyon.yaml:6:20: colours.primary: "blue" is not valid here: write a colour as #RRGGBB (e.g. #0b5fa5)'),
    ("email: admissions@example.org", "email: admissions.example.org",
     'campuses/lyon.yaml:4:32: contacts[0].email: "admissions.example.org" is not valid here: write an e-mail '
     'address (e.g. contact@example.org)'),
    ("website: https://example.org/lyon", "website: javascript:alert(1)",
     'campuses/lyon.yaml:5:10: website: "javascript:alert(1)" is not valid here: write a web address starting '
     'with https:// (e.g. https://example.org/lyon)'),
    ("contacts:\n  - {label: Admissions, email: admissions@example.org}\n", "contacts: []\n",
     "campuses/lyon.yaml:3:11: contacts: must not be empty"),
])
def test_campus_mistakes(old, new, expected):
    value, found = validate(parse_yaml(CAMPUS.replace(old, new).encode(), "campuses/lyon.yaml"), Campus)
    assert [str(i) for i in found] == [expected]


def test_programme_duration_must_be_a_number():
    text = ("name: Bachelor\nlevel: 3\nduration_years: trois ans\ncampuses: [lyon]\n"
            "table:\n  - {label: Durée, value: 3 ans}\n")
    value, found = validate(parse_yaml(text.encode(), "programmes/b.yaml"), Programme)
    assert [str(i) for i in found] == [
        'programmes/b.yaml:3:17: duration_years: expected a number, got "trois ans"']
