"""Workspace loading: every file read, broken ones isolated, dangling references located."""

from pathlib import Path

import pytest

from metier.errors import MetierError
from metier.load.workspace import find_root, load_workspace


def test_sample_workspace_is_valid(sample_readonly):
    ws = load_workspace(sample_readonly)
    assert ws.issues == []
    assert {"prompt-engineer", "ciso"} <= set(ws.profiles)
    assert len(ws.profiles) >= 6
    assert set(ws.campuses) == {"lyon", "paris"}
    assert ws.default_campus == "lyon"


def test_find_root_searches_parent_folders(sample_readonly):
    assert find_root(sample_readonly / "profiles") == sample_readonly.resolve()


def test_no_workspace_says_how_to_make_one(tmp_path):
    with pytest.raises(MetierError) as info:
        load_workspace(tmp_path)
    assert str(info.value) == (f"no metier.yaml in {tmp_path.name} or its parent folders; run `metier init` to "
                               "create a workspace, or pass --workspace DIR")


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_dangling_references_are_located(sample):
    profile = sample / "profiles" / "ciso.yaml"
    text = profile.read_text(encoding="utf-8")
    write(profile, text.replace("programmes:\n", "programmes:\n  - master-cyber\n", 1))
    ws = load_workspace(sample)
    messages = [str(i) for i in ws.issues]
    assert len(messages) == 1
    assert messages[0].startswith("profiles/ciso.yaml:")
    assert messages[0].endswith(': programmes[0]: programme "master-cyber" does not exist in programmes/; '
                                'did you mean "master-expert-cybersecurite"?')
    assert "ciso" not in ws.profiles and "ciso" in ws.invalid["profiles"]
    assert "prompt-engineer" in ws.profiles


def test_unknown_related_profile_suggests_a_close_id(sample):
    profile = sample / "profiles" / "pentester.yaml"
    write(profile, profile.read_text(encoding="utf-8") + "extra_sections: []\n")
    text = profile.read_text(encoding="utf-8")
    write(profile, text.replace("related:\n", "related:\n  - soc-analyste\n", 1))
    messages = [str(i) for i in load_workspace(sample).issues]
    assert any(m.endswith('profile "soc-analyste" does not exist in profiles/; did you mean "soc-analyst"?; '
                          'for a job without a profile write `- title: ...`') for m in messages), messages


def test_programme_on_an_unknown_campus_blocks_its_profiles(sample):
    programme = sample / "programmes" / "bachelor-cybersecurite.yaml"
    write(programme, programme.read_text(encoding="utf-8").replace("  - paris", "  - marseille"))
    ws = load_workspace(sample)
    assert [str(i).split(": ", 1)[1] for i in ws.issues] == [
        'campuses[1]: campus "marseille" does not exist in campuses/']
    assert "bachelor-cybersecurite" in ws.invalid["programmes"]
    assert "prompt-engineer" in ws.invalid["profiles"]  # it names the broken programme


def test_bad_file_name(sample):
    write(sample / "profiles" / "Chef Projet.yaml", "title: x\n")
    messages = [str(i) for i in load_workspace(sample).issues]
    assert messages == ['profiles/Chef Projet.yaml:1:1: file name "Chef Projet.yaml" is not a valid profile id; '
                        "rename it with lowercase letters, digits and '-' (e.g. chef-projet.yaml)"]


def test_default_campus_must_exist(sample):
    settings = sample / "metier.yaml"
    write(settings, settings.read_text(encoding="utf-8").replace("default_campus: lyon", "default_campus: lille"))
    messages = [str(i) for i in load_workspace(sample).issues]
    assert len(messages) == 1 and messages[0].endswith('default_campus: campus "lille" does not exist in campuses/')


def test_invalid_settings_are_fatal(sample):
    write(sample / "metier.yaml", "school: {name: X}\n")
    ws = load_workspace(sample)
    assert ws.fatal
    assert [str(i) for i in ws.issues] == [
        "metier.yaml:1:9: school.website: required field is missing; add `website: ...`"]


def test_missing_logo_is_located(sample):
    settings = sample / "metier.yaml"
    write(settings, settings.read_text(encoding="utf-8").replace("assets/logo.svg", "assets/logo-school.svg"))
    ws = load_workspace(sample)
    assert ws.fatal
    assert [str(i).split(":", 3)[3] for i in ws.issues] == [
        ' school.logo: file "assets/logo-school.svg" does not exist (looked in the workspace)']
