"""ONISEP's Idéo-métiers export made into profiles: the shared sample with every quirk, and the options."""

from __future__ import annotations

import os
import shutil

import pytest
import yaml

from metier.errors import MetierError
from metier.importers.onisep import TODO, import_onisep, skeleton, slug, split_title
from metier.model import Profile
from metier.refdata import load_referentials
from metier.refdata.rome import bundled_content
from tests.conftest import REPO

SAMPLE = REPO / "tests" / "data" / "onisep-ideo-metiers-sample.csv"

WITH_CODE = {  # ONISEP id: profile id, for the 12 métiers of the sample with exactly one ROME code of the referential
    "MET.234": "conseiller-d-elevage", "MET.304": "ingenieur-gaz", "MET.307": "eclairagiste",
    "MET.8116": "responsable-de-service-urbanisme", "MET.780": "illustrateur", "MET.385": "journaliste-sportif",
    "MET.58": "contremaitre", "MET.7925": "modeleur-ceramiste-industriel", "MET.178": "assistant-realisateur",
    "MET.7916": "gardien-de-refuge-de-montagne", "MET.8107": "pilote-de-port", "MET.419": "medecin-specialiste",
}
WITHOUT_ONE_CODE = {  # the others: no code, several codes, a domain code
    "MET.7904": "administrateur-du-senat", "MET.893": "agent-de-developpement-des-energies-renouvelables",
    "MET.8204": "analyste-laboratoire-textile", "MET.284": "charge-de-valorisation-de-la-recherche",
    "MET.239": "concepteur-designer-packaging-emballage", "MET.8094": "e-sportif", "MET.302": "chef-de-projet-eolien",
    "MET.782": "accompagnant-educatif-et-social", "MET.299": "chef-de-rayon", "MET.457": "consultant",
    "MET.860": "vendeur-en-magasin", "MET.8099": "inspecteur-des-fraudes",
}
IMPORTED = {**WITH_CODE, **WITHOUT_ONE_CODE}
FINDINGS = {
    "rome-missing": {"MET.7904", "MET.893", "MET.8204", "MET.284", "MET.239", "MET.8094", "MET.302", "MET.8099"},
    "rome-choose": {"MET.782", "MET.299", "MET.457", "MET.860"},
}


@pytest.fixture(scope="module")
def refs():
    return load_referentials()


@pytest.fixture
def root(tmp_path):
    (tmp_path / "profiles").mkdir()
    return tmp_path


def _load(path):
    return Profile.model_validate(yaml.safe_load(path.read_text("utf-8")))


def _export(tmp_path, extra_rows=(), name="export.csv", encoding="utf-8-sig"):
    """The sample with *extra_rows* appended (written as the sample is: BOM, ;)."""
    text = SAMPLE.read_text("utf-8-sig").rstrip("\n") + "\n" + "".join(r + "\n" for r in extra_rows)
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _row(name, met, codes="", labels="", domain="arts, culture, artisanat/arts graphiques", publication="Parcours"):
    link = f"https://www.onisep.fr/http/redirection/metier/slug/{met}"
    return ";".join([name, link, publication, "Parcours", "2025", "9782273017022", "GFE V : arts", codes, labels, "",
                     domain, "06/06/2020", "12/03/2026"])


# --- the shared sample --------------------------------------------------------------------------------------------

def test_sample_import_writes_every_metier_and_says_which_code_to_check(root, refs):
    report = import_onisep(SAMPLE, root, refs)
    assert (report.rows, report.selected) == (24, 24)
    written = {o.onisep_id: o.profile_id for o in report.outcomes if o.status == "written"}
    assert written == IMPORTED  # no row lost
    assert sorted(p.stem for p in (root / "profiles").glob("*.yaml")) == sorted(IMPORTED.values())
    found = {}
    for outcome in report.outcomes:
        if outcome.finding:
            found.setdefault(outcome.finding, set()).add(outcome.onisep_id)
            assert outcome.message
    assert found == FINDINGS
    assert (report.count("written"), report.count("skipped")) == (24, 0)
    assert [o.line for o in report.outcomes] == list(range(2, 26))  # every row reported, in file order
    for pid in IMPORTED.values():
        _load(root / "profiles" / f"{pid}.yaml")  # valid against the model


