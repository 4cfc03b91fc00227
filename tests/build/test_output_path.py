"""``output_path``: a suffix goes before the extension, as ``PurePosixPath`` would put it, for every pattern shape."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from metier.build.targets import output_path
from metier.model.project import Target


@pytest.mark.parametrize("pattern", [None, "out/{target}/{campus}/{profile}.pdf", "out/{campus}/{profile}",
                                     "out/x.y/{profile}.v1.pdf", "out/{profile}", "out/a/.{profile}.pdf"])
@pytest.mark.parametrize("variant, suffix", [("press", ""), ("screen", "-2up"), ("press", "-2up")])
def test_suffix_before_the_extension(pattern, variant, suffix):
    target = Target(kind="sheets", output=pattern) if pattern else Target(kind="sheets")
    name = output_path("sheets", target, "lyon", "ciso", suffix, variant)
    plain = output_path("sheets", target, "lyon", "ciso", "", "screen")
    extra = suffix + ("-press" if variant == "press" else "")
    path = PurePosixPath(plain)
    assert name == str(path.with_name(f"{path.stem}{extra}{path.suffix}"))
