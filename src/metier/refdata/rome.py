"""The bundled ROME content, one :class:`Fiche` per code: what ``metier new profile --rome`` writes from.

The bundle (``rome-content.json.xz``, see :mod:`metier.refdata.derive`) holds
the texts, titles, skills, knowledge, work contexts, sectors and mobility
links of the 1,584 codes of ROME 4.60, the FAP 2009 families of each code
(DARES crosswalk) and DARES' median salary per FAP family, with the
attribution each licence asks for (:attr:`RomeContent.attribution`).

API: :func:`bundled_content` (loaded once), :func:`load_content` (another
bundle file), :meth:`RomeContent.fiche` and :meth:`RomeContent.salary`.
"""

from __future__ import annotations

import json
import lzma
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from metier.errors import MetierError
from metier.messages import msg
from metier.refdata.derive import BUNDLE_NAME, FORMAT
from metier.text.titles import split_title

__all__ = ["Fiche", "RomeContent", "Salary", "Sector", "Skill", "Title", "bundled_content", "load_content"]


@dataclass(frozen=True)
class Title:
    """A job title in its two forms (``feminine`` is ``None`` for an epicene title), and as ROME writes it."""

    masculine: str
    feminine: str | None
    label: str = ""
    """The title as published, both forms in one ("Expert / Experte réseau informatique")."""


@dataclass(frozen=True)
class Skill:
    """A savoir-faire, savoir-être or knowledge item; ``core`` when ROME marks it "Principale" for the code."""

    label: str
    core: bool = False


@dataclass(frozen=True)
class Sector:
    """A sector employing the job, its sub-sectors, and whether ROME gives it as the main one."""

    label: str
    sub: tuple[str, ...] = ()
    principal: bool = False


@dataclass(frozen=True)
class Salary:
    """DARES' median net monthly salary of a FAP 2009 family (3 characters, ``M2Z``) over a period (``2017-2019``)."""

    fap: str
    period: str
    amount: int

    @property
    def year(self) -> int:
        """The last year of the period (``2019`` for ``2017-2019``)."""
        return int(self.period.rsplit("-", 1)[-1])


@dataclass(frozen=True)
class Fiche:
    """What ROME says of one code, texts cleaned (see :mod:`metier.refdata.derive`)."""

    code: str
    label: str
    """The official label, as the referential writes it ("Expert / Experte systèmes et réseaux informatiques")."""
    title: Title
    parent: str
    """The classic fiche the code belongs to (itself for the 532 classic codes)."""
    domain: str
    domain_label: str
    definition: tuple[str, ...]
    access: tuple[str, ...]
    titles: tuple[Title, ...]
    """Other job titles of the code, each in its two forms."""
    savoir_faire: tuple[Skill, ...]
    savoir_etre: tuple[Skill, ...]
    knowledge: tuple[Skill, ...]
    contexts: tuple[tuple[str, str], ...]
    """``(type, context)`` pairs: "Horaires et durée du travail", "Travail le samedi"."""
    sectors: tuple[Sector, ...]
    mobility: tuple[str, ...]
    """ROME codes one can move to, in ROME's order."""
    fap: tuple[str, ...]
    """FAP 2009 detailed families (``M2Z90``) of the code (or of its classic fiche), from the DARES crosswalk."""


