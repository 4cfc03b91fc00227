"""Benchmark: metier builds against a plain WeasyPrint loop, on synthetic workspaces.

Run it with ``python benchmarks/build.py`` (about five minutes on two cores;
``--quick`` for a smoke run in about a minute). It prints figures, and ratios
against baselines measured in the same process, so that both sides share the
machine's state:

* warm time per job sheet through metier's renderer, against the same HTML
  rendered by a plain ``weasyprint.HTML(string=...).write_pdf()`` loop;
* a 200-profile workspace (200 sheets): ``-j 1``, ``-j 2`` and the plain loop;
* a 1,000-profile workspace (1,000 outputs): a no-op rebuild, and a rebuild
  after editing one profile (the cache is primed without rendering 1,000 PDFs:
  each output gets a stand-in file and its real key, exactly as a build records
  them);
* memory (resident set) after sheet 100 and sheet 500 of one process;
* a 40-profile A4 brochure, against WeasyPrint rendering the same brochure HTML
  as one document in one process.

Synthetic workspaces are the sample workspace plus copies of its profiles under
new ids (and numbered titles). Timings are indicative; no test asserts them.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCREEN_STANDARD = "pdf/ua-1"  # what metier writes for the screen: the baselines write the same
SAMPLE = ("metier.yaml", "profiles", "programmes", "campuses", "assets")


def rss_mib() -> float:
    """Current resident memory of this process, in MiB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def copy_sample(folder: Path) -> Path:
    """A copy of the sample workspace in *folder*."""
    folder.mkdir(parents=True)
    for item in SAMPLE:
        src = REPO / item
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, folder / item)
    return folder


def synthetic(folder: Path, profiles: int, targets: str) -> Path:
    """A workspace with *profiles* profiles made from the sample ones, and the given targets block."""
    copy_sample(folder)
    sources = sorted((folder / "profiles").glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    for p in sources[profiles:]:
        p.unlink()
    for i in range(len(sources), profiles):  # the sample profiles stay: the copies name them as related jobs
        text = texts[i % len(texts)]
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} {i + 1}", text, count=1, flags=re.M)
        (folder / "profiles" / f"{sources[i % len(sources)].stem}-{i + 1:04d}.yaml").write_text(text, encoding="utf-8")
    project = folder / "metier.yaml"
    head = project.read_text(encoding="utf-8").split("\ntargets:", 1)[0]
    project.write_text(head + "\ntargets:\n" + targets, encoding="utf-8")
    return folder