def test_notes_name_the_codes(root, refs):
    report = import_onisep(SAMPLE, root, refs)
    by_id = {o.onisep_id: o for o in report.outcomes}
    assert "K15" in by_id["MET.8099"].message and "domain" in by_id["MET.8099"].message
    assert "K2101, M1402, M1806" in by_id["MET.457"].message and "K2101 is used" in by_id["MET.457"].message
    assert "no ROME code" in by_id["MET.7904"].message
    assert by_id["MET.299"].line == 6


def test_several_codes_take_the_first_and_keep_the_others(root, refs):
    import_onisep(SAMPLE, root, refs)
    consultant = _load(root / "profiles" / "consultant.yaml")
    assert consultant.summary.rome.code == "K2101" and consultant.summary.rome.alternatives == ["M1402", "M1806"]
    assert consultant.job and "À RÉDIGER" not in consultant.missions  # filled from ROME K2101


def test_no_code_or_a_domain_code_imports_without_a_code(root, refs):
    import_onisep(SAMPLE, root, refs)
    path = root / "profiles" / "inspecteur-des-fraudes.yaml"
    inspector = _load(path)
    assert inspector.summary.rome is None and inspector.title == "Inspecteur des fraudes"
    assert "ONISEP gives K15, a ROME domain" in path.read_text("utf-8")  # said where the code would be
    assert _load(root / "profiles" / "e-sportif.yaml").summary.rome is None


def test_profile_content(root, refs):
    import_onisep(SAMPLE, root, refs)
    chef = _load(root / "profiles" / "journaliste-sportif.yaml")
    assert (chef.title, chef.title_feminine) == ("Journaliste sportif", "Journaliste sportive")
    assert chef.category == "Information-communication, audiovisuel"
    assert chef.tags == ["journalisme, édition, publicité"]
    assert chef.source == "https://www.onisep.fr/http/redirection/metier/slug/MET.385"
    assert (chef.summary.rome.code, chef.summary.rome.label) == ("E1106", "Journaliste")
    assert chef.summary.fap.code == bundled_content().fiche("E1106").fap[0]  # the DARES crosswalk
    assert chef.updated is None
    # ONISEP's fields stay, ROME fills the sections, and both are credited
    assert chef.introduction.strip() == bundled_content().fiche("E1106").definition[0]
    assert chef.attribution.startswith("Source : ONISEP, Idéo-métiers (ODbL) ; Source : France Travail, ROME v4.60")
    doctor = _load(root / "profiles" / "medecin-specialiste.yaml")
    assert doctor.title == "Médecin spécialiste" and doctor.title_feminine is None
    # The label is the referential's (ROME 4.60), not the one ONISEP's row quotes.
    assert doctor.summary.rome.label == "Médecin généraliste"
    assert doctor.tags == ["médical"]
    text = (root / "profiles" / "medecin-specialiste.yaml").read_text("utf-8")
    assert "MET.419" in text and "Open Database Licence" in text  # the ONISEP id and the attribution


def test_every_text_to_write_is_marked(root, refs):
    import_onisep(SAMPLE, root, refs)
    path = root / "profiles" / "e-sportif.yaml"  # no ROME code: nothing to fill from
    profile = _load(path)
    for name in ("introduction", "job", "missions", "studies", "training", "salary", "career"):
        assert getattr(profile, name).startswith(TODO), name
    assert profile.skills.technical[0].startswith(TODO) and profile.skills.behavioural.startswith(TODO)
    assert profile.summary.recommended_bac is None and profile.summary.employability is None  # not printed
    lines = path.read_text("utf-8").splitlines()
    for key in ("study_level:", "recommended_bac:", "employability:", "mobility:", "salary_starting:",
                "salary_experienced:", "fap:"):
        (line,) = [ln for ln in lines if ln.strip().startswith(key)]
        assert f"# {TODO}" in line, f"{key} carries no marker"
    filled = _load(root / "profiles" / "pilote-de-port.yaml")  # filled from ROME but for the school's parts
    assert not filled.missions.startswith(TODO) and filled.training.startswith(TODO)


