"""Outputs stay in out/, and a build reads only what the fetcher would serve, whatever links or templates say."""

import os

import pytest

from metier.build.run import build
from metier.errors import MetierError
from tests.conftest import override_sheet_block, screen_only


def test_out_as_a_link_is_refused_before_anything_is_written(sample, tmp_path):
    screen_only(sample)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, sample / "out")
    with pytest.raises(MetierError, match="out/ is a symbolic link; metier writes its outputs, cache and report only"):
        build(sample, targets_=["sheets"], campuses=["lyon"], profiles=["ciso"])
    assert list(elsewhere.iterdir()) == []


def test_a_link_inside_out_fails_only_the_outputs_it_would_divert(sample, tmp_path):
    screen_only(sample)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (sample / "out/sheets").mkdir(parents=True)
    os.symlink(elsewhere, sample / "out/sheets/lyon")
    result = build(sample, targets_=["sheets"], profiles=["ciso"])
    states = {o.campus: (o.status, o.error) for o in result.outputs}
    assert states["paris"] == ("built", None)
    assert states["lyon"] == ("failed", "out/sheets/lyon/ciso.pdf leads outside out/ through a symbolic link; "
                                        "metier writes only inside the workspace's out/ folder: remove the link")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.weasyprint_warnings_expected
def test_a_template_naming_a_file_outside_the_workspace_never_reads_it(sample, tmp_path):
    """The build records the workspace files a document names; a name escaping the workspace is not read."""
    screen_only(sample)
    override_sheet_block(sample, "body",
                         '<img alt="x" src="file:///__metier__/workspace/../../../../dev/zero">{{ super() }}')
    result = build(sample, targets_=["sheets"], campuses=["lyon"], profiles=["ciso"])  # /dev/zero would never end
    (output,) = result.outputs
    assert output.status == "built"
    assert not any("zero" in name for name in output.files)
    assert any("dev/zero" in w for w in output.warnings)
