"""Ids and file names, and references to programmes, profiles and campuses that do not exist.

A file's name is its id; an id is lowercase letters, digits and ``-``, so a
name with capitals, spaces or dots, or an id climbing out with ``..``, is
refused with the name to use. A reference to something missing is located at
the value that names it, with the closest existing id.
"""

from __future__ import annotations

from tests.hostile.catalogue import Case
from tests.hostile.catalogue.base import CAMPUS, PROFILE, PROGRAMME, PROJECT, vary

P, G, M = "profiles/hostile.yaml", "programmes/hostile.yaml", "metier.yaml"
STUDIES = "studies: Bac+5."
ID_RULE = "is not valid here: write lowercase letters, digits and '-' (e.g. soc-analyst)"


def profile(old: str, new: str) -> dict[str, str]:
    """The base profile with one change."""
    return {P: vary(PROFILE, old, new)}


def project(old: str, new: str) -> dict[str, str]:
    """The base metier.yaml with one change."""
    return {M: vary(PROJECT, old, new)}


def _bad_name(folder: str, name: str, suggestion: str, kind: str = "profile id") -> str:
    return (f'{folder}/{name}:1:1: file name "{name}" is not a valid {kind}; rename it with lowercase letters, '
            f"digits and '-' (e.g. {suggestion}.yaml)")


CASES = [
    Case("uppercase-file-name", {"profiles/Hostile.yaml": PROFILE}, (_bad_name("profiles", "Hostile.yaml", "hostile"),)),
    Case("space-in-file-name", {"profiles/my profile.yaml": PROFILE},
         (_bad_name("profiles", "my profile.yaml", "my-profile"),)),
    Case("dot-dot-file-name", {"profiles/..yaml": PROFILE}, (_bad_name("profiles", "..yaml", "my-profile"),)),
    Case("campus-file-name", {"campuses/Lyon Nord.yaml": CAMPUS}, (_bad_name("campuses", "Lyon Nord.yaml", "lyon-nord", "id"),)),
    Case("programme-file-name", {"programmes/bachelor_cyber.yml": PROGRAMME},
         (_bad_name("programmes", "bachelor_cyber.yml", "bachelor-cyber", "id"),)),
    Case("programme-id-climbing-out", profile(STUDIES, f"{STUDIES}\nprogrammes: [../../etc/passwd]"),
         (f'{P}:22:14: programmes[0]: "../../etc/passwd" {ID_RULE}',)),
    Case("unknown-programme", profile(STUDIES, f"{STUDIES}\nprogrammes: [bachelor-cybersecurity]"),
         (f'{P}:22:14: programmes[0]: programme "bachelor-cybersecurity" does not exist in programmes/; '
          'did you mean "bachelor-cybersecurite"?',)),
    Case("unknown-related-profile", profile(STUDIES, f"{STUDIES}\nrelated: [cisco]"),
         (f'{P}:22:11: related[0]: profile "cisco" does not exist in profiles/; did you mean "ciso"?; '
          "for a job without a profile write `- title: ...`",)),
    Case("related-to-itself", profile(STUDIES, f"{STUDIES}\nrelated: [hostile]"),
         (f"{P}:22:11: related[0]: a profile cannot list itself among related jobs",)),
    Case("campus-file-not-a-mapping", {"campuses/hostile.yaml": "- name: Hostile\n"},
         ('campuses/hostile.yaml:1:1: expected a mapping ("key: value" lines), got a list',)),
    Case("unknown-campus-of-programme", {G: vary(PROGRAMME, "campuses: [lyon]", "campuses: [lyom]")},
         (f'{G}:4:12: campuses[0]: campus "lyom" does not exist in campuses/; did you mean "lyon"?',)),
    Case("default-campus-uppercase", project("default_campus: lyon", "default_campus: Lyon"),
         (f'{M}:6:17: default_campus: "Lyon" {ID_RULE}',)),
    Case("unknown-default-campus", project("default_campus: lyon", "default_campus: lyom"),
         (f'{M}:6:17: default_campus: campus "lyom" does not exist in campuses/; did you mean "lyon"?',)),
    Case("target-naming-the-unknown",
         project("    campus: lyon", "    campus: lyom\n    profiles: [cisco]\n    categories: [Gouvernanse]"),
         (f'{M}:14:13: targets.brochure.campus: campus "lyom" does not exist in campuses/; did you mean "lyon"?',
          f'{M}:15:16: targets.brochure.profiles[0]: profile "cisco" does not exist in profiles/; did you mean "ciso"?',
          f'{M}:16:18: warning: targets.brochure.categories[0]: no profile has the category "Gouvernanse"; '
          'did you mean "Gouvernance"?; the target selects nothing by it')),
]