def test_second_import_changes_nothing(root, refs):
    import_onisep(SAMPLE, root, refs)
    files = sorted((root / "profiles").glob("*.yaml"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    for p in files:  # an old time, so that any rewrite would show
        os.utime(p, ns=(1_000_000_000, 1_000_000_000))
    report = import_onisep(SAMPLE, root, refs)
    assert report.count("unchanged") == 24 and report.count("written") == report.count("overwritten") == 0
    assert not report.skipped
    assert sorted((root / "profiles").glob("*.yaml")) == files
    for p in files:
        assert p.read_bytes() == before[p][0]
        assert p.stat().st_mtime_ns == 1_000_000_000


def test_skeleton_is_deterministic(refs, root):
    import_onisep(SAMPLE, root, refs, only=["MET.58"])
    first = (root / "profiles" / "contremaitre.yaml").read_bytes()
    (root / "profiles" / "contremaitre.yaml").unlink()
    import_onisep(SAMPLE, root, refs, only=["MET.58"])
    assert (root / "profiles" / "contremaitre.yaml").read_bytes() == first


# --- quirks beyond the sample --------------------------------------------------------------------------------------

def test_duplicate_metier_rows_import_once(tmp_path, root, refs):
    export = _export(tmp_path, [
        _row("éclairagiste", "MET.307", "L1504", "Éclairage spectacle", "arts, culture, artisanat/arts du spectacle",
             publication="Les métiers du spectacle"),
        _row("chef / cheffe de rayon", "MET.299", "D1502 | D1503", publication="Les métiers du commerce"),
    ])
    report = import_onisep(export, root, refs)
    duplicates = [o for o in report.skipped if o.reason == "duplicate"]
    assert [(o.onisep_id, o.line) for o in duplicates] == [("MET.307", 26), ("MET.299", 27)]
    assert "line 14" in duplicates[0].message and "line 6" in duplicates[1].message
    assert report.count("written") == 24


def test_unknown_and_malformed_codes(tmp_path, root, refs):
    export = _export(tmp_path, [
        _row("souffleur / souffleuse de verre", "MET.9001", "B9999", "Inconnu"),
        _row("doreur / doreuse", "MET.9002", "12345", "?"),
        _row("sans lien", "", "B1101", "Création en arts plastiques"),
    ])
    report = import_onisep(export, root, refs)
    by_line = {o.line: o for o in report.outcomes if o.line > 25}
    assert [(by_line[n].status, by_line[n].finding) for n in (26, 27)] == [("written", "rome-missing")] * 2
    assert "B9999" in by_line[26].message and "rome-v460" in by_line[26].message
    assert "12345, not a ROME code" in by_line[27].message
    assert (by_line[28].status, by_line[28].reason) == ("skipped", "no-id")  # no id, so no profile can name it


def test_a_cp1252_comma_separated_export_imports_the_same(tmp_path, root, refs):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(SAMPLE.read_text("utf-8-sig")), delimiter=";"))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=",", lineterminator="\r\n").writerows(rows)
    export = tmp_path / "export-excel.csv"
    export.write_bytes(buffer.getvalue().encode("cp1252"))
    report = import_onisep(export, root, refs)
    assert {o.onisep_id: o.profile_id for o in report.outcomes if o.status == "written"} == IMPORTED
    reference = tmp_path / "reference"
    (reference / "profiles").mkdir(parents=True)
    import_onisep(SAMPLE, reference, refs)
    for pid in IMPORTED.values():
        assert (root / "profiles" / f"{pid}.yaml").read_bytes() == (reference / "profiles" / f"{pid}.yaml").read_bytes()


def test_a_multiline_cell_does_not_break_the_rows(tmp_path, root, refs):
    row = _row("pilote / pilote de ligne", "MET.9003", "N2102", "Pilotage", '"arts, culture/arts graphiques\r\n| santé/médical"')
    export = _export(tmp_path, [row, _row("éclairagiste bis", "MET.9004", "L1504")])
    report = import_onisep(export, root, refs)
    lines = {o.onisep_id: (o.line, o.status) for o in report.outcomes}
    assert lines["MET.9003"] == (26, "written") and lines["MET.9004"] == (28, "written")
    assert _load(root / "profiles" / "pilote-de-ligne.yaml").tags == ["arts graphiques", "médical"]


def test_not_an_export(tmp_path, root, refs):
    path = tmp_path / "rome.csv"
    shutil.copyfile(REPO / "tests" / "data" / "rome-v460-referentiel-code-rome.csv", path)
    with pytest.raises(MetierError, match="not an ONISEP Idéo-métiers export.*libellé métier"):
        import_onisep(path, root, refs)


# --- options -------------------------------------------------------------------------------------------------------

def test_only_by_onisep_id_number_or_profile_id(root, refs):
    report = import_onisep(SAMPLE, root, refs, only=["MET.307", "419", "pilote-de-port,met.58"])
    assert {o.profile_id for o in report.outcomes} == {"eclairagiste", "medecin-specialiste", "pilote-de-port",
                                                       "contremaitre"}
    assert report.selected == 4 and report.rows == 24


