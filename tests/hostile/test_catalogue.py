"""The catalogue of broken and hostile inputs, each through metier: the exact lines it prints and its exit code.

Each case writes its files into a fresh copy of the sample workspace and runs
``metier check`` (or the command that reports that problem); cases about
templates and Markdown then render a sheet as HTML and look into it. Lines
of the content rules (``... [rule-id]``, :mod:`metier.lint`, tested on their
own) and the closing count are left out of the comparison, so that the sample
workspace's own warnings do not blur what a case is about.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from metier.load.workspace import load_workspace
from metier.load.yamlfile import YamlProblem, parse_yaml
from tests.conftest import copy_sample
from tests.hostile.catalogue import CHECK, Case, all_cases

CASES = all_cases()
CONTENT_RULE = re.compile(r" \[[a-z0-9-]+\]$")
COUNT = re.compile(r"^\d+ problem\(s\) in \d+ file\(s\)\.$")
OK = re.compile(r"^OK: \d+ profiles, \d+ programmes, \d+ campuses\.")


def printed(out: str, err: str) -> list[str]:
    """The lines a command printed that a case compares: all but content rules' lines and the closing count."""
    return [line for line in (out + err).splitlines()
            if line.strip() and not CONTENT_RULE.search(line) and not COUNT.match(line) and not OK.match(line)]


def workspace(root: Path, case: Case) -> Path:
    """A copy of the sample workspace in *root* with the case's files written into it."""
    ws = copy_sample(root / "ws")
    for name, content in case.files.items():
        path = ws / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return ws


def _param(category: str, case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=f"{category}/{case.name}", marks=marks)


@pytest.mark.parametrize("case", [_param(category, case) for category, case in CASES])
def test_case(case: Case, tmp_path, metier):
    """One case: the exact lines and exit code of its command, then of its rendering, and its HTML."""
    ws = workspace(tmp_path, case)
    started = time.perf_counter()
    code, out, err = metier(*case.command, cwd=ws)
    seconds = time.perf_counter() - started
    assert "internal error" not in err and "Traceback" not in err
    assert printed(out, err) == list(case.expected)
    assert code == case.code
    if case.command == CHECK:  # check ends with its verdict: the count of problems, or OK
        verdict = err.strip().splitlines()[-1] if code else out.strip().splitlines()[0]
        assert (COUNT if code else OK).match(verdict), verdict
    if case.seconds is not None:
        assert seconds < case.seconds, f"took {seconds:.2f} s"
    if case.inspect is not None:
        case.inspect(load_workspace(ws))
    if case.then is not None:
        code, out, err = metier(*case.then.args, cwd=ws)
        assert "internal error" not in err and "Traceback" not in err
        assert printed(out, err) == list(case.then.lines)
        assert code == case.then.code
    if case.html_has or case.html_lacks:
        html = (ws / "page.html").read_text("utf-8")
        for text in case.html_has:
            assert text in html, f"{text!r} is not in the HTML"
        for text in case.html_lacks:
            assert text not in html, f"{text!r} is in the HTML"


YAML_CASES = [(case, name, content) for category, case in CASES if category == "yaml"
              for name, content in case.files.items() if len(case.files) == 1]
LOADERS_DIFFER = {
    "tab-after-colon-accepted": "PyYAML's own scanner refuses a tab after a colon, which YAML allows and libyaml accepts",
}


def _yaml_param(case, name, content):
    reason = LOADERS_DIFFER.get(case.name)
    return pytest.param(case, name, content, id=case.name,
                        marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [])


@pytest.mark.parametrize("case, name, content", [_yaml_param(*c) for c in YAML_CASES])
def test_yaml_cases_read_alike_without_libyaml(case, name, content, monkeypatch):
    """PyYAML's pure-Python loader (used when libyaml is missing) gives each YAML case the same answer."""
    import metier.load.yamlfile as yamlfile

    raw = content if isinstance(content, bytes) else content.encode("utf-8")

    def answer():
        try:
            doc = parse_yaml(raw, name)
        except YamlProblem as problem:
            return str(problem)
        return doc.data

    with_libyaml = answer()
    monkeypatch.setattr(yamlfile, "_Loader", yaml.SafeLoader)
    assert answer() == with_libyaml


def test_the_catalogue_is_complete():
    """At least 55 cases, every category represented, every name once."""
    assert len(CASES) >= 55
    categories = Counter(category for category, _ in CASES)
    assert set(categories) == {"yaml", "validation", "references", "outputs", "templates", "markup"}
    names = Counter(f"{category}/{case.name}" for category, case in CASES)
    assert [name for name, n in names.items() if n > 1] == []