class RomeContent:
    """The content of a bundle: :meth:`fiche` by code, :meth:`salary` by FAP family, :attr:`attribution`."""

    def __init__(self, data: dict, name: str = BUNDLE_NAME):
        if data.get("format") != FORMAT:
            raise MetierError(msg("rome_bundle_broken", file=name, reason=f"format {data.get('format')!r}"))
        self._data = data
        self._items = data["items"]
        self._contexts = data["context_types"]
        self.attribution: dict = data["attribution"]
        """``{"rome": {...}, "dares": {...}}``: publisher, title, licence, version, notice of each source."""
        self.version: str = self.attribution["rome"]["version"]
        self.name = name

    def __contains__(self, code) -> bool:
        return str(code).strip() in self._data["codes"]

    def codes(self) -> list[str]:
        """Every code of the referential, sorted."""
        return sorted(self._data["codes"])

    def label(self, code: str) -> str | None:
        """The official label of *code*, or ``None`` when ROME has no such code."""
        entry = self._data["codes"].get(str(code).strip())
        return entry["label"] if entry else None

    def fiche(self, code: str) -> Fiche:
        """The :class:`Fiche` of *code*; raises :class:`MetierError` when ROME has no such code."""
        code = str(code).strip().upper()
        entry = self._data["codes"].get(code)
        if entry is None:
            raise MetierError(msg("rome_unknown_code", code=code, version=self.version))
        core = set(entry["core"])

        def skills(kind):
            found = [Skill(accented(self._items[str(n)]), n in core) for n in entry[kind] if str(n) in self._items]
            return tuple(sorted(found, key=lambda s: not s.core))  # core items first, ROME's order kept

        return Fiche(
            code=code, label=entry["label"], title=Title(*split_title(entry["label"]), entry["label"]), parent=entry["parent"],
            domain=entry["domain"], domain_label=self._data["domains"].get(entry["domain"], ""),
            definition=tuple(map(accented, entry["definition"])), access=tuple(map(accented, entry["access"])),
            titles=tuple(Title(*split_title(t), t) for t in entry["titles"]),
            savoir_faire=skills("savoir_faire"), savoir_etre=skills("savoir_etre"), knowledge=skills("knowledge"),
            contexts=tuple((self._contexts.get(str(n), ""), accented(self._items[str(n)])) for n in entry["contexts"]
                           if str(n) in self._items),
            sectors=tuple(Sector(s["label"], tuple(s["sub"]), s["principal"]) for s in entry["sectors"]),
            mobility=tuple(entry["mobility"]), fap=tuple(entry["fap"]))

    def salary(self, fap: str) -> Salary | None:
        """DARES' latest median salary of the FAP 2009 family of *fap* (``M2Z90`` or ``M2Z``), or ``None``."""
        family = str(fap).strip()[:3]
        periods = self._data["salaries"].get(family)
        if not periods:
            return None
        period = max(periods, key=lambda p: (int(p.rsplit("-", 1)[-1]), p))
        return Salary(family, period, periods[period])


def load_content(path: Path | str) -> RomeContent:
    """The :class:`RomeContent` of the bundle file *path* (xz-compressed JSON, see :mod:`metier.refdata.derive`)."""
    path = Path(path)
    try:
        data = json.loads(lzma.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, lzma.LZMAError, ValueError) as exc:
        raise MetierError(msg("rome_bundle_broken", file=path.name, reason=exc)) from None
    return RomeContent(data, path.name)


@lru_cache(maxsize=1)
def bundled_content() -> RomeContent:
    """The ROME content bundled with metier (read once, shared: never change it)."""
    from metier.refdata import bundled_dir

    return load_content(bundled_dir() / BUNDLE_NAME)


_LOWER = "a-zàâäçéèêëîïôöùûüÿœæ"
_WORD = rf"(?<![\w])[{_LOWER}][{_LOWER}'-]*"
"""A word written in lower case, not inside another word."""
_CAPITAL_E = re.compile(rf"(?<![\w])E([{_LOWER}][{_LOWER}'-]*)")
"""A word that starts with a capital E and goes on in lower case ("Evaluer"); group 1 is the rest."""


def accented(text: str) -> str:
    """*text* with the accent ROME's texts leave off a capital E restored ("Evaluer" is "Évaluer").

    French keeps accents on capitals, and ROME writes "évaluer" in the middle of
    a sentence but "Evaluer" at its start. A word is restored when the
    referential's own texts write it, in lower case, with "é", "ê" or "è" and
    never with a plain "e" (see :func:`_capital_accents`); official labels and
    job titles are left as published, since the content rules compare them.
    """
    fixes = _capital_accents()
    return _CAPITAL_E.sub(lambda m: fixes.get(m.group(0), m.group(0)), text) if "E" in text else text


@lru_cache(maxsize=1)
def _capital_accents() -> dict[str, str]:
    """``{"Evaluer": "Évaluer", ...}``, from the words the bundled referential writes in lower case."""
    data = bundled_content()._data
    texts = list(data["items"].values())
    for entry in data["codes"].values():
        texts += entry["definition"] + entry["access"]
    text = "\n".join(texts)
    vocabulary = set(re.findall(_WORD, text))
    fixes = {}
    for rest in set(_CAPITAL_E.findall(text)):
        if "e" + rest in vocabulary:
            continue
        candidates = [accent for accent in "éêè" if accent + rest in vocabulary]
        if len(candidates) == 1:
            fixes["E" + rest] = candidates[0].upper() + rest
    return fixes
