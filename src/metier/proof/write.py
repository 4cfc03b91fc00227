"""Proofs written to disk: the page images and contact sheets of built outputs, one folder per target and campus.

What ``metier preview`` and ``metier build --preview`` write, and what the
studio offers after a build from the browser: every PDF of each target and
campus becomes PNG pages in ``<base>/<target>/<campus>/`` (:mod:`metier.proof.pages`)
and a contact sheet of their thumbnails (:mod:`metier.proof.contact`),
``contact-sheet.png`` (``-2.png``... when it needs more pages) and
``contact-sheet.pdf``. An output that failed is on the contact sheet as a
placeholder with its error. Never prints: the callers say what was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from metier.errors import MetierError
from metier.messages import msg

PREVIEW_DIR = "out/preview"
SHEET_NAME = "contact-sheet"


@dataclass
class Proof:
    """The contact sheet of one target and campus: the files written (PNG pages of it, then its PDF) and its entries."""

    target: str
    campus: str
    files: list[Path]
    entries: list = field(default_factory=list)

    @property
    def images(self) -> int:
        """How many page images of documents this proof's folder holds."""
        return sum(len(e.pages) for e in self.entries if e.error is None)


def shown_outputs(outputs, known: dict, variant: str) -> list:
    """The outputs a preview shows: each target's *variant*, or its only variant when it makes just the other one.

    The screen and press files of a document hold the same pages; a reviewer
    checks one of them (the press file adds only bleed and crop marks).
    """
    return [o for o in outputs if o.variant == variant or variant not in known[o.target].variants]


def write_previews(ws, outputs, base: Path, dpi: int = 96) -> list[Proof]:
    """Write the page images and contact sheet of each target and campus of *outputs* under *base*.

    One :class:`Proof` per target and campus, in the order of *outputs*.
    Raises :class:`~metier.errors.MetierError` when the folder cannot be written.
    """
    from metier.proof.contact import contact_sheet, save_contact_sheet

    groups: dict[tuple[str, str], list] = {}
    for output in outputs:
        groups.setdefault((output.target, output.campus), []).append(output)
    proofs = []
    for (target_id, campus_id), members in groups.items():
        folder = base / target_id / campus_id
        entries = [_entry(ws, output, folder, stem, dpi) for output, stem in zip(members, _stems(members))]
        _remove_others(folder, [p for e in entries if e.error is None for p in e.pages])
        title, subtitle = _titles(ws, target_id, campus_id)
        written = save_contact_sheet(contact_sheet(entries, title, subtitle), folder, SHEET_NAME)
        proofs.append(Proof(target_id, campus_id, written, entries))
    return proofs


def _remove_others(folder: Path, pages: list[Path]) -> None:
    """Remove the page images of documents the target no longer makes (a profile taken out of it)."""
    import re

    keep = {p.name for p in pages}
    for path in sorted(folder.glob("*-p*.png")):
        if re.fullmatch(r".+-p\d+\.png", path.name) and path.name not in keep:
            path.unlink()


def _stems(outputs) -> list[str]:
    """The page-image name of each output: its PDF's name, or its path when two outputs share a name."""
    stems = [PurePosixPath(o.path).stem for o in outputs]
    return [stem if stems.count(stem) == 1 else PurePosixPath(o.path).with_suffix("").as_posix().replace("/", "-")
            for stem, o in zip(stems, outputs)]


def _entry(ws, output, folder: Path, stem: str, dpi: int):
    """The contact-sheet entry of one output, after writing its page images (or removing stale ones)."""
    from metier.proof.contact import Entry
    from metier.proof.pages import UnreadablePDF, remove_pages, write_pages

    entry = Entry(_name(ws, output), _detail(output), budget=getattr(output, "budget", None),
                  overflow=getattr(output, "overflow", None), warnings=list(output.warnings))
    if output.status not in ("built", "up to date"):
        remove_pages(folder, stem)
        entry.error = output.error or msg("proof_not_built")
        return entry
    try:
        entry.pages = write_pages(ws.root / output.path, folder, dpi, stem=stem)
    except UnreadablePDF as exc:
        remove_pages(folder, stem)
        entry.error = msg("preview_unreadable", reason=exc)
    except OSError as exc:  # the preview folder cannot be written: no preview at all
        raise MetierError(msg("write_failed", path=exc.filename or folder, reason=exc.strerror or exc)) from exc
    return entry


def _name(ws, output) -> str:
    """What the reviewer calls the document: the profile's title, else the target's title or kind."""
    from metier.text.typography import typeset

    language = ws.project.language
    if output.profile:
        profile = ws.profiles.get(output.profile)
        return typeset(profile.title, language) if profile is not None else output.profile
    target = ws.project.targets.get(output.target)
    if target is not None and getattr(target, "title", None):
        return typeset(target.title, language)
    if output.kind == "flyer-sheet":
        return msg("proof_kind_flyer_sheet", n=getattr(target, "n_up", 2))
    return msg(f"proof_kind_{output.kind}") if output.kind in ("brochure", "booklet") else output.target


def _detail(output) -> str:
    """The file name of an output, and how many profiles a brochure holds."""
    name = PurePosixPath(output.path).name
    if output.profile or not output.profiles:
        return name
    return f"{name} · {msg('proof_profiles', n=len(output.profiles))}"


def _titles(ws, target_id: str, campus_id: str) -> tuple[str, str]:
    """The contact sheet's title and subtitle: the campus and target, then the school."""
    from metier.build.targets import targets

    campus = ws.campuses.get(campus_id)
    campus_name = campus.name if campus is not None else campus_id
    kind = targets(ws)[target_id].kind
    title = msg("proof_title", campus=campus_name, target=target_id)
    shown = target_id + (msg("proof_kind", kind=kind) if kind != target_id else "")
    subtitle = msg("proof_subtitle", school=ws.project.school.name, target=shown, campus=campus_id)
    return title, subtitle


