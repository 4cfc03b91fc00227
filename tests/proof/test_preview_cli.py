"""``metier preview``: build, then page images and a contact sheet per target and campus."""

from __future__ import annotations

from PIL import Image

from metier.proof import contact
from tests.conftest import edit_yaml


def two_profiles(sample) -> None:
    """Keep the sample fast: a sheets target of two profiles, and a brochure of the same two."""
    edit_yaml(sample / "metier.yaml", lambda d: d.update(targets={
        "sheets": {"kind": "sheets", "profiles": ["pentester", "soc-analyst"]},
        "brochure": {"kind": "brochure", "profiles": ["pentester", "soc-analyst"]},
    }))


def spy_on_sheets(monkeypatch) -> list:
    """Record the entries of every contact sheet drawn."""
    drawn = []
    real = contact.contact_sheet

    def spy(entries, title, subtitle=""):
        sheet = real(entries, title, subtitle)
        drawn.append((title, list(entries), sheet))
        return sheet

    monkeypatch.setattr(contact, "contact_sheet", spy)
    return drawn


def test_preview_writes_pages_and_a_contact_sheet(metier, sample, monkeypatch):
    two_profiles(sample)
    drawn = spy_on_sheets(monkeypatch)
    code, out, err = metier("preview", "sheets", "--campus", "lyon", "--dpi", "30", cwd=sample)
    assert code == 0, err
    folder = sample / "out/preview/sheets/lyon"
    pngs = sorted(p.name for p in folder.glob("*-p*.png"))
    assert pngs and {p.split("-p")[0] for p in pngs} == {"pentester", "soc-analyst"}
    with Image.open(folder / pngs[0]) as page:
        assert page.size == (249, 351)  # A4 at 30 dpi
    assert (folder / "contact-sheet.png").is_file() and (folder / "contact-sheet.pdf").is_file()
    assert not (sample / "out/preview/sheets/paris").exists()
    [(title, entries, sheet)] = drawn
    assert title == "Lyon · sheets"
    assert [e.name for e in entries] == ["Pentesteur", "Analyste SOC"]
    assert len(sheet.pages) == len(pngs)  # one thumbnail per page
    assert "out/preview/sheets/lyon/contact-sheet.png: 2 documents, " in out
    assert f"Wrote {len(pngs)} page image(s) and 1 contact sheet(s) under out/preview/" in out

    # Up to date the second time: nothing is rendered again, the previews are written again;
    # the pages of a profile taken out of the target go.
    (folder / "ciso-p01.png").write_bytes(b"left by an earlier preview")
    code, out, _ = metier("preview", "sheets", "--campus", "lyon", "--dpi", "30", cwd=sample)
    assert code == 0 and "2 up to date" in out and len(drawn) == 2
    assert sorted(p.name for p in folder.glob("*-p*.png")) == pngs


def test_every_target_into_another_folder_with_overflow_and_failure(metier, sample, monkeypatch, tmp_path):
    two_profiles(sample)
    drawn = spy_on_sheets(monkeypatch)
    import metier.build.run as run

    real_build = run.build

    def build_with_overflow(*args, **kwargs):  # what the page-budget work will record
        result = real_build(*args, **kwargs)
        for output in result.outputs:
            if output.profile == "pentester" and output.kind == "sheet":
                output.budget = 1
                output.overflow = {"pages": output.pages, "budget": 1, "section": "Salaire", "amount": "12 mm"}
        return result

    monkeypatch.setattr(run, "build", build_with_overflow)
    override = sample / "campuses/paris/layouts/job-sheet"
    override.mkdir(parents=True)
    (override / "sheet.html.j2").write_text('{% extends "!layout/sheet.html.j2" %}{% block title %}'
                                            "{{ profile.no_such_field }}{% endblock %}", encoding="utf-8")
    proofs = tmp_path / "proofs"
    code, out, err = metier("preview", "--dpi", "24", "-o", str(proofs), cwd=sample)
    assert code == 3  # some outputs failed, as for metier build
    assert "out/sheets/paris/pentester.pdf: error: template" in err
    assert sorted(p.relative_to(proofs).as_posix() for p in proofs.rglob("contact-sheet.png")) == [
        "brochure/lyon/contact-sheet.png", "brochure/paris/contact-sheet.png",
        "sheets/lyon/contact-sheet.png", "sheets/paris/contact-sheet.png"]
    assert not (sample / "out/preview").exists()
    sheets = {title: (entries, sheet) for title, entries, sheet in drawn}
    entries, sheet = sheets["Paris · sheets"]
    assert all(e.error and "no_such_field" in e.error for e in entries)  # shown, not skipped
    assert len([t for t in sheet.thumbs if t.placeholder]) == 2 and not sheet.pages
    assert not list((proofs / "sheets/paris").glob("*-p*.png"))
    entries, sheet = sheets["Lyon · sheets"]
    pentester = entries[0]
    assert pentester.overflow["section"] == "Salaire" and pentester.first_over == 2
    assert [t.page for t in sheet.pages if t.over_budget] == list(range(2, len(pentester.pages) + 1))
    entries, sheet = sheets["Lyon · brochure"]
    assert [e.name for e in entries] == ["Brochure"] and len(sheet.pages) == len(entries[0].pages) > 4
    assert "1 over budget" in out and "2 not built" in out


def test_unknown_target_lists_the_known_ones(metier, sample):
    two_profiles(sample)
    code, _, err = metier("preview", "brochur", cwd=sample)
    assert code == 1
    assert 'error: no target "brochur" in metier.yaml; the targets are: sheets, brochure' in err
    assert "Traceback" not in err and not (sample / "out").exists()
