"""Benchmark: the studio's answers, from a change in the form to the refreshed preview, and the home page.

Run it with ``python benchmarks/studio.py`` (about three minutes on two cores;
``--quick`` for a smoke run with 200 profiles instead of 1,000). It drives the
studio's ASGI application in this process (Starlette's test client: the same
routes, token, CSRF check and templates as in the browser, without a network
or a browser's painting) and prints, each beside its target:

* from a changed salary in the seed profile's form to its refreshed preview
  (``POST /check`` answering with the new page images, then the four images
  fetched), in the sample workspace and in a synthetic 1,000-profile workspace;
* the home page (``GET /``) of that 1,000-profile workspace.

The first answer of each kind is a warm-up and is not counted (it loads fonts
and stylesheets); the figures are the median and the slowest of the rest. The
browser adds htmx's 400 ms typing delay and the time to paint, which this
benchmark leaves out (``tests/studio/test_browser.py`` prints the time seen in
the browser). The synthetic workspace is made by ``benchmarks/build.py``'s
generator: the sample plus copies of its profiles. Timings are indicative; no
test asserts them.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from build import copy_sample, row, synthetic  # noqa: E402 - the benchmarks' shared generator

PROFILE = "profiles/prompt-engineer.yaml"
AMOUNT = "summary.salary_starting.amount"
TOKEN = "benchmark-token"


def studio_client(root: Path):
    """A test client of a studio on *root* that has opened the token link."""
    from starlette.testclient import TestClient

    from metier.studio.app import create_app

    client = TestClient(create_app(root, TOKEN), base_url="http://127.0.0.1:8000")
    client.get(f"/?token={TOKEN}")
    return client


def headers() -> dict:
    from metier.studio.security import csrf_for

    return {"Origin": "http://127.0.0.1:8000", "X-CSRF-Token": csrf_for(TOKEN)}


def form_of(client) -> dict:
    """The editor form of the seed profile as the browser submits it."""
    from tests.studio.helpers import page_form

    return page_form(client.get(f"/edit/{PROFILE}").text)


def preview_refresh(client, form: dict, amount: int) -> float:
    """Seconds from submitting the form with starting salary *amount* to holding every page image of the preview."""
    started = time.perf_counter()
    answer = client.post(f"/check/{PROFILE}", data={**form, AMOUNT: str(amount)}, headers=headers())
    names = re.findall(r'src="/page/([^"]+)"', answer.text)
    if len(names) != 4:
        raise SystemExit(f"expected the 4 pages of the seed sheet in the preview, got {len(names)}")
    for name in names:
        if client.get(f"/page/{name}").status_code != 200:
            raise SystemExit(f"page image {name} missing")
    return time.perf_counter() - started


def measure(function, runs: int) -> tuple[float, float]:
    """Median and slowest seconds of *runs* calls of *function(i)*, after one warm-up call."""
    function(-1)
    times = [function(i) for i in range(runs)]
    return statistics.median(times), max(times)


def home_page(client) -> float:
    started = time.perf_counter()
    answer = client.get("/")
    if answer.status_code != 200:
        raise SystemExit(f"home page answered {answer.status_code}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 profiles instead of 1,000, fewer runs")
    args = parser.parse_args()
    profiles, runs = (200, 3) if args.quick else (1000, 8)
    work = Path(tempfile.mkdtemp(prefix="metier-studio-bench-"))
    row("measure", "figure", "target")

    sample = copy_sample(work / "sample")
    client = studio_client(sample)
    form = form_of(client)
    median, slowest = measure(lambda i: preview_refresh(client, form, 4100 + i), runs)
    row("form change -> preview, sample (median)", f"{median:.2f} s", "<= 1.0 s")
    row("form change -> preview, sample (slowest)", f"{slowest:.2f} s")

    project = (sample / "metier.yaml").read_text("utf-8")
    targets = project.split("\ntargets:\n", 1)[1]
    started = time.perf_counter()
    big = synthetic(work / "big", profiles, targets)
    made = time.perf_counter() - started
    started = time.perf_counter()
    client = studio_client(big)
    opened = time.perf_counter() - started
    row(f"{profiles}-profile workspace made / studio opened", f"{made:.1f} / {opened:.1f} s")
    median, slowest = measure(lambda i: home_page(client), runs)
    row(f"home page, {profiles} profiles (median)", f"{median * 1000:.0f} ms", "<= 300 ms at 1,000")
    row(f"home page, {profiles} profiles (slowest)", f"{slowest * 1000:.0f} ms")
    form = form_of(client)
    median, slowest = measure(lambda i: preview_refresh(client, form, 4100 + i), runs)
    row(f"form change -> preview, {profiles} profiles (median)", f"{median:.2f} s", "<= 1.5 s at 1,000")
    row(f"form change -> preview, {profiles} profiles (slowest)", f"{slowest:.2f} s")
    if args.quick:
        print("--quick: 200 profiles; run without --quick to judge the 1,000-profile targets.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
