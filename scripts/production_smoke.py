"""Start Työnjako as production runs it, and fetch a page and a static file.

DEBUG off, fresh random secrets, `migrate`, `collectstatic`, `check --deploy`
with no warnings, then gunicorn on a spare port (default 8199): the login page
and the style sheet it links must answer 200. CI (`.ci/run`) runs this after the
tests; the database is DATABASE_URL when set, else SQLite in a temporary folder.

    python scripts/production_smoke.py [--port 8199]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def fetch(url: str) -> tuple[int, bytes]:
    # TLS ends at the reverse proxy in production; it tells the app so with this header.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), b""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8199)
    port = parser.parse_args().port
    data = Path(tempfile.mkdtemp(prefix="tyonjako-production-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "tyonjako.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "TYONJAKO_PSEUDONYM_KEY": secrets.token_urlsafe(48),
        "TYONJAKO_DATA_DIR": str(data),
        "ALLOWED_HOSTS": "127.0.0.1",
    }

    def tyonjako(*args: str) -> None:
        print("+ tyonjako", *args, flush=True)
        subprocess.run([str(BIN / "tyonjako"), *args], env=env, cwd=ROOT, check=True)

    tyonjako("migrate", "--verbosity", "0")
    tyonjako("collectstatic", "--noinput", "--verbosity", "0")
    tyonjako("check", "--deploy", "--fail-level", "WARNING")

    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "tyonjako.wsgi:application", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        status, body = 0, b""
        for _ in range(60):
            try:
                status, body = fetch(f"{base}/accounts/login/")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(1)
        if status != 200:
            print(f"the login page answered {status}", file=sys.stderr)
            return 1
        match = re.search(rb'href="(/static/[^"]+\.css)"', body)
        if match is None:
            print("the login page links no style sheet", file=sys.stderr)
            return 1
        css = match.group(1).decode()
        status, _ = fetch(base + css)
        if status != 200:
            print(f"the style sheet {css} answered {status}", file=sys.stderr)
            return 1
        print(f"production start-up OK: /accounts/login/ and {css} answer 200")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
