"""Finding an instrument by `KEY[@VERSION]` or by a definition file's path."""

from __future__ import annotations

from pathlib import Path

from .engine import Instrument, load_instrument
from .models import InstrumentActivation, InstrumentVersion


class InstrumentNotFound(LookupError):
    pass


def find_version(reference: str) -> InstrumentVersion:
    """`KEY@VERSION` exactly; `KEY` alone means the county-wide active version, else the newest."""
    key, _, number = reference.partition("@")
    versions = InstrumentVersion.objects.filter(key=key)
    if number:
        if not number.isdigit():
            raise InstrumentNotFound(f"{reference}: the version is a whole number, e.g. {key}@1")
        found = versions.filter(version=int(number)).first()
    else:
        active = (
            InstrumentActivation.objects.filter(
                version__key=key, team__isnull=True, service_area__isnull=True
            )
            .select_related("version")
            .first()
        )
        found = active.version if active else versions.order_by("-version").first()
    if found is None:
        raise InstrumentNotFound(
            f"{reference}: no such instrument version (see `tyonjako instruments list`)"
        )
    return found


def find_instrument(reference: str) -> Instrument:
    """A stored version, or a definition file (a draft need not be loaded to be tried)."""
    path = Path(reference)
    if path.suffix.lower() in {".yaml", ".yml", ".json"}:
        if not path.exists():
            raise InstrumentNotFound(f"{reference}: no such file")
        return load_instrument(path.read_text(encoding="utf-8"))
    return find_version(reference).instrument()
