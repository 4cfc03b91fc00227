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
  as one document in one process (time and file size);
* a no-op ``metier build`` as a whole fresh process in the 1,000-profile
  workspace (start-up included), and from saving one profile to knowing what to
  rebuild in a resident workspace (:mod:`metier.load.resident`), beside the
  rendering of that sheet;
* the screen and press files of the 4-page seed sheet against its screen file alone;
* the full sample build (``metier build --force``) against the same build by an
  earlier commit (``--before``, default the last commit before the speed work),
  exported with ``git archive`` and run from its own sources in the same run.

Each figure is printed beside its target. ``--quick`` runs small sizes and
says which targets it cannot judge.

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


def plain_loop(htmls, sizes: list | None = None) -> float:
    """Seconds for a plain ``HTML(...).write_pdf()`` over *htmls* ((html, fetcher) pairs), one process.

    It writes the same kind of file as metier's screen variant (tagged PDF/UA-1),
    so both sides do the same work.
    """
    from weasyprint import HTML

    from metier.render.environment import ASSET_ROOT

    started = time.perf_counter()
    for html, fetcher in htmls:
        pdf = HTML(string=html, base_url=ASSET_ROOT, url_fetcher=fetcher).write_pdf(pdf_variant=SCREEN_STANDARD)
        if sizes is not None:
            sizes.append(len(pdf))
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
    # The copies of the six sample profiles in turn, so that every kind of sheet (the seed's photo and portrait
    # among them) has been rendered before the first mark: what grows after it grows with the number of sheets,
    # not with the first sight of a picture, which is decoded once per campus and kept (sorted by name, the
    # seed's copies would only start at sheet 250).
    copies = sorted(ws.profiles, key=lambda pid: (_copy_number(pid), pid))
    jobs = [(p, c) for p in copies for c in sorted(ws.campuses)][:count]
    renderer = SheetRenderer(ws)
    marks = {}
    for n, (p, c) in enumerate(jobs, 1):
        renderer.render(p, c)
        if n in (min(100, count // 5), count):
            marks[n] = rss_mib()
    (first, at_first), (last, at_last) = sorted(marks.items())
    return {"first": first, "last": last, "at_first": at_first, "at_last": at_last}


def _copy_number(profile_id: str) -> int:
    """The number :func:`synthetic` gave a copy of a sample profile (``ciso-0042`` is 42; a sample profile 0)."""
    stem, _, number = profile_id.rpartition("-")
    return int(number) if stem and number.isdigit() else 0


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
    sizes: list[int] = []
    plain = plain_loop([(html, ConfinedFetcher(documents.layout("brochure", "lyon")[0], ws.root))], sizes)
    size = (root / brochure.path).stat().st_size
    return {"metier": seconds, "plain": plain, "pages": brochure.pages, "profiles": len(brochure.profiles),
            "size": size, "plain_size": sizes[0]}


def run_cli(root: Path, *args: str, source: Path | None = None, succeed: bool = False) -> float:
    """Seconds for ``python -m metier ARGS`` in *root* as a new process (from *source*'s ``src`` when given).

    Exit 1 (some outputs failed) is accepted unless *succeed*, which a timed build must: a build that
    failed early would look fast."""
    import os
    import subprocess

    env = dict(os.environ)
    # An installed metier has its bytecode compiled (pip does it at install time); a checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module at every start, which no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if source is not None:
        env["PYTHONPATH"] = str(source / "src")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "metier", *args], cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in ((0,) if succeed else (0, 1)):
        raise RuntimeError(f"metier {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def bench_noop_process(root: Path) -> dict:
    """A no-op ``metier build`` as a whole process: the first after another process's build, then the next one."""
    first = run_cli(root, "build", "-j", "2")
    again = min(run_cli(root, "build", "-j", "2") for _ in range(3))
    return {"first": first, "noop": again}


def bench_resident_edit(root: Path) -> dict:
    """From saving one profile to knowing the outputs to rebuild, in a resident workspace; then rendering the sheet."""
    from metier.load.resident import ResidentWorkspace

    resident = ResidentWorkspace(root)
    edited = sorted((root / "profiles").glob("*.yaml"))[5]
    name = edited.relative_to(root).as_posix()
    text = edited.read_text(encoding="utf-8")
    overheads, renders = [], []
    for n in range(5):
        edited.write_text(text + f"\n# edit {n}\n", encoding="utf-8")
        started = time.perf_counter()
        resident.update([name])
        stale = [o for o in resident.stale() if o.profile == edited.stem]
        overheads.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = resident.render(stale[0])
        renders.append(time.perf_counter() - started)
        assert result.output.status == "built", result.output.error
    edited.write_text(text, encoding="utf-8")
    return {"overhead": sorted(overheads)[len(overheads) // 2], "render": sorted(renders)[len(renders) // 2],
            "stale": len(stale)}


def bench_press(work: Path, count: int) -> dict:
    """The seed sheet (4 pages) as screen and press files against its screen file alone, warm, one process."""
    from metier.build.targets import plan
    from metier.build.worker import Job, Renderer, paired, render_job
    from metier.load.workspace import load_workspace

    ws = load_workspace(copy_sample(work / "press"))
    outputs = {o.variant: o for o in plan(ws, ["sheets"], campuses=["lyon"], profiles=["prompt-engineer"])}
    renderer = Renderer(ws)
    for output in outputs.values():  # warm-up: fonts, stylesheets, the colour profile
        render_job(renderer, Job(output))
    screen, _ = timed(lambda: [render_job(renderer, Job(outputs["screen"])) for _ in range(count)])
    pair = paired([outputs["screen"], outputs["press"]])  # one job, as the build makes both files
    assert len(pair) == 1 and pair[0].twins
    both, _ = timed(lambda: [render_job(renderer, pair[0]) for _ in range(count)])
    return {"screen": screen / count, "both": both / count}


def export_commit(commit: str, folder: Path) -> Path:
    """The tree of *commit* of this repository, exported into *folder* (``git archive``)."""
    import subprocess

    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def bench_sample_build(work: Path, before: str) -> dict:
    """``metier build --force -j 2`` of the sample as it was at commit *before*, by that commit and by this
    tree, each in a fresh process; and of today's sample by this tree.

    Both sides build the same content (the earlier sample, which today's code still reads), so that the
    ratio measures the code: today's sample has photos the earlier code does not know. Every timed build
    must succeed."""
    old = export_commit(before, work / "before")
    then_ws = {side: work / f"sample-{side}" for side in ("before", "now")}
    for folder in then_ws.values():
        folder.mkdir(parents=True)
        for item in SAMPLE:
            src = old / item
            (shutil.copytree if src.is_dir() else shutil.copyfile)(src, folder / item)
    today = copy_sample(work / "sample-today")
    run_cli(then_ws["now"], "build", "-j", "2", succeed=True)  # first builds: --force then runs over a warm disk
    run_cli(then_ws["before"], "build", "-j", "2", source=old, succeed=True)
    run_cli(today, "build", "-j", "2", succeed=True)
    now = run_cli(then_ws["now"], "build", "--force", "-j", "2", succeed=True)
    then = run_cli(then_ws["before"], "build", "--force", "-j", "2", source=old, succeed=True)
    current = run_cli(today, "build", "--force", "-j", "2", succeed=True)
    return {"now": now, "before": then, "commit": before, "today": current}


BEFORE = "fe2fe88"
"""The last commit before the speed work of issue 14: the "before" column."""
QUICK_BLIND = ("the no-op and edit times at 1,000 profiles", "memory growth from sheet 100 to 500",
               "the 40-profile brochure ratios", "-j 2 over -j 1 on 200 sheets")


def row(label: str, value: str, target: str = "", before: str = "") -> None:
    """One line of the report: a measure, its figure, its target and the figure before."""
    print(f"{label:<44} {value:>12}   {target:<18} {before}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run (about two minutes)")
    parser.add_argument("--before", default=BEFORE, help=f"commit to compare the sample build with (default {BEFORE})")
    parser.add_argument("--no-before", action="store_true", help="skip the comparison with an earlier commit")
    args = parser.parse_args()
    sizes = dict(warm=12, w200=20, w1000=100, memory=60, brochure=8, press=3) if args.quick else \
        dict(warm=24, w200=200, w1000=1000, memory=500, brochure=40, press=8)
    work = Path(tempfile.mkdtemp(prefix="metier-bench-"))
    if args.quick:
        print("--quick: small sizes; it cannot judge " + ", ".join(QUICK_BLIND) + ". Run the full benchmark for those.")
    row("measure", "figure", "target", "before")
    try:
        warm = bench_warm_sheet(work, sizes["warm"])
        row("warm job sheet, metier", f"{warm['metier'] * 1000:.1f} ms")
        row("warm job sheet, plain loop", f"{warm['plain'] * 1000:.1f} ms")
        row("  ratio metier / plain", f"{warm['metier'] / warm['plain']:.2f}x", "<= 0.85x")
        press = bench_press(work, sizes["press"])
        row("seed sheet, screen file", f"{press['screen'] * 1000:.0f} ms")
        row("seed sheet, screen and press files", f"{press['both'] * 1000:.0f} ms")
        row("  ratio both / screen", f"{press['both'] / press['screen']:.2f}x", "<= 1.3x", "2.1 to 2.6x")
        w200 = bench_200(work, sizes["w200"])
        row(f"{w200['count']} sheets, -j 1", f"{w200['j1']:.1f} s")
        row(f"{w200['count']} sheets, -j 2", f"{w200['j2']:.1f} s")
        row(f"{w200['count']} sheets, plain loop", f"{w200['plain']:.1f} s")
        row("  speed-up -j 2 over -j 1", f"{w200['j1'] / w200['j2']:.2f}x", ">= 1.7x", "1.98x")
        row("  ratio -j 2 / plain loop", f"{w200['j2'] / w200['plain']:.2f}x", "<= 0.5x")
        w1000 = bench_1000(work, sizes["w1000"])
        row(f"no-op rebuild, {w1000['outputs']} outputs, in process", f"{w1000['noop']:.2f} s", "", "2.85 s")
        row("rebuild after editing a profile, in process", f"{w1000['touch']:.2f} s",
            f"({w1000['rebuilt']} rebuilt)", "2.93 s")
        process = bench_noop_process(work / "w1000")
        row("no-op metier build, whole process, first", f"{process['first']:.2f} s")
        row("no-op metier build, whole process", f"{process['noop']:.2f} s", "<= 1.0 s", "2.85 s + start-up")
        edit = bench_resident_edit(work / "w1000")
        row("resident: save to outputs to rebuild", f"{edit['overhead'] * 1000:.0f} ms", "<= 150 ms")
        row("resident: render of that sheet", f"{edit['render'] * 1000:.0f} ms", f"({edit['stale']} stale)")
        memory = bench_memory(work, sizes["memory"])
        growth = memory["at_last"] - memory["at_first"]
        row(f"memory after sheet {memory['first']}", f"{memory['at_first']:.1f} MiB")
        row(f"memory after sheet {memory['last']}", f"{memory['at_last']:.1f} MiB")
        row("  growth", f"{growth:.1f} MiB", "< 20 MiB", "+44.2 MiB")
        brochure = bench_brochure(work, sizes["brochure"])
        row(f"{brochure['profiles']}-profile brochure, metier -j 2", f"{brochure['metier']:.1f} s",
            f"({brochure['pages']} pages)")
        row("same HTML, one WeasyPrint document", f"{brochure['plain']:.1f} s")
        row("  ratio metier / one document", f"{brochure['metier'] / brochure['plain']:.2f}x", "<= 0.6x", "0.99x")
        row("  size metier / one document", f"{brochure['size'] / brochure['plain_size']:.2f}x", "<= 1.2x")
        if not args.no_before:
            sample = bench_sample_build(work, args.before)
            row(f"{sample['commit']}'s sample build --force -j 2", f"{sample['now']:.1f} s", "",
                f"{sample['before']:.1f} s")
            row(f"  speed-up over {sample['commit']}", f"{sample['before'] / sample['now']:.2f}x", ">= 1.5x")
            row("today's sample build --force -j 2", f"{sample['today']:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
