"""Profiles written from the ROME referential: every section ROME can fill, cleaned, with its sources."""

from __future__ import annotations

import pytest
import yaml

from metier.errors import MetierError
from metier.importers.rome import import_rome, rome_profile, workspace_codes
from metier.importers.stamp import EDITED, UNEDITED, UNSTAMPED, origin, stamp, state
from metier.importers.write import write_profile
from metier.model import Profile
from metier.refdata import load_referentials
from metier.refdata.rome import bundled_content

CODES = ("M1802", "M1819", "A1101", "J1506", "K2111", "N1101")
"""Codes of six families: IT, a ROME 4.0 code under M1802, farming, health, teaching, logistics."""


@pytest.fixture(scope="module")
def made():
    content, referentials = bundled_content(), load_referentials()
    return {code: rome_profile(content.fiche(code), content, referentials) for code in CODES}


@pytest.mark.parametrize("code", CODES)
def test_every_section_rome_can_fill_is_filled(made, code):
    text = made[code]
    profile = Profile.model_validate(yaml.safe_load(text))
    fiche = bundled_content().fiche(code)
    assert profile.summary.rome.code == code and profile.summary.rome.label == fiche.label
    assert profile.title == fiche.title.masculine and profile.title_feminine == fiche.title.feminine
    assert profile.introduction.strip() == fiche.definition[0]
    for name in ("job", "missions", "studies", "sectors", "salary", "career"):
        assert getattr(profile, name) and "À RÉDIGER" not in getattr(profile, name), name
    assert profile.skills.technical[0] == fiche.savoir_faire[0].label and fiche.savoir_faire[0].core
    assert "À RÉDIGER" not in profile.skills.behavioural
    assert [s.title for s in profile.extra_sections] == ["Connaissances", "Conditions de travail"]
    assert profile.related and len(profile.related) <= 8
    assert "À RÉDIGER" in profile.training  # the school's programmes: ROME cannot know them
    assert "''" not in text  # the published doubled apostrophes are repaired
    assert profile.summary.fap.code == fiche.fap[0] and profile.summary.fap.code != "Z"
    reference = profile.summary.salary_reference
    salary = bundled_content().salary(fiche.fap[0])
    assert reference.amount.amount == salary.amount and reference.amount.basis == "net"
    assert salary.period in reference.source and reference.source.startswith("DARES")
    assert profile.summary.salary_starting.basis == "net"  # comparable with the DARES median once written
    # what ROME cannot know is left empty (not printed) and marked on its line for `metier check`
    summary = profile.summary
    assert (summary.study_level, summary.recommended_bac, summary.employability, summary.mobility) == (None,) * 4
    for key in ("study_level:", "recommended_bac:", "employability:", "mobility:"):
        (line,) = [ln for ln in text.splitlines() if ln.strip().startswith(key)]
        assert "# À RÉDIGER" in line, key
    assert profile.attribution.startswith("Source : France Travail, ROME v4.60 (Licence Ouverte / Open Licence 2.0)")
    assert f"salaire médian : DARES, {salary.period}" in profile.attribution
    assert str(profile.source) == f"https://candidat.francetravail.fr/metierscope/fiche-metier/{code}"


def test_each_filled_text_names_its_source(made):
    lines = made["M1802"].splitlines()
    for key in ("introduction:", "job:", "missions:", "skills:", "studies:", "sectors:", "career:", "related:"):
        above = lines[next(i for i, line in enumerate(lines) if line.startswith(key)) - 1]
        assert above.startswith("# ROME 4.60 M1802, "), key
    above = lines[next(i for i, line in enumerate(lines) if line.startswith("salary:")) - 1]
    assert above.startswith("# DARES, salaire médian de la famille professionnelle M2Z (FAP 2009), 2017-2019")


def test_related_jobs_are_profiles_of_the_workspace_when_there_is_one(sample):
    assert workspace_codes(sample)["M1812"] == "ciso"
    content = bundled_content()
    text = rome_profile(content.fiche("M1802"), content, load_referentials(), codes=workspace_codes(sample))
    related = Profile.model_validate(yaml.safe_load(text)).related
    assert any(r.profile == "ciso" for r in related)  # M1812, the CISO's code, is a mobility target of M1802
    assert any(r.title == "Ingénieur / Ingénieure télécoms" for r in related)


def test_new_profile_from_rome_checks_and_builds(sample, metier, tmp_path):
    code, out, err = metier("new", "profile", "expert-reseaux", "--rome", "M1802", cwd=sample)
    assert code == 0, err
    assert "Wrote profiles/expert-reseaux.yaml from ROME M1802" in out
    code, out, err = metier("check", cwd=sample)
    assert code == 0, err
    about = [line for line in (out + err).splitlines() if line.startswith("profiles/expert-reseaux.yaml:")]
    rules = {line.rsplit("[", 1)[1].rstrip("]") for line in about}
    assert rules == {"to-be-written", "updated-missing"}, about
    target = tmp_path / "expert.pdf"
    code, out, err = metier("sheet", "expert-reseaux", "--campus", "lyon", "-o", str(target), cwd=sample)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")


