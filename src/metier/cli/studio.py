"""``metier studio``: serve the workspace to the browser on 127.0.0.1, with a token.

One studio per workspace: a lock in ``out/.studio/`` refuses a second one and
says where the first one is. Ctrl-C stops the server cleanly.
"""

from __future__ import annotations

import json
import socket
import webbrowser

import click

from metier.cli import cli, out
from metier.errors import MetierError
from metier.messages import msg


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@cli.command()
@click.option("--port", type=int, default=0, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser; only print the address.")
@click.pass_context
def studio(ctx, port, no_browser):
    """Edit the workspace in the browser, with a live preview of the pages.

    \b
    Example:
      metier studio            opens the studio in the default browser
    """
    import uvicorn
    from filelock import FileLock, Timeout

    from metier.load.workspace import find_root
    from metier.studio.app import Studio, create_app
    from metier.studio.security import new_token

    root = find_root(ctx.obj["workspace"])
    folder = root / "out" / ".studio"
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / "studio.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        try:
            address = json.loads((folder / "studio.json").read_text(encoding="utf-8"))["address"]
        except (OSError, ValueError, KeyError, TypeError):
            address = "?"
        raise MetierError(msg("studio_running", address=address)) from None
    try:
        port = port or free_port()
        token = new_token()
        url = f"http://127.0.0.1:{port}/?token={token}"
        (folder / "studio.json").write_text(json.dumps({"address": f"http://127.0.0.1:{port}/"}), encoding="utf-8")
        app = create_app(Studio(root, token=token, port=port))
        out.print(msg("studio_serving", root=root.name, url=url), markup=False)
        out.print(msg("studio_stop"), markup=False)
        if not no_browser:
            webbrowser.open(url)
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
        out.print(msg("studio_stopped"), markup=False)
    finally:
        (folder / "studio.json").unlink(missing_ok=True)
        lock.release()