def test_only_imports_the_row_it_names(root, refs):
    report = import_onisep(SAMPLE, root, refs, only=["MET.8099"])
    (outcome,) = report.outcomes
    assert (outcome.status, outcome.finding) == ("written", "rome-missing")
    assert [p.stem for p in (root / "profiles").glob("*.yaml")] == ["inspecteur-des-fraudes"]


def test_only_an_unknown_id_writes_nothing(root, refs):
    with pytest.raises(MetierError, match="MET.1, no-such-job: no such métier"):
        import_onisep(SAMPLE, root, refs, only=["MET.307", "MET.1", "no-such-job"])
    assert not list((root / "profiles").glob("*.yaml"))


def test_domain_ignores_case_and_accents(root, refs):
    report = import_onisep(SAMPLE, root, refs, domain="ENERGIES")
    assert {o.onisep_id for o in report.outcomes} == {"MET.893", "MET.304", "MET.8116", "MET.302"}
    assert {o.profile_id for o in report.outcomes if o.status == "written"} == {
        "ingenieur-gaz", "responsable-de-service-urbanisme", "agent-de-developpement-des-energies-renouvelables",
        "chef-de-projet-eolien"}
    report = import_onisep(SAMPLE, root, refs, domain="arts graphiques")
    assert {o.onisep_id for o in report.outcomes} == {"MET.239", "MET.780"}


def test_domain_matching_nothing_lists_the_domains(root, refs):
    with pytest.raises(MetierError, match="matches no row.*santé, social, sport"):
        import_onisep(SAMPLE, root, refs, domain="astronautique")


def test_no_overwrite_without_force(root, refs):
    import_onisep(SAMPLE, root, refs)
    edited = root / "profiles" / "eclairagiste.yaml"
    mine = edited.read_text("utf-8").replace("training: |\n  À RÉDIGER : les formations de l'école qui préparent "
                                             "à ce métier.", "training: |\n  Il éclaire la scène.")
    assert "Il éclaire la scène." in mine
    edited.write_text(mine, "utf-8")
    report = import_onisep(SAMPLE, root, refs)
    (kept,) = report.skipped
    assert (kept.profile_id, kept.onisep_id, kept.reason) == ("eclairagiste", "MET.307", "edited")
    assert "was edited since it was imported" in kept.message and "--force" in kept.message
    assert edited.read_text("utf-8") == mine
    assert report.count("unchanged") == 23
    report = import_onisep(SAMPLE, root, refs, force=True)
    assert [o.profile_id for o in report.outcomes if o.status == "overwritten"] == ["eclairagiste"]
    assert report.count("unchanged") == 23
    assert "Il éclaire la scène." not in edited.read_text("utf-8")


def test_a_profile_of_the_users_with_the_same_id_is_kept(root, refs):
    mine = root / "profiles" / "illustrateur.yaml"
    mine.write_text("title: Illustrateur\n", "utf-8")
    report = import_onisep(SAMPLE, root, refs)
    assert [o.profile_id for o in report.skipped if o.reason == "exists"] == ["illustrateur"]
    assert mine.read_text("utf-8") == "title: Illustrateur\n"


def test_ids_are_stable_when_a_profile_is_renamed(root, refs):
    import_onisep(SAMPLE, root, refs, only=["MET.58"])
    (root / "profiles" / "contremaitre.yaml").rename(root / "profiles" / "chef-d-atelier.yaml")
    report = import_onisep(SAMPLE, root, refs, only=["MET.58"])
    assert [(o.profile_id, o.status) for o in report.outcomes] == [("chef-d-atelier", "unchanged")]
    assert not (root / "profiles" / "contremaitre.yaml").exists()


def test_two_metiers_with_one_title_get_two_ids(tmp_path, root, refs):
    export = _export(tmp_path, [_row("illustrateur / illustratrice", "MET.9005", "E1205", "Réalisation de contenus")])
    report = import_onisep(export, root, refs)
    ids = {o.onisep_id: o.profile_id for o in report.outcomes if o.status == "written"}
    assert (ids["MET.780"], ids["MET.9005"]) == ("illustrateur", "illustrateur-9005")
    again = import_onisep(export, root, refs)  # and again: the same ids
    assert {o.onisep_id: o.profile_id for o in again.outcomes if o.status == "unchanged"} == ids


