"""A bad image costs only what shows it: the build reports it once, located, and makes everything else."""

from __future__ import annotations

from metier.build.run import build
from tests.conftest import edit_yaml, screen_only
from tests.load.test_images import raster


def test_a_bad_campus_logo_skips_that_campus_and_the_rest_is_built(sample, metier):
    screen_only(sample)
    (sample / "assets/lyon.png").write_bytes(raster()[:-40])
    edit_yaml(sample / "campuses/lyon.yaml", lambda d: d.update(logo="assets/lyon.png"))
    code, out, err = metier("build", "sheets", "--profile", "ciso", cwd=sample)
    assert code == 1 and "Traceback" not in out + err
    located = [line for line in err.splitlines() if "assets/lyon.png" in line]
    assert len(located) == 1 and located[0].startswith("campuses/lyon.yaml:")
    assert located[0].endswith('logo: "assets/lyon.png" is a truncated PNG image: the file ends before the picture '
                               "does; copy or export it again")
    assert (sample / "out/sheets/paris/ciso.pdf").read_bytes().startswith(b"%PDF")
    assert not (sample / "out/sheets/lyon").exists()


def test_a_bad_target_logo_skips_that_target_only(sample):
    screen_only(sample)
    (sample / "assets/salon.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/passwd"/></svg>')
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["flyers"].update(overrides={"logo": "assets/salon.svg"}))
    result = build(sample, targets_=["sheets"], campuses=["lyon"], profiles=["ciso"])
    assert [(i.path, i.field) for i in result.issues] == [("metier.yaml", "targets.flyers.overrides.logo")]
    assert [(o.path, o.status) for o in result.outputs] == [("out/sheets/lyon/ciso.pdf", "built")]


def test_the_summary_counts_a_campus_set_aside(metier, sample):
    """A campus whose logo is missing is set aside, and the build's last line says so."""
    (sample / "campuses/lyon.yaml").write_text((sample / "campuses/lyon.yaml").read_text("utf-8")
                                               + "logo: campuses/lyon/missing.svg\n", "utf-8")
    code, out, err = metier("build", "sheets", "--profile", "ciso", cwd=sample)
    assert code == 1 and 'logo: file "campuses/lyon/missing.svg" does not exist' in err
    assert out.startswith("2 sheets built, 1 invalid campus skipped in ")
