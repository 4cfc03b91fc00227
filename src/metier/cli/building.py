"""``metier build`` and ``metier targets``: building the targets once, in a worker pool or on a cluster, or on every change.

Printing only: the build itself is :func:`metier.build.run.build`. This module
draws the progress bar, prints each output's warnings and errors, the one-line
summary, and in watch mode what changed and whether the build is clean again.
"""

from __future__ import annotations

import click

from metier.cli import EXIT_FAILED, EXIT_INVALID, EXIT_OK, _hint_harfbuzz, _say_issues, _usable_workspace, cli, err, out
from metier.errors import DataError, MetierError
from metier.messages import msg


@cli.command()
@click.argument("names", metavar="[TARGET]...", nargs=-1)
@click.option("--campus", "campuses", multiple=True, help="Only this campus (repeatable).")
@click.option("--profile", "profiles", multiple=True, help="Only this profile's sheets and flyers (repeatable).")
@click.option("--strict", is_flag=True, default=None, help="Fail outputs that have warnings (e.g. over their page budget).")
@click.option("-j", "--jobs", type=int, default=None, metavar="N",
              help="Worker processes (default: the number of cores; 1 renders in this process).")
@click.option("--force", is_flag=True, help="Rebuild every output, even those that are up to date.")
@click.option("--watch", is_flag=True, help="Keep running: rebuild what a change affects, until Ctrl-C.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Render on a Dask cluster (tcp://HOST:PORT; needs the dask extra).")
@click.option("--preview", is_flag=True,
              help="Then write page images and contact sheets of what was built, as `metier preview` does.")
@click.pass_context
def build(ctx, names, campuses, profiles, strict, jobs, force, watch, scheduler, preview):
    """Build the targets of metier.yaml (default: all of them) into out/.

    Only outputs whose inputs changed are rendered again; out/build-report.json
    says what was built, what was up to date and what failed. Without targets
    in metier.yaml, builds every job sheet for every campus into
    out/sheets/<campus>/<profile>.pdf.

    \b
    Examples:
      metier build
      metier build brochure livret --campus lyon
      metier build sheets --profile ciso
      metier build -j 4 --force
      metier build --watch
      metier build --preview
    """
    from metier.build.pool import default_jobs

    if jobs is not None and jobs < 1:
        raise click.BadParameter(f"must be 1 or more, got {jobs}", param_hint="-j")
    request = dict(targets_=list(names) or None, profiles=profiles or None, campuses=campuses or None,
                   strict=strict, force=force, jobs=jobs or default_jobs(), scheduler=scheduler)
    if watch:
        return _watch(ctx, request)
    return _build_once(_usable_workspace(ctx), request, preview)


def _build_once(ws, request, preview: bool = False) -> int:
    """Build once and print what happened (then write the previews, if asked); the exit code."""
    from metier.build.run import build as run_build

    try:
        result = _run_with_progress(run_build, ws, request)
    except DataError as exc:  # the targets collide, or a profile or campus named here is invalid
        _say_issues(sorted(set(ws.issues) | set(exc.issues)))
        return EXIT_INVALID
    say_build(ws, result)
    if preview:
        from metier.build.targets import targets
        from metier.cli.preview import PREVIEW_DIR, shown_outputs, write_previews

        write_previews(ws, shown_outputs(result.outputs, targets(ws), "screen"), ws.root / PREVIEW_DIR)
    return exit_code(result)


def say_build(ws, result) -> None:
    """Print what a build did: input problems, notices, each output's warnings, fitting and error, the summary."""
    _say_issues(sorted(ws.issues))
    for notice in result.notices:
        err.print(f"warning: {notice}", markup=False, style="yellow")
    for output in result.outputs:
        if output.status == "up to date":
            continue
        if output.fitted and not output.overflow:
            err.print(f"{output.path}: {msg('fitted', budget=output.budget, steps=', '.join(output.fitted))}",
                      markup=False, style="dim")
        for warning in output.warnings:
            err.print(f"{output.path}: warning: {warning}", markup=False, style="yellow")
        if output.error:
            err.print(f"{output.path}: error: {output.error}", markup=False, style="red")
    if result.harfbuzz_missing:
        _hint_harfbuzz()
    out.print(_summary(result, ws), markup=False)