# --- titles and ids ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,masculine,feminine", [
    ("chef / cheffe de rayon", "Chef de rayon", "Cheffe de rayon"),
    ("journaliste sportif / sportive", "Journaliste sportif", "Journaliste sportive"),
    ("accompagnant éducatif et social / accompagnante éducative et sociale", "Accompagnant éducatif et social",
     "Accompagnante éducative et sociale"),
    ("concepteur / conceptrice designer packaging (emballage)", "Concepteur designer packaging (emballage)",
     "Conceptrice designer packaging (emballage)"),
    ("éclairagiste", "Éclairagiste", None),
    ("pilote  de port", "Pilote de port", None),
    ("guide / guide", "Guide", None),
    ("a / b / c", "A / b / c", None),
])
def test_split_title(name, masculine, feminine):
    assert split_title(name) == (masculine, feminine)


@pytest.mark.parametrize("title,expected", [
    ("Conseiller d'élevage", "conseiller-d-elevage"),
    ("Chef de chœur", "chef-de-choeur"),
    ("Concepteur designer packaging (emballage)", "concepteur-designer-packaging-emballage"),
    ("E-sportif", "e-sportif"),
    ("Ingénieur " + "très " * 30 + "long", ("ingenieur-" + "tres-" * 12).rstrip("-")),
    ("???", "metier"),
])
def test_slug(title, expected):
    assert slug(title) == expected
    assert len(slug(title)) <= 70


def test_skeleton_quotes_what_yaml_would_misread(refs):
    from metier.importers.onisep import Metier

    metier = Metier(onisep_id="MET.1", name="x", title='Yes: "no" # {{title}}', title_feminine=None,
                    category="@on", tags=("a, b", "- c"), source="https://x.example/MET.1", rome_code="M1802",
                    rome_label="Expert: {x}", line=2)
    data = yaml.safe_load(skeleton(metier))
    assert data["title"] == 'Yes: "no" # {{title}}' and data["category"] == "@on"
    assert data["tags"] == ["a, b", "- c"] and data["summary"]["rome"]["label"] == "Expert: {x}"
    assert "title_feminine" not in data


def test_a_yml_profile_counts_as_existing(root, refs):
    mine = root / "profiles" / "contremaitre.yml"
    mine.write_text("title: Contremaître\n", "utf-8")
    report = import_onisep(SAMPLE, root, refs, only=["MET.58"])
    (outcome,) = report.outcomes
    assert (outcome.reason, outcome.file) == ("exists", "profiles/contremaitre.yml")
    assert not (root / "profiles" / "contremaitre.yaml").exists()
    report = import_onisep(SAMPLE, root, refs, only=["MET.58"], force=True)
    assert [o.status for o in report.outcomes] == ["overwritten"]
    assert "MET.58" in mine.read_text("utf-8") and not (root / "profiles" / "contremaitre.yaml").exists()


def test_only_names_a_profile_id_with_its_number(tmp_path, root, refs):
    export = _export(tmp_path, [_row("illustrateur / illustratrice", "MET.9005", "E1205", "Réalisation de contenus")])
    report = import_onisep(export, root, refs, only=["illustrateur-9005"])
    assert [(o.onisep_id, o.profile_id) for o in report.outcomes] == [("MET.9005", "illustrateur-9005")]


def test_an_export_given_as_bytes_imports_the_same_under_its_name(tmp_path, root, refs):
    from_file = import_onisep(SAMPLE, root, refs)
    other = tmp_path / "other"
    (other / "profiles").mkdir(parents=True)
    from_bytes = import_onisep(SAMPLE.read_bytes(), other, refs, name="envoi.csv")
    assert from_bytes.file == "envoi.csv" and from_file.file == SAMPLE.name
    assert [(o.status, o.file, o.message) for o in from_bytes.outcomes] == \
        [(o.status, o.file, o.message) for o in from_file.outcomes]
    assert from_bytes.count("written") == len(IMPORTED)
    for name in IMPORTED.values():
        assert (other / "profiles" / f"{name}.yaml").read_bytes() == (root / "profiles" / f"{name}.yaml").read_bytes()


def test_bytes_that_are_not_an_export_name_the_upload(root, refs):
    with pytest.raises(MetierError, match="envoi.csv is not an ONISEP Idéo-métiers export"):
        import_onisep(b"nom;prenom\nA;B\n", root, refs, name="envoi.csv")
