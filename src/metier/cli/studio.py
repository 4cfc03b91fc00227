"""``metier studio``: serve the workspace's studio on 127.0.0.1 and open it in the browser.

The work is :mod:`metier.studio`; this module picks the port, takes the
workspace's studio lock (``out/.studio/studio.lock``: a second studio on the
same workspace is refused and told where the first one is), prints the
address with its token, opens the browser unless ``--no-browser``, and stops
cleanly on Ctrl-C.
"""

from __future__ import annotations

import socket
from pathlib import Path

import click

from metier.cli import EXIT_INVALID, EXIT_OK, cli, err, out
from metier.messages import msg

LOCK = Path("out/.studio/studio.lock")
ADDRESS = Path("out/.studio/address")


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port to listen on (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser; only print the address.")
@click.pass_context
def studio(ctx, port, no_browser):
    """Edit the workspace in your browser: forms, errors beside the fields, live page previews.

    \b
    Example:
      metier studio
      metier -C my-school studio --port 8765 --no-browser
    """
    import uvicorn
    from filelock import FileLock, Timeout

    from metier.load.workspace import find_root
    from metier.studio.app import create_app
    from metier.studio.security import new_token

    root = find_root(ctx.obj["workspace"] or ".")
    (root / LOCK).parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / LOCK))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        address = (root / ADDRESS).read_text("utf-8").strip() if (root / ADDRESS).is_file() else "?"
        err.print(msg("studio_running", address=address), markup=False)
        return EXIT_INVALID
    try:
        port = port or free_port()
        token = new_token()
        app = create_app(root, token)
        (root / ADDRESS).write_text(f"http://127.0.0.1:{port}/\n", "utf-8")
        url = f"http://127.0.0.1:{port}/?token={token}"
        out.print(msg("studio_serving", root=root.name, url=url), markup=False)
        out.print(msg("studio_stop"), markup=False)
        if not no_browser:
            import webbrowser

            webbrowser.open(url)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                               timeout_graceful_shutdown=2))
        try:
            server.run()
        except KeyboardInterrupt:  # uvicorn shuts down gracefully, then passes Ctrl-C on
            pass
        err.print(msg("studio_stopped"), markup=False)
    finally:
        (root / ADDRESS).unlink(missing_ok=True)
        lock.release()
    return EXIT_OK