def exit_code(result) -> int:
    """The exit code of a finished build: failed outputs, else input errors, else success."""
    if result.failed:
        return EXIT_FAILED
    return EXIT_INVALID if any(i.severity == "error" for i in result.issues) else EXIT_OK


def _watch(ctx, request) -> int:
    """Build, then rebuild on every change until interrupted; errors are printed, never fatal.

    The workspace stays loaded (:class:`~metier.load.resident.ResidentWorkspace`):
    a change re-reads and re-checks only the files it touched.
    """
    from metier.load.resident import ResidentWorkspace

    try:
        resident = ResidentWorkspace(ctx.obj["workspace"] or ".")
    except DataError as exc:
        _say_issues(exc.issues)
        return EXIT_INVALID
    state = {"clean": True}

    def once(changes) -> bool:
        if changes.files:
            shown = ", ".join(sorted(changes.files)[:3]) + (" ..." if len(changes.files) > 3 else "")
            err.print(f"Changed: {shown}", markup=False, style="dim")
        ws = resident.workspace
        try:
            if ws.fatal:
                ws.check()
            code = _build_once(ws, request)
        except DataError as exc:
            _say_issues(exc.issues)
            code = EXIT_INVALID
        except MetierError as exc:
            err.print(f"error: {exc}", markup=False)
            code = EXIT_INVALID
        clean = code == EXIT_OK
        key = ("watch_clean" if state["clean"] else "watch_clean_again") if clean else "watch_dirty"
        state["clean"] = clean
        err.print(msg(key), markup=False, style="green" if clean else "red")
        return clean

    try:
        resident.watch(once)
    except KeyboardInterrupt:
        pass
    err.print(msg("watch_stopped"), markup=False)
    return EXIT_OK


@cli.command("targets")
@click.pass_context
def targets_command(ctx):
    """List the build targets of metier.yaml and the files each one writes.

    \b
    Example:
      metier targets
    """
    from metier.build.targets import campuses_of, plan, select, targets

    ws = _usable_workspace(ctx)
    outputs = plan(ws)
    for tid, target in targets(ws).items():
        if tid in ws.invalid["targets"]:
            out.print(f"{tid}  ({target.kind}): not built, see `metier check`", markup=False)
            continue
        mine = [o for o in outputs if o.target == tid]
        where = ", ".join(campuses_of(ws, target)) or "no valid campus"
        out.print(f"{tid}  ({target.kind}) for {where}: {_count(len(select(ws, target)), 'profile')}, "
                  f"{_count(len(mine), 'file')}", markup=False)
        for o in mine[:3]:
            out.print(f"    {o.path}", markup=False)
        if len(mine) > 3:
            out.print(f"    ... and {len(mine) - 3} more", markup=False)
    return EXIT_OK


def _run_with_progress(run_build, ws, request):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=err, transient=True, disable=not err.is_terminal)
    with progress:
        task = progress.add_task("Building", total=None)

        def on_start(outputs):
            progress.update(task, total=len(outputs), visible=len(outputs) > 3)

        def on_output(output):
            progress.update(task, advance=1, description=output.path.removeprefix("out/"))

        def on_wait():
            err.print(msg("build_waiting"), markup=False, style="yellow")

        return run_build(ws, **request, progress=on_output, on_start=on_start, on_wait=on_wait)


KIND_NAMES = {"sheet": "sheet", "brochure": "brochure", "booklet": "booklet", "flyer": "flyer", "flyer-sheet": "flyer sheet"}


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _summary(result, ws) -> str:
    built = result.built
    kinds = [_count(sum(o.kind == kind for o in built), name) for kind, name in KIND_NAMES.items()
             if any(o.kind == kind for o in built)]
    parts = [(", ".join(kinds) if kinds else "0 outputs") + " built"]
    if result.up_to_date:
        parts.append(f"{len(result.up_to_date)} up to date")
    if result.failed:
        parts.append(f"{len(result.failed)} failed")
    warnings = sum(len(o.warnings) for o in result.outputs if o.status != "up to date")
    if warnings:
        parts.append(_count(warnings, "warning"))
    for kind, name, plural in (("profiles", "invalid profile", None), ("campuses", "invalid campus", "invalid campuses")):
        skipped = len(ws.invalid[kind])
        if skipped:
            parts.append(_count(skipped, name, plural) + " skipped")
    return ", ".join(parts) + f" in {result.seconds:.1f} s"
