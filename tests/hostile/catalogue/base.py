"""Small valid files that the catalogue's cases vary, one change at a time.

Each case writes its own file into a copy of the sample workspace
(``profiles/hostile.yaml``, ``campuses/hostile.yaml``...) or replaces
``metier.yaml`` with :data:`PROJECT`, so the lines and columns its expected
messages name depend only on these texts, not on the sample's content.
"""

from __future__ import annotations

PROFILE = """\
title: Analyste hostile
category: Défense et réponse
updated: 2026-03-02
source: https://example.org/source
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
job: Surveiller les alertes.
missions: Détecter les incidents.
skills:
  technical:
    - SIEM
  behavioural: Calme.
studies: Bac+5.
training: Le bachelor puis le master.
salary: Autour de 3000 € brut par mois au début.
career: Responsable du SOC après quelques années.
recruiters:
  companies:
    - kind: banques
      names: [Banque Exemple]
  job_boards:
    - name: Jobs
      url: https://example.org/jobs
"""
"""A valid profile (``profiles/hostile.yaml``): every required field, a few optional ones."""

CAMPUS = """\
name: Hostile
address:
  street: 1 rue du Test
  postcode: "69001"
  city: Lyon
contacts:
  - label: Admissions
    email: admissions@example.org
    phone: +33 4 00 00 00 09
website: https://example.org/hostile
colours:
  primary: "#0b4f8a"
  accent: "#f2a541"
events:
  - name: Journée portes ouvertes
    date: 2027-02-06
"""
"""A valid campus (``campuses/hostile.yaml``), merged over the sample's ``campus_defaults``."""

PROGRAMME = """\
name: Bachelor Hostile
level: 3
duration_years: 3
campuses: [lyon]
table:
  - label: Durée
    value: 3 ans
"""
"""A valid programme (``programmes/hostile.yaml``)."""

PROJECT = """\
school:
  name: École Exemple
  website: https://example.org
  logo: assets/logo.svg
language: fr
default_campus: lyon
campus_defaults:
  profile_url: https://example.org/{campus}/metiers/{profile}
targets:
  sheets:
    kind: sheets
  brochure:
    kind: brochure
    campus: lyon
"""
"""A valid ``metier.yaml`` replacing the sample's."""


def vary(text: str, old: str, new: str) -> str:
    """*text* with its one occurrence of *old* replaced by *new* (a missing or repeated *old* is a mistake)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)