def test_the_sheet_prints_the_attribution_only_when_content_came_from_rome(sample):
    from metier.load.workspace import load_workspace
    from metier.render.sheet import SheetRenderer

    content = bundled_content()
    (sample / "profiles" / "expert-reseaux.yaml").write_text(
        rome_profile(content.fiche("M1802"), content, load_referentials()), "utf-8")
    renderer = SheetRenderer(load_workspace(sample))
    html = renderer.html("expert-reseaux", "lyon")
    assert '<p class="attribution">Source' in html and "France Travail, ROME v4.60" in html
    for unknown in ("study_level", "recommended_bac", "employability", "mobility", "salary_starting"):
        assert f"fact-{unknown}" not in html  # not printed until written
    assert "fact-rome" in html and "fact-fap" in html
    assert "attribution" not in renderer.html("ciso", "lyon")


def test_new_profile_errors(sample, metier):
    code, out, err = metier("new", "profile", "x", "--rome", "M9999", cwd=sample)
    assert code == 1 and "M9999 is not a code of the ROME 4.60 referential" in err
    assert not (sample / "profiles" / "x.yaml").exists()
    code, out, err = metier("new", "profile", "ciso", "--rome", "M1812", cwd=sample)
    assert code == 1 and "profiles/ciso.yaml already exists" in err


def test_import_rome_is_idempotent_and_keeps_edits(sample, metier):
    code, out, err = metier("import", "rome", "M1802", "a1101", cwd=sample)
    assert code == 0, err
    assert "Wrote profiles/expert-systemes-et-reseaux-informatiques.yaml (ROME M1802)" in out
    assert "Wrote profiles/conducteur-d-engins-agricoles.yaml (ROME A1101)" in out
    path = sample / "profiles" / "conducteur-d-engins-agricoles.yaml"
    assert origin(path.read_text("utf-8")) == "rome A1101" and state(path.read_text("utf-8")) == UNEDITED
    before = path.read_bytes()
    code, out, err = metier("import", "rome", "A1101", cwd=sample)
    assert "Unchanged profiles/conducteur-d-engins-agricoles.yaml" in out and path.read_bytes() == before
    path.write_text(path.read_text("utf-8").replace("Réalise des travaux", "Fait des travaux"), "utf-8")
    assert state(path.read_text("utf-8")) == EDITED
    code, out, err = metier("import", "rome", "A1101", cwd=sample)
    assert code == 0 and "Kept profiles/conducteur-d-engins-agricoles.yaml (ROME A1101): it was edited" in err
    assert "Fait des travaux" in path.read_text("utf-8")
    code, out, err = metier("import", "rome", "A1101", "--force", cwd=sample)
    assert "Replaced profiles/conducteur-d-engins-agricoles.yaml" in out and path.read_bytes() == before


def test_an_unedited_import_is_brought_up_to_date_and_a_hand_written_file_is_kept(tmp_path):
    first = stamp("title: A\n", "rome M1802")
    assert write_profile(tmp_path, "a", first).status == "written"
    assert write_profile(tmp_path, "a", first).status == "unchanged"
    assert write_profile(tmp_path, "a", stamp("title: B\n", "rome M1802")).status == "updated"
    (tmp_path / "profiles" / "b.yaml").write_text("title: mine\n", "utf-8")
    kept = write_profile(tmp_path, "b", first)
    assert (kept.status, kept.reason) == ("skipped", "exists") and state("title: mine\n") == UNSTAMPED
    assert (tmp_path / "profiles" / "b.yaml").read_text("utf-8") == "title: mine\n"


def test_import_rome_unknown_code_writes_nothing(sample, metier):
    code, out, err = metier("import", "rome", "M1802", "Z1234", cwd=sample)
    assert code == 1 and "Z1234 is not a code of the ROME 4.60 referential" in err
    assert not (sample / "profiles" / "expert-systemes-et-reseaux-informatiques.yaml").exists()


def test_import_rome_kept_message_for_a_hand_written_profile(sample, metier):
    with pytest.raises(MetierError):
        bundled_content().fiche("")
    (sample / "profiles" / "expert-systemes-et-reseaux-informatiques.yaml").write_text(
        (sample / "profiles" / "ciso.yaml").read_text("utf-8"), "utf-8")
    code, out, err = metier("import", "rome", "M1802", cwd=sample)
    assert "it exists and was not written by an import; --force replaces it" in err
    report = import_rome(["M1802"], sample, bundled_content(), load_referentials())
    assert [(o.status, o.reason) for o in report.outcomes] == [("skipped", "exists")]


def test_a_title_another_code_has_taken_gets_the_code_and_a_failed_import_writes_nothing(sample):
    content, refs = bundled_content(), load_referentials()
    taken = stamp(rome_profile(content.fiche("M1803"), content, refs), "rome M1803")
    (sample / "profiles" / "expert-systemes-et-reseaux-informatiques.yaml").write_text(taken, "utf-8")
    report = import_rome(["M1802"], sample, content, refs)
    assert [o.profile_id for o in report.outcomes] == ["expert-systemes-et-reseaux-informatiques-m1802"]
    again = import_rome(["M1802"], sample, content, refs)  # the id an import gave is found again
    assert [(o.profile_id, o.status) for o in again.outcomes] == [
        ("expert-systemes-et-reseaux-informatiques-m1802", "unchanged")]
