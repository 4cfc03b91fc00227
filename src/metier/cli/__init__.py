"""The command line: the one place that parses arguments, prints and chooses the exit code.

Exit codes: 0 success; 1 invalid input (every problem reported; outputs that do
not depend on the invalid files are still built); 2 usage error; 3 some outputs
failed to render; 70 a bug in metier. A user error never shows a traceback;
``--debug`` shows it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console

from metier import __version__
from metier.errors import DataError, MetierError
from metier.messages import msg

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_FAILED, EXIT_BUG = 0, 1, 2, 3, 70

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

EPILOG = """\b
Examples:
  metier init my-school          create a workspace with sample content
  metier check                   validate every file, no rendering
  metier sheet prompt-engineer --campus paris -o fiche.pdf
  metier build                   every sheet for every campus into out/
  metier schema profile          JSON Schema for editors
"""


def _say_issues(issues) -> None:
    for issue in issues:
        err.print(str(issue), markup=False, style="yellow" if issue.severity == "warning" else None)


def _workspace(ctx):
    """The workspace, read with what the previous command saved of its files (:mod:`metier.load.store`)."""
    from metier.load.store import FileStore
    from metier.load.workspace import find_root, load_workspace

    root = find_root(ctx.obj["workspace"])
    store = FileStore.open(root)
    ws = load_workspace(root, store=store)
    ctx.call_on_close(lambda: _save_store(store))
    return ws


def _save_store(store) -> None:
    """Keep what this command read for the next one, once a build has made out/ (a cache: failures are harmless)."""
    from metier.build.writer import check_out_folder

    if not (store.root / "out").is_dir():
        return
    try:
        check_out_folder(store.root)
        store.save()
    except (OSError, MetierError):
        pass


def _usable_workspace(ctx):
    """The workspace, or a :class:`DataError` when nothing can be rendered from it (metier.yaml is invalid)."""
    ws = _workspace(ctx)
    if ws.fatal:
        ws.check()
    return ws


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="metier", message="%(prog)s %(version)s")
@click.option("-C", "--workspace", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Workspace folder (default: the nearest folder with metier.yaml, from here up).")
@click.option("--debug", is_flag=True, help="Show a traceback on errors (for reporting bugs).")
@click.pass_context
def cli(ctx, workspace, debug):
    """metier turns job profiles written in YAML into print-ready PDF job sheets."""
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace
    ctx.obj["debug"] = debug


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
def init(directory):
    """Create a workspace with sample content in DIRECTORY (default: here).

    \b
    Example:
      metier init fiches && cd fiches && metier build
    """
    from metier.scaffold import init_workspace

    written = init_workspace(directory)
    out.print(f"Created a metier workspace in {directory} ({len(written)} files). Next: cd {directory} && metier build",
              markup=False)
    return EXIT_OK


@cli.group()
def new():
    """Create a new file from a commented template."""


@new.command("profile")
@click.argument("profile_id", metavar="ID")
@click.option("--title", help="Job title (default: made from the id, or ROME's with --rome).")
@click.option("--rome", "rome_code", metavar="CODE",
              help="Fill the profile from this code of the bundled ROME referential (e.g. M1802).")
@click.pass_context
def new_profile_command(ctx, profile_id, title, rome_code):
    """Write profiles/ID.yaml, a commented profile that validates as it is.

    With --rome CODE, every section the ROME referential can fill is filled
    (definition, missions, skills, studies, sectors, related jobs, FAP family
    and DARES median salary), each with its source; the rest is marked
    « À RÉDIGER ».

    \b
    Examples:
      metier new profile cloud-architect --title "Architecte cloud"
      metier new profile expert-reseaux --rome M1802
    """
    from metier.load.workspace import find_root
    from metier.scaffold import new_profile

    root = find_root(ctx.obj["workspace"])
    if rome_code:
        from metier.scaffold import new_rome_profile

        path = new_rome_profile(root, profile_id, rome_code, title)
        out.print(msg("new_rome_written", file=path.relative_to(root).as_posix(), code=rome_code.upper()),
                  markup=False)
        return EXIT_OK
    path = new_profile(root, profile_id, title)
    out.print(f"Wrote {path.relative_to(root).as_posix()}; fill it in, then run `metier check`.", markup=False)
    return EXIT_OK


@new.command("layout")
@click.argument("name")
@click.option("--from", "source", default=None,
              help="The layout to copy (default: the built-in layout called NAME, else job-sheet).")
@click.pass_context
def new_layout_command(ctx, name, source):
    """Copy a layout into layouts/NAME to edit it.

    \b
    Examples:
      metier new layout job-sheet             replaces the built-in job sheet
      metier new layout my-sheet --from job-sheet
    """
    from metier.load.workspace import find_root
    from metier.scaffold import layout_source, new_layout

    root = find_root(ctx.obj["workspace"])
    source = layout_source(name, source)
    path = new_layout(root, name, source)
    use = (f"it replaces the built-in {name} layout in this workspace" if name == source else
           f"use it with `layout: {name}` in a target or `sheet_layout: {name}` in metier.yaml")
    out.print(f"Wrote {path.relative_to(root).as_posix()}/ (a copy of {source}); {use}.", markup=False)
    return EXIT_OK


@cli.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
@click.option("--format", "form", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object per problem on standard output, for CI.")
@click.option("--list-rules", is_flag=True, help="List the content rules, their ids and default severities.")
@click.option("--report", is_flag=True, help="Then print what each profile has written, and what the workspace lacks.")
@click.option("--refdata", type=click.Path(file_okay=False, exists=True), default=None,
              help="A folder of newer ROME and FAP files of the official format (default: refdata in metier.yaml, "
                   "else the bundled ones).")
@click.pass_context
def check(ctx, strict, form, list_rules, report, refdata):
    """Validate every file of the workspace and check its content, without rendering.

    Reports invalid files, characters the layouts' fonts lack, and what the
    content rules find (ROME and FAP codes against the official referentials,
    salaries that contradict each other, old or missing update dates, past
    events, missing sections, text pasted twice, text still to be written).
    Errors fail the check; warnings too with --strict.

    \b
    Examples:
      metier check
      metier check --strict --format json > check.json
      metier check --list-rules
      metier check --report
    """
    from metier.lint.registry import RULES
    from metier.lint.run import lint
    from metier.text.glyphs import glyph_issues

    if list_rules:
        import metier.lint.run  # noqa: F401 - registers the rules

        for rule in sorted(RULES.values(), key=lambda r: r.id):
            out.print(f"{rule.id:<22} {rule.severity:<8} {rule.summary}", markup=False)
        out.print(msg("lint_always_errors"), markup=False)
        return EXIT_OK
    ws = _workspace(ctx)
    issues = sorted(set(ws.issues) | set(glyph_issues(ws)) | set(lint(ws, refdata)),
                    key=lambda i: (i.path, i.line, i.column, i.rule, i.message))
    failing = [i for i in issues if i.severity == "error" or (strict and i.severity == "warning")]
    if form == "json":
        import json

        click.echo(json.dumps({"ok": not failing, "problems": [
            {"file": i.path, "line": i.line, "column": i.column, "field": i.field, "severity": i.severity,
             "rule": i.rule or None, "message": i.message} for i in issues]}, ensure_ascii=False, indent=1))
    else:
        _say_issues(issues)
    if report:
        from metier.lint.report import completeness

        out.print(completeness(ws), markup=False)
    if failing:
        if form == "text":
            err.print(f"{len(issues)} problem(s) in {len({i.path for i in issues})} file(s).", markup=False)
        return EXIT_INVALID
    if form == "text":
        counts = [f"{sum(i.severity == s for i in issues)} {s}(s)" for s in ("warning", "info")
                  if any(i.severity == s for i in issues)]
        more = (" " + ", ".join(counts) + ".") if counts else ""
        out.print(f"OK: {len(ws.profiles)} profiles, {len(ws.programmes)} programmes, {len(ws.campuses)} campuses."
                  f"{more}", markup=False)
    return EXIT_OK


@cli.command()
@click.argument("profile_id", metavar="PROFILE")
@click.option("--campus", "campus_id", help="Campus id (default: default_campus of metier.yaml).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the PDF (default: out/sheets/<campus>/<profile>.pdf).")
@click.option("--html", is_flag=True, help="Write the HTML instead of the PDF (for layout work).")
@click.pass_context
def sheet(ctx, profile_id, campus_id, output, html):
    """Render the job sheet of one profile for one campus.

    \b
    Examples:
      metier sheet prompt-engineer
      metier sheet ciso --campus paris -o ciso-paris.pdf
    """
    from metier.build.targets import sheet_path
    from metier.build.writer import write_atomic
    from metier.render.sheet import SheetRenderer

    ws = _usable_workspace(ctx)
    ws.profile(profile_id)
    campus_id, _ = ws.campus(campus_id)
    renderer = SheetRenderer(ws)
    target = output or ws.root / sheet_path(ws, campus_id, profile_id)
    if html:
        target = output or target.with_suffix(".html")
        write_atomic(target, renderer.html(profile_id, campus_id).encode("utf-8"))
        out.print(f"Wrote {_shown(target, ws.root)}", markup=False)
        return EXIT_OK
    started = time.perf_counter()
    result = renderer.render(profile_id, campus_id)
    for warning in result.warnings:
        err.print(f"warning: {warning}", markup=False, style="yellow")
    if ws.project.strict and result.warnings:
        return EXIT_FAILED
    write_atomic(target, result.pdf)
    _hints()
    budget = f" (budget {result.budget})" if result.budget else ""
    out.print(f"Wrote {_shown(target, ws.root)}: {result.pages} pages{budget} in {time.perf_counter() - started:.1f} s",
              markup=False)
    return EXIT_OK


def _hints() -> None:
    from metier.render import harfbuzz_missing

    if harfbuzz_missing():
        _hint_harfbuzz()


def _hint_harfbuzz() -> None:
    err.print(msg("hint_harfbuzz"), markup=False)


def _shown(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


@cli.command()
@click.argument("kind", type=click.Choice(["profile", "programme", "campus", "project", "layout"]), default="profile")
@click.option("--write", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Write every schema into this folder instead of printing one.")
def schema(kind, folder):
    """Print the JSON Schema of a kind of file, for editors' autocompletion.

    \b
    Examples:
      metier schema profile > schemas/profile.schema.json
      metier schema --write schemas
    """
    from metier.schema import schema_text
    from metier.scaffold import write_schemas

    if folder:
        for path in write_schemas(folder):
            out.print(f"Wrote {path.as_posix()}", markup=False)
    else:
        click.echo(schema_text(kind), nl=False)
    return EXIT_OK


@cli.command()
@click.argument("target_id", metavar="[TARGET]", required=False)
@click.option("--campus", "campus_id", help="Campus id (default: the target's, else default_campus of metier.yaml).")
@click.option("--templates", is_flag=True, help="Only show where templates and assets are looked up.")
@click.option("--labels", is_flag=True, help="List the printed labels a campus may replace (labels: in its file).")
@click.pass_context
def explain(ctx, target_id, campus_id, templates, labels):
    """Show each value a target uses for a campus, with the file and line that supplied it.

    Then the layout's template search path, most specific first. Without
    TARGET, explains the first target of metier.yaml.

    \b
    Examples:
      metier explain brochure --campus paris
      metier explain --templates --campus paris
      metier explain --labels
    """
    from metier.explain import default_campus_of, explain_templates, explain_values, pick_target

    ws = _usable_workspace(ctx)
    if labels:
        from metier.text.labels import label, label_keys

        for key in sorted(label_keys(ws.project.language)):
            out.print(f"{key:<22} {label(ws.project.language, key)}", markup=False)
        return EXIT_OK
    target_id, target = pick_target(ws, target_id)
    campus_id = default_campus_of(ws, target, campus_id)
    if not templates:
        out.print(f"Target {target_id} ({target.kind}) for campus {campus_id}:", markup=False)
        rows = explain_values(ws, target_id, target, campus_id)
        width = max(len(r.key) for r in rows)
        vwidth = min(max(len(r.value) for r in rows), 60)
        for row in rows:
            out.print(f"  {row.key:<{width}}  {row.value:<{vwidth}}  {row.source}", markup=False)
    name, folders = explain_templates(ws, target, campus_id)
    out.print(f"Layout {name} for campus {campus_id}, searched in order:", markup=False)
    for folder in folders:
        out.print(f"  {folder}", markup=False)
    return EXIT_OK


# The build commands live in their own module; importing it registers them.
from metier.cli import building  # noqa: E402,F401
from metier.cli import preview  # noqa: E402,F401  (metier preview)
from metier.cli import importing  # noqa: E402,F401  (metier import)
from metier.cli import studio  # noqa: E402,F401  (metier studio)
from metier.cli import refdata  # noqa: E402,F401  (metier refdata)


def main(argv=None) -> None:
    """Entry point of the ``metier`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        code = cli.main(args=args, prog_name="metier", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show(file=sys.stderr)
        code = EXIT_USAGE if isinstance(exc, click.UsageError) else EXIT_INVALID
    except click.exceptions.Abort:
        err.print("Interrupted.", markup=False)
        code = 130
    except KeyboardInterrupt:
        err.print("Interrupted.", markup=False)
        code = 130
    except DataError as exc:
        if debug:
            err.print_exception()
        _say_issues(exc.issues)
        code = EXIT_INVALID
    except MetierError as exc:
        if debug:
            err.print_exception()
        err.print(f"error: {exc}", markup=False)
        code = EXIT_INVALID
    except Exception:  # noqa: BLE001 - the one place that turns a bug into exit code 70
        if debug:
            err.print_exception()
        else:
            exc_type, exc_value, _ = sys.exc_info()
            err.print(f"internal error: {exc_type.__name__}: {exc_value}. This is a bug in metier; "
                      "run again with --debug and report the traceback.", markup=False)
        code = EXIT_BUG
    sys.exit(code if isinstance(code, int) else EXIT_OK)
