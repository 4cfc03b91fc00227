"""Benchmark: job sheets per second, against a plain WeasyPrint loop on the same HTML.

Run it with ``python benchmarks/sheets.py [--count N]``. It prints figures and
ratios from one process, so the baseline and metier share the machine's state:

* warm time per sheet through metier (shared FontConfiguration, one renderer);
* the same HTML rendered by a plain ``weasyprint.HTML(...).write_pdf()`` loop
  (a new font configuration each time, as a naive script would);
* the full ``metier build`` of the sample workspace (12 sheets);
* peak memory (RSS) growth over the loop.

It is cheap (well under a minute for the default count); timings are
indicative and not asserted by tests.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def peak_rss_mib() -> float:
    """Peak resident memory of this process, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=24, help="sheets rendered per measurement (default 24)")
    args = parser.parse_args()

    from weasyprint import HTML

    from metier.build.run import build
    from metier.load.workspace import load_workspace
    from metier.render.fetcher import ConfinedFetcher
    from metier.render.environment import ASSET_ROOT
    from metier.render.sheet import SheetRenderer

    work = Path(tempfile.mkdtemp(prefix="metier-bench-"))
    try:
        for item in ("metier.yaml", "profiles", "programmes", "campuses", "assets"):
            src = REPO / item
            (shutil.copytree if src.is_dir() else shutil.copyfile)(src, work / item)

        t0 = time.perf_counter()
        ws = load_workspace(work)
        load_s = time.perf_counter() - t0
        renderer = SheetRenderer(ws)
        jobs = [(p, c) for c in sorted(ws.campuses) for p in sorted(ws.profiles)]
        jobs = (jobs * (args.count // len(jobs) + 1))[: args.count]
        htmls = [(renderer.html(p, c), c) for p, c in jobs]
        renderer.render(*jobs[0])  # warm-up: fonts, stylesheets, imports

        rss0 = peak_rss_mib()
        t0 = time.perf_counter()
        pages = 0
        for profile, campus in jobs:
            pages += renderer.render(profile, campus).pages
        metier_s = (time.perf_counter() - t0) / len(jobs)
        rss_metier = peak_rss_mib() - rss0

        t0 = time.perf_counter()
        for html, campus in htmls:
            layout, _ = renderer.layout(campus)
            HTML(string=html, base_url=ASSET_ROOT, url_fetcher=ConfinedFetcher(layout, ws.root)).write_pdf()
        plain_s = (time.perf_counter() - t0) / len(jobs)

        shutil.rmtree(work / "out", ignore_errors=True)
        t0 = time.perf_counter()
        result = build(work)
        build_s = time.perf_counter() - t0
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"workspace load + validation      {load_s * 1000:8.1f} ms ({len(ws.profiles)} profiles)")
    print(f"metier, warm, per sheet          {metier_s * 1000:8.1f} ms ({pages / len(jobs):.1f} pages/sheet)")
    print(f"plain WeasyPrint loop, per sheet {plain_s * 1000:8.1f} ms")
    print(f"ratio metier / plain             {metier_s / plain_s:8.2f}x")
    print(f"metier build (sample)            {build_s:8.2f} s for {len(result.built)} sheets")
    print(f"peak RSS growth over {len(jobs):3d} sheets   {rss_metier:8.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
