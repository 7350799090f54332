"""The `tyonjako` console script: Django's manage.py under the project's name.

Exit codes (``tyonjako.common.commands``): 0 done, 1 a problem found in the
data, 2 bad arguments. A failure nobody foresaw prints its message, not a
traceback (``--traceback`` shows it), and exits with 1.
"""

from __future__ import annotations

import os
import sys

HELP_WORDS = frozenset({"help", "--help", "-h", "--version"})


def asks_only_for_help(argv: list[str]) -> bool:
    """`tyonjako`, `tyonjako --help`, `tyonjako help [CMD]`, `tyonjako CMD --help`:
    nothing touches data, so no secret is needed."""
    args = argv[1:]
    return not args or args[0] in HELP_WORDS or any(a in ("--help", "-h") for a in args)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyonjako.settings")
    if asks_only_for_help(sys.argv):
        # Help works before any configuration: throwaway secrets for this process only
        # (a command that touches data is not run, so they protect nothing).
        import secrets

        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
        os.environ.setdefault("TYONJAKO_PSEUDONYM_KEY", secrets.token_urlsafe(48))
    from django.core.management import execute_from_command_line

    from tyonjako.common.env import EnvError

    try:
        execute_from_command_line(sys.argv)
    except EnvError as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(2)
    except Exception as error:
        if "--traceback" in sys.argv:
            raise
        sys.stderr.write(
            f"Error: {type(error).__name__}: {error} (--traceback shows where it happened)\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
