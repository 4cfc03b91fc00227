"""Pictograms: vector icons in the campus colour, drawn as CSS backgrounds and tagged as artifacts."""

from __future__ import annotations

import io
import os
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from metier.load.workspace import load_workspace
from metier.render.layouts import resolve_layout
from metier.render.pictograms import PICTOGRAMS, pictogram_css
from metier.render.sheet import SheetRenderer

PATH_OPERATORS = {b"m", b"l", b"c", b"v", b"y", b"h", b"re"}


def test_every_pictogram_is_vendored_with_its_licence(sample_readonly):
    layout = resolve_layout("job-sheet", sample_readonly, "lyon")
    css = pictogram_css(layout, "#0b4f8a")
    for key in PICTOGRAMS:
        assert f".pictogram-{key}::before" in css
    assert "currentColor" not in unquote(css) and unquote(css).count('stroke="#0b4f8a"') == len(PICTOGRAMS)
    assert layout.find("pictograms/LICENSE-tabler-icons.txt").read_text("utf-8").startswith("MIT License")


def test_a_campus_replaces_one_pictogram_but_not_through_a_link_out(sample, tmp_path):
    folder = sample / "campuses/lyon/layouts/job-sheet/pictograms"
    folder.mkdir(parents=True)
    (folder / "phone.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">'
                                      '<circle cx="2" cy="2" r="2" fill="currentColor"/></svg>', "utf-8")
    (tmp_path / "secret.svg").write_text("<svg>secret</svg>", "utf-8")
    os.symlink(tmp_path / "secret.svg", folder / "mail.svg")
    css = unquote(pictogram_css(resolve_layout("job-sheet", sample, "lyon"), "#123456"))
    assert '<circle cx="2" cy="2" r="2" fill="#123456"/>' in css
    assert "secret" not in css and ".pictogram-email::before" not in css


def test_a_colour_that_is_not_rrggbb_is_refused(sample_readonly):
    with pytest.raises(ValueError):
        pictogram_css(resolve_layout("job-sheet", sample_readonly, "lyon"), 'red"); x: url(/etc/passwd')


def _operators(xobject, seen=None):
    """Every operator drawn by a form XObject and the forms and patterns it draws, recursively."""
    seen = seen if seen is not None else set()
    found = set()
    for operands, op in ContentStream(xobject, None).operations:
        found.add(op)
    resources = xobject.get("/Resources") or {}
    for group in ("/XObject", "/Pattern"):
        for reference in (resources.get(group) or {}).values():
            if reference.idnum not in seen:
                seen.add(reference.idnum)
                child = reference.get_object()
                found |= {"image"} if child.get("/Subtype") == "/Image" else _operators(child, seen)
    return found


@pytest.fixture(scope="module")
def screen_sheet(sample_readonly):
    return SheetRenderer(load_workspace(sample_readonly)).render("prompt-engineer", "lyon").pdf


def test_pictograms_are_vector_paths_marked_as_artifacts(screen_sheet):
    reader = PdfReader(io.BytesIO(screen_sheet))
    page = reader.pages[0]
    forms = page["/Resources"]["/XObject"]
    stack, artifacts, figures = [], [], []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op in (b"BMC", b"BDC"):
            stack.append(str(operands[0]))
        elif op == b"EMC":
            stack.pop()
        elif op == b"Do":
            (artifacts if "/Artifact" in stack else figures).append(str(operands[0]))
    icons = [name for name in artifacts if forms[name].get_object().get("/Subtype") == "/Form"]
    assert len(icons) >= 6  # the six facts of the summary box
    for name in icons:
        drawn = _operators(forms[name].get_object())
        assert "image" not in drawn and drawn & PATH_OPERATORS and b"S" in drawn, name  # stroked vector paths
    # the photo and the portrait are figures with their alt text, not artifacts
    assert [forms[n].get_object()["/Subtype"] for n in figures].count("/Image") == 2


def test_pictograms_are_not_in_the_structure_tree(screen_sheet):
    reader = PdfReader(io.BytesIO(screen_sheet))
    figures = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert figures and all(figures)  # every figure has an alt text: no pictogram (which has none) is among them