def timed(function, *args, **kwargs):
    """``(seconds, result)`` of one call."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def plain_loop(htmls) -> float:
    """Seconds for a plain ``HTML(...).write_pdf()`` over *htmls* ((html, fetcher) pairs), one process.

    It writes the same kind of file as metier's screen variant (tagged PDF/UA-1),
    so both sides do the same work.
    """
    from weasyprint import HTML

    from metier.render.environment import ASSET_ROOT

    started = time.perf_counter()
    for html, fetcher in htmls:
        HTML(string=html, base_url=ASSET_ROOT, url_fetcher=fetcher).write_pdf(pdf_variant=SCREEN_STANDARD)
    return time.perf_counter() - started


def sheet_htmls(ws, jobs):
    """The HTML of each (profile, campus) sheet with a fresh confined fetcher for the plain loop."""
    from metier.render.fetcher import ConfinedFetcher
    from metier.render.sheet import SheetRenderer

    renderer = SheetRenderer(ws)
    return [(renderer.html(p, c), ConfinedFetcher(renderer.layout(c)[0], ws.root)) for p, c in jobs]


def bench_warm_sheet(work: Path, count: int) -> dict:
    from metier.load.workspace import load_workspace
    from metier.render.sheet import SheetRenderer

    ws = load_workspace(copy_sample(work / "sample"))
    jobs = [(p, c) for c in sorted(ws.campuses) for p in sorted(ws.profiles)]
    jobs = (jobs * (count // len(jobs) + 1))[:count]
    renderer = SheetRenderer(ws)
    renderer.render(*jobs[0])  # warm-up: imports, fonts, stylesheets
    htmls = sheet_htmls(ws, jobs)
    plain_loop(htmls[:1])
    metier_s, _ = timed(lambda: [renderer.render(p, c) for p, c in jobs])
    plain_s = plain_loop(htmls)
    return {"metier": metier_s / count, "plain": plain_s / count}


def bench_200(work: Path, profiles: int) -> dict:
    from metier.build.run import build
    from metier.load.workspace import load_workspace

    root = synthetic(work / "w200", profiles, "  sheets:\n    kind: sheets\n    campus: lyon\n")
    j1, r1 = timed(build, root, jobs=1, force=True)
    j2, r2 = timed(build, root, jobs=2, force=True)
    assert len(r1.built) == len(r2.built) == profiles, (len(r1.built), len(r2.built))
    ws = load_workspace(root)
    plain = plain_loop(sheet_htmls(ws, [(p, "lyon") for p in sorted(ws.profiles)]))
    return {"j1": j1, "j2": j2, "plain": plain, "count": profiles}


def prime_cache(root: Path) -> int:
    """Record every planned output as built (stand-in files, real keys), as a full build would."""
    from metier.build.cache import BuildCache
    from metier.build.fingerprint import Fingerprints
    from metier.build.targets import plan
    from metier.build.writer import write_atomic
    from metier.load.workspace import load_workspace

    ws = load_workspace(root)
    outputs = plan(ws)
    prints = Fingerprints(ws)
    cache = BuildCache(root)
    for output in outputs:
        fingerprint = prints.of(output)
        output.key, output.inputs, output.pages = fingerprint.key, fingerprint.inputs, 3
        write_atomic(root / output.path, b"%PDF-1.7 stand-in\n")
        cache.record(output)
    cache.save()
    return len(outputs)


def bench_1000(work: Path, profiles: int) -> dict:
    from metier.build.run import build

    root = synthetic(work / "w1000", profiles, "  sheets:\n    kind: sheets\n    campus: lyon\n")
    outputs = prime_cache(root)
    noop, result = timed(build, root, jobs=2)
    assert len(result.up_to_date) == outputs, (len(result.up_to_date), outputs)
    edited = root / "profiles" / sorted(p.name for p in (root / "profiles").iterdir())[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# relu\n", encoding="utf-8")
    touch, result = timed(build, root, jobs=2)
    return {"outputs": outputs, "noop": noop, "touch": touch, "rebuilt": len(result.built)}


def bench_memory(work: Path, count: int) -> dict:
    from metier.load.workspace import load_workspace
    from metier.render.sheet import SheetRenderer

    ws = load_workspace(synthetic(work / "mem", max(count // 2, 6), "  sheets:\n    kind: sheets\n"))
    jobs = [(p, c) for p in sorted(ws.profiles) for c in sorted(ws.campuses)][:count]
    renderer = SheetRenderer(ws)
    marks = {}
    for n, (p, c) in enumerate(jobs, 1):
        renderer.render(p, c)
        if n in (min(100, count // 5), count):
            marks[n] = rss_mib()
    (first, at_first), (last, at_last) = sorted(marks.items())
    return {"first": first, "last": last, "at_first": at_first, "at_last": at_last}


def bench_brochure(work: Path, profiles: int) -> dict:
    from metier.build.run import build
    from metier.build.targets import find_target
    from metier.load.workspace import load_workspace
    from metier.render.brochure import BrochureRenderer
    from metier.render.document import DocumentRenderer
    from metier.render.fetcher import ConfinedFetcher

    root = synthetic(work / "w40", profiles, "  brochure:\n    kind: brochure\n    campus: lyon\n    page_size: A4\n")
    build(root, jobs=1)  # warm-up of this process (imports, fonts)
    seconds, result = timed(build, root, jobs=2, force=True)
    (brochure,) = result.outputs
    assert brochure.status == "built", brochure.error
    ws = load_workspace(root)
    documents = DocumentRenderer(ws)
    brochures = BrochureRenderer(ws, documents)
    target = find_target(ws, "brochure")
    html = brochures.html("brochure", target, "lyon", list(brochure.profiles))
    plain = plain_loop([(html, ConfinedFetcher(documents.layout("brochure", "lyon")[0], ws.root))])
    return {"metier": seconds, "plain": plain, "pages": brochure.pages, "profiles": len(brochure.profiles)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run (about a minute)")
    args = parser.parse_args()
    sizes = dict(warm=12, w200=20, w1000=100, memory=60, brochure=8) if args.quick else \
        dict(warm=24, w200=200, w1000=1000, memory=500, brochure=40)
    work = Path(tempfile.mkdtemp(prefix="metier-bench-"))
    try:
        warm = bench_warm_sheet(work, sizes["warm"])
        print(f"warm job sheet, metier          {warm['metier'] * 1000:8.1f} ms")
        print(f"warm job sheet, plain loop      {warm['plain'] * 1000:8.1f} ms")
        print(f"  ratio metier / plain          {warm['metier'] / warm['plain']:8.2f}x   (target <= 0.85x)")
        w200 = bench_200(work, sizes["w200"])
        print(f"{w200['count']} sheets, -j 1               {w200['j1']:8.1f} s")
        print(f"{w200['count']} sheets, -j 2               {w200['j2']:8.1f} s")
        print(f"{w200['count']} sheets, plain loop         {w200['plain']:8.1f} s")
        print(f"  speed-up -j 2 over -j 1       {w200['j1'] / w200['j2']:8.2f}x   (target >= 1.7x)")
        print(f"  ratio -j 2 / plain loop       {w200['j2'] / w200['plain']:8.2f}x   (target <= 0.5x)")
        w1000 = bench_1000(work, sizes["w1000"])
        print(f"no-op rebuild, {w1000['outputs']} outputs     {w1000['noop']:8.2f} s    (target < 1 s)")
        print(f"rebuild after editing a profile {w1000['touch']:8.2f} s    ({w1000['rebuilt']} output rebuilt)")
        memory = bench_memory(work, sizes["memory"])
        growth = memory["at_last"] - memory["at_first"]
        print(f"memory after sheet {memory['first']:3d}          {memory['at_first']:8.1f} MiB")
        print(f"memory after sheet {memory['last']:3d}          {memory['at_last']:8.1f} MiB")
        print(f"  growth                        {growth:8.1f} MiB  (target < 20 MiB)")
        brochure = bench_brochure(work, sizes["brochure"])
        print(f"{brochure['profiles']}-profile brochure, metier    {brochure['metier']:8.1f} s    ({brochure['pages']} pages)")
        print(f"same HTML, one WeasyPrint doc   {brochure['plain']:8.1f} s")
        print(f"  ratio metier / plain          {brochure['metier'] / brochure['plain']:8.2f}x   (target <= 0.7x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
