"""Check (default) or update (--update) the Finnish and Swedish translations.

Check: extract the strings of the code as they are now; fail if any fi/sv
string is missing or fuzzy, or if a committed .mo file is not the compiled
form of its .po file. The working tree is left as it was.
Update: extract, keep the .po files, and compile the .mo files.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tyonjako"
LOCALE = PACKAGE / "locale"
CHECKED = ("fi", "sv")
LANGUAGES = ("fi", "sv", "en")


def extract() -> None:
    args = [
        sys.executable,
        "-m",
        "django",
        "makemessages",
        "--no-location",
        "--no-obsolete",
        "--verbosity",
        "0",
    ]
    for language in LANGUAGES:
        args += ["-l", language]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tyonjako.settings", "DEBUG": "1"}
    subprocess.run(args, cwd=PACKAGE, env=env, check=True)


def compile_po(po: Path, mo: Path) -> None:
    subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


def problems_in(po: Path) -> str | None:
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    stats = result.stderr.strip()
    return stats if ("untranslated" in stats or "fuzzy" in stats) else None


def po_files() -> list[Path]:
    return [LOCALE / language / "LC_MESSAGES" / "django.po" for language in LANGUAGES]


def check() -> int:
    originals = {po: po.read_bytes() for po in po_files() if po.exists()}
    failures: list[str] = []
    try:
        extract()
        for po in po_files():
            if po.parent.parent.name in CHECKED:
                stats = problems_in(po)
                if stats:
                    failures.append(
                        f"{po.relative_to(ROOT)}: {stats} (run `make messages` and translate)"
                    )
    finally:
        for po, content in originals.items():
            po.write_bytes(content)
    for po in po_files():
        mo = po.with_suffix(".mo")
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "django.mo"
            compile_po(po, fresh)
            if not mo.exists() or mo.read_bytes() != fresh.read_bytes():
                failures.append(f"{mo.relative_to(ROOT)} is stale (run `make messages`)")
    for failure in failures:
        print(failure, file=sys.stderr)
    if not failures:
        print("translations: fi and sv complete, .mo files up to date")
    return 1 if failures else 0


def update() -> int:
    extract()
    for po in po_files():
        compile_po(po, po.with_suffix(".mo"))
    for po in po_files():
        print(f"{po.relative_to(ROOT)}: {problems_in(po) or 'complete'}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true")
    sys.exit(update() if parser.parse_args().update else check())
