"""The completeness report of ``metier check --report``: what each profile has written, what the workspace lacks."""

from __future__ import annotations

SECTIONS = ("introduction", "job", "missions", "responsibilities", "skills", "qualities", "studies", "training",
            "bac", "sectors", "recruiters", "salary", "career", "advantages", "drawbacks", "testimonials", "related")
"""The sections of a profile, in the order of the job sheet."""


def written_sections(profile) -> list[str]:
    """The sections of *profile* that hold something."""
    return [name for name in SECTIONS if getattr(profile, name, None)]


def completeness(ws) -> str:
    """The report as text: per profile, written and missing sections; then the jobs lacking key content."""
    lines = ["Profiles (sections written / missing):"]
    lacking = {"testimonial": [], "salary": [], "programme": []}
    for pid, profile in sorted(ws.profiles.items()):
        written = written_sections(profile)
        missing = [name for name in SECTIONS if name not in written]
        lines.append(f"  {pid:<24} {len(written):>2}/{len(SECTIONS)}" + (f"  missing: {', '.join(missing)}" if missing else ""))
        if not profile.testimonials:
            lacking["testimonial"].append(pid)
        if not profile.salary:
            lacking["salary"].append(pid)
        if not profile.programmes:
            lacking["programme"].append(pid)
    lines.append("Workspace:")
    for what, ids in lacking.items():
        lines.append(f"  without a {what}: {', '.join(ids) if ids else 'none'}")
    return "\n".join(lines)
