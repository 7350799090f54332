"""The `tyonjako` console script: Django's manage.py under the project's name."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyonjako.settings")
    from django.core.management import execute_from_command_line

    from tyonjako.common.env import EnvError

    try:
        execute_from_command_line(sys.argv)
    except EnvError as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
