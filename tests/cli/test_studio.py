"""``metier studio`` as a user runs it: the address with its token, a second instance refused, Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx


def start(root, *args):
    return subprocess.Popen([sys.executable, "-m", "metier", "-C", str(root), "studio", "--no-browser", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_serves_with_a_token_refuses_a_second_and_stops_on_ctrl_c(sample):
    first = start(sample)
    try:
        line = ""
        deadline = time.monotonic() + 60
        while "token=" not in line and time.monotonic() < deadline:
            line = first.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line).group(0)
        base = url.split("?")[0]
        for _ in range(100):
            try:
                assert httpx.get(base, timeout=5).status_code == 401
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert httpx.get(url, timeout=10, follow_redirects=True).status_code == 200
        second = start(sample)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 1
        assert "already running" in err and base in err
    finally:
        first.send_signal(signal.SIGINT)
        try:
            first.wait(timeout=15)
        except subprocess.TimeoutExpired:
            first.kill()
            raise
    assert first.returncode == 0
    assert not (sample / "out/.studio/address").exists()
