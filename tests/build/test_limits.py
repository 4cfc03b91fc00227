"""Resource limits: an output that takes too long or needs too much memory fails alone, with a clear message."""

import time

import pytest

from metier.build.run import build
from metier.build.worker import Renderer, memory_limit, time_limit
from metier.errors import RenderTimeout
from tests.conftest import edit_yaml, override_sheet_block, screen_only


def test_an_output_over_the_time_limit_fails_and_the_others_are_built(sample, monkeypatch):
    screen_only(sample)
    edit_yaml(sample / "metier.yaml", lambda d: d.update(limits={"seconds": 5}))
    real = Renderer.render

    def slow(self, job):
        if job.output.profile == "ciso":
            time.sleep(60)
        return real(self, job)
    monkeypatch.setattr(Renderer, "render", slow)
    started = time.monotonic()
    result = build(sample, targets_=["sheets"], campuses=["lyon"], profiles=["ciso", "pentester"], jobs=1)
    states = {o.profile: (o.status, o.error) for o in result.outputs}
    assert states["pentester"] == ("built", None)
    assert states["ciso"] == ("failed", "could not render out/sheets/lyon/ciso.pdf within 5 s (limits.seconds in "
                                        "metier.yaml); look for a very long text or a huge image in its profile, "
                                        "or raise the limit")
    assert time.monotonic() - started < 30  # stopped at the limit, not after the sleep
    assert not (sample / "out/sheets/lyon/ciso.pdf").exists()


def test_time_limit_restores_the_previous_alarm_handler():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(RenderTimeout):
        with time_limit(1):
            time.sleep(3)
    with time_limit(1):
        pass
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_time_limit_swallowed_by_the_code_it_interrupts_still_fails_the_render():
    """WeasyPrint logs and ignores errors raised while it fetches a stylesheet: an expiry there must not
    let a page without its styles pass as built."""
    import signal

    with pytest.raises(RenderTimeout):
        with time_limit(1):
            try:
                time.sleep(3)
            except RenderTimeout:
                pass  # what a fetcher's caller does
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_template_that_exhausts_memory_fails_in_its_worker_and_the_others_are_built(sample):
    """A campus template doubling a text 40 times (a terabyte) fails that campus's outputs; the pool goes on."""
    screen_only(sample)
    edit_yaml(sample / "metier.yaml", lambda d: d.update(limits={"memory": 768}))
    override_sheet_block(sample, "title", '{% set ns = namespace(s="x") %}'
                         '{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}')
    result = build(sample, targets_=["sheets"], profiles=["ciso", "pentester"], jobs=2)
    states = {(o.campus, o.profile): (o.status, o.error) for o in result.outputs}
    assert states[("paris", "ciso")] == ("built", None) and states[("paris", "pentester")] == ("built", None)
    for profile in ("ciso", "pentester"):
        status, error = states[("lyon", profile)]
        assert status == "failed"
        assert error == (f"could not render out/sheets/lyon/{profile}.pdf within 768 MiB of memory (limits.memory "
                         "in metier.yaml); look for a huge image or text in its profile, or raise the limit")


def test_memory_limit_never_raises_the_hard_limit(monkeypatch):
    import resource

    calls = []
    monkeypatch.setattr(resource, "getrlimit", lambda which: (resource.RLIM_INFINITY, 1024 * 1024 * 1024))
    monkeypatch.setattr(resource, "setrlimit", lambda which, values: calls.append(values))
    memory_limit(4096)
    assert calls == [(1024 * 1024 * 1024, 1024 * 1024 * 1024)]


def test_limits_are_validated_with_a_location(sample):
    from metier.load.workspace import load_workspace

    edit_yaml(sample / "metier.yaml", lambda d: d.update(limits={"seconds": 0, "memory": 100}))
    ws = load_workspace(sample)
    fields = {i.field: i.message for i in ws.issues}
    assert fields["limits.seconds"] == 'must be at least 1, got "0"'
    assert fields["limits.memory"] == 'must be at least 512, got "100"'
