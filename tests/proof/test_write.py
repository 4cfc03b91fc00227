"""``metier.proof.write``: page images and contact sheets written for built outputs, without printing anything."""

from __future__ import annotations

from metier.build.run import build
from metier.build.targets import targets
from metier.load.workspace import load_workspace
from metier.proof.write import shown_outputs, write_previews
from tests.proof.test_preview_cli import two_profiles


def test_write_previews_returns_what_it_wrote_and_prints_nothing(sample, capsys):
    two_profiles(sample)
    ws = load_workspace(sample)
    result = build(ws, targets_=["sheets"], campuses=["lyon"])
    shown = shown_outputs(result.outputs, targets(ws), "screen")
    proofs = write_previews(ws, shown, sample / "out/preview", dpi=24)
    assert [(p.target, p.campus) for p in proofs] == [("sheets", "lyon")]
    proof = proofs[0]
    names = [f.name for f in proof.files]
    assert names[0] == "contact-sheet.png" and names[-1] == "contact-sheet.pdf"
    assert all(f.is_file() and f.is_relative_to(sample / "out/preview/sheets/lyon") for f in proof.files)
    assert proof.images == len(list((sample / "out/preview/sheets/lyon").glob("*-p*.png"))) > 0
    assert [e.error for e in proof.entries] == [None, None]
    assert capsys.readouterr() == ("", "")


def test_a_failed_output_is_an_entry_with_its_error(sample):
    two_profiles(sample)
    ws = load_workspace(sample)
    result = build(ws, targets_=["sheets"], campuses=["lyon"])
    result.outputs[0].status, result.outputs[0].error = "failed", "it broke"
    proofs = write_previews(ws, result.outputs, sample / "out/preview", dpi=24)
    assert [e.error for e in proofs[0].entries] == ["it broke", None]
