"""Environment for the database benchmarks: the production settings (DEBUG off).

With DEBUG on, Django keeps the text of every query (for a look-up of 2 000 keys,
tens of kilobytes each): a cost no installation has. The keys are random, made
for this run only."""

from __future__ import annotations

import os
import secrets
import tempfile


def use_production_settings() -> None:
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("TYONJAKO_PSEUDONYM_KEY", secrets.token_urlsafe(32))
    os.environ.setdefault("TYONJAKO_DATA_DIR", tempfile.mkdtemp(prefix="tyonjako-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyonjako.settings")
