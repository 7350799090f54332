"""Validation and normalisation of encounter rows, and the whole import pipeline.

``normalise_row`` turns one row (keyed by *canonical* column names) into a
:class:`NormalisedRow` or a list of :class:`RowError`. ``iter_import`` reads a
file, maps its header through a profile and normalises every row. Nothing
here touches a database: the caller writes the good rows.

A row without ``source_id`` gets a deterministic id, ``c-`` followed by 32 hex
characters of a SHA-256 of its canonical content (everything except
``source_id`` and ``missing``). Importing the same file again yields the same
ids, so an upsert by (source system, source id) is idempotent. Two rows with
identical content and no source id get the same id and are therefore one
encounter; exports that can contain such rows must carry a source id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Generator, Mapping
from dataclasses import InitVar, dataclass, field, fields, replace
from pathlib import Path

from tyonjako.common.pseudonym import ClientKeyError, client_key, hetu_key, looks_like_hetu

from . import values as v
from .columns import COLUMNS, NOUNS
from .errors import RowError
from .limits import FileLimits
from .profiles import CANONICAL_COLUMNS, CANONICAL_PROFILE, Profile, map_header
from .reader import ImportFileError, RowSource, extra_cells, open_rows

_CANONICAL = frozenset(CANONICAL_COLUMNS)
DEFAULT_LIST_SEPARATOR = ";"
SOURCE_ID_PREFIX = "c-"


@dataclass(frozen=True, kw_only=True)
class KnownValues:
    """Values that already exist, per column; ``None`` means "do not check".

    ``codes`` holds ``(system, code)`` pairs, ``code_systems`` the systems.
    With ``create_missing`` an unknown value does not fail the row; it is
    listed in :attr:`NormalisedRow.missing` for the caller to create and flag.
    An unknown *code system* is always an error (a typo there would create a
    whole bogus code system).
    """

    unit: frozenset[str] | None = None
    worker: frozenset[str] | None = None
    reason: frozenset[str] | None = None
    target_group: frozenset[str] | None = None
    partners: frozenset[str] | None = None
    referred_by: frozenset[str] | None = None
    referred_to: frozenset[str] | None = None
    task: frozenset[str] | None = None
    codes: frozenset[tuple[str, str]] | None = None
    code_systems: frozenset[str] | None = None
    create_missing: bool = False
    # Unit and team codes that exist but lie outside the importer's scope: always an
    # error naming the line. Without ``create_units`` an unknown unit is an error
    # even with ``create_missing`` (a new unit would be outside a limited scope).
    unit_outside_scope: frozenset[str] = frozenset()
    create_units: bool = True


@dataclass(frozen=True, kw_only=True)
class ImportContext:
    """Everything ``normalise_row`` needs besides the row.

    ``list_separator=None`` means: the profile's override, else the file's
    (``;`` in comma CSV and XLSX, ``|`` in semicolon CSV). ``today`` bounds
    dates and birth years.
    """

    pseudonym_secret: bytes
    today: dt.date
    profile: Profile = CANONICAL_PROFILE
    list_separator: str | None = None
    bands: tuple[v.Band, ...] = v.DEFAULT_BANDS
    known: KnownValues | None = None
    limits: FileLimits = field(default_factory=FileLimits)


# Not frozen: an import builds a million of these, and a frozen dataclass sets
# each field through object.__setattr__ (three times slower). Treat it as a value.
@dataclass(slots=True)
class NormalisedRow:
    source_id: str
    date: dt.date
    time: dt.time | None
    unit: str
    worker: str
    client_key: str
    client_birth_year: int | None
    client_gender: str | None
    client_language: str | None
    client_employment: str | None
    contact_type: str
    duration_min: int | None
    duration_band: str | None
    reason: str
    target_group: str
    codes: tuple[tuple[str, str], ...]
    partners: tuple[str, ...]
    referred_by: str
    referred_to: tuple[str, ...]
    provider: str | None
    consent: bool | None
    task: str
    missing: dict[str, frozenset[str]] = field(default_factory=dict)
    source_id_generated: bool = False
    # A digest of the content (everything but the source id and `missing`): a
    # re-import skips a row whose digest is unchanged. Computed from the fields
    # (also after dataclasses.replace); only unpickling hands it in.
    digest: str = field(default="", init=False, compare=False)
    known_digest: InitVar[str] = ""

    def __post_init__(self, known_digest: str) -> None:
        self.digest = known_digest or content_digest(self)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Pickled by its field values and digest (the parsing process sends a
        # million of these): several times faster to load than a slotted
        # dataclass's state, and the digest is not computed again.
        return NormalisedRow, (*(getattr(self, name) for name in _FIELD_NAMES), self.digest)

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly form (dates and times as ISO text)."""
        return {
            "source_id": self.source_id,
            "source_id_generated": self.source_id_generated,
            "date": self.date.isoformat(),
            "time": self.time.isoformat(timespec="minutes") if self.time else None,
            **{name: getattr(self, name) for name in _PLAIN_FIELDS},
            "codes": [list(code) for code in self.codes],
            "partners": list(self.partners),
            "referred_to": list(self.referred_to),
            "missing": {key: sorted(vals) for key, vals in sorted(self.missing.items())},
        }


_FIELD_NAMES = tuple(f.name for f in fields(NormalisedRow) if f.init)


_PLAIN_FIELDS = (
    "unit",
    "worker",
    "client_key",
    "client_birth_year",
    "client_gender",
    "client_language",
    "client_employment",
    "contact_type",
    "duration_min",
    "duration_band",
    "reason",
    "target_group",
    "referred_by",
    "provider",
    "consent",
    "task",
)

_TEXT_COLUMNS = tuple(c.name for c in COLUMNS if c.mapping == "text" and not c.is_list)


def content_digest(row: NormalisedRow) -> str:
    """32 hex characters that change whenever anything an import writes for the row changes."""
    content = (
        row.date,
        row.time,
        row.unit,
        row.worker,
        row.client_key,
        row.client_birth_year,
        row.client_gender,
        row.client_language,
        row.client_employment,
        row.contact_type,
        row.duration_min,
        row.duration_band,
        row.reason,
        row.target_group,
        row.codes,
        row.partners,
        row.referred_by,
        row.referred_to,
        row.provider,
        row.consent,
        row.task,
    )
    return hashlib.md5(repr(content).encode(), usedforsecurity=False).hexdigest()


def content_id(fields: Mapping[str, object]) -> str:
    """The deterministic source id of a row's canonical content."""
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return SOURCE_ID_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


# Parsed cell values, by (parser, text, extra arguments). Exports repeat the same
# few values (dates, contact types, genders, durations) across a million rows;
# every parser is a pure function, so each distinct text is parsed once.
_PARSED: dict[tuple[object, ...], object] = {}
_PARSED_LIMIT = 100_000


class _Row:
    """Collects the errors and missing values of one row."""

    __slots__ = ("ctx", "errors", "line", "missing", "raw", "value_maps")

    def __init__(self, line: int, raw: Mapping[str, object], ctx: ImportContext) -> None:
        self.line = line
        self.raw = raw
        self.ctx = ctx
        self.value_maps = ctx.profile.values
        self.errors: list[RowError] = []
        self.missing: dict[str, set[str]] = {}

    def fail(self, column: str, code: str, **params: object) -> None:
        self.errors.append(RowError.of(self.line, column, code, **params))

    def fail_with(self, column: str, exc: Exception) -> None:
        self.errors.append(RowError.from_exception(self.line, column, exc))

    def cell(self, column: str) -> object:
        """The cell after the profile's value mapping; None if the file lacks the column."""
        value = self.raw.get(column)
        if value is None or column not in self.value_maps:
            return value
        return self.ctx.profile.map_value(column, value)

    def text(self, column: str) -> str:
        value = v.text(self.cell(column))
        if value and looks_like_hetu(value):
            self.fail(column, "hetu_in_text")
            return ""
        return value

    def items(self, column: str) -> tuple[str, ...]:
        value = self.raw.get(column)
        if value is None:
            return ()
        separator = self.ctx.list_separator or DEFAULT_LIST_SEPARATOR
        profile = self.ctx.profile
        result: dict[str, None] = {}
        for item in v.split_list(value, separator):
            mapped = v.text(profile.map_value(column, item))
            if looks_like_hetu(mapped):
                self.fail(column, "hetu_in_list")
            elif mapped:
                result.setdefault(mapped, None)
        return tuple(result)

    def check_known(self, column: str, found: tuple[str, ...] | str) -> None:
        known = self.ctx.known
        if known is None:
            return
        allowed: frozenset[str] | None = getattr(known, column)
        if allowed is None:
            return
        for value in (found,) if isinstance(found, str) else found:
            if column == "unit" and value in known.unit_outside_scope:
                self.fail(column, "unit_out_of_scope", value=v.show(value))
            elif value and value not in allowed:
                if known.create_missing and (column != "unit" or known.create_units):
                    self.missing.setdefault(column, set()).add(value)
                else:
                    self.fail(column, "unknown_value", noun=NOUNS[column], value=v.show(value))

    def parsed(self, column: str, parse: v.Parser, *args: object) -> object:
        value = self.cell(column)
        if value is None:
            return None
        return self.parse(column, value, parse, *args)

    def parse(self, column: str, value: object, parse: v.Parser, *args: object) -> object:
        """``parse(value, *args)``, remembered for text cells; a ValueError fails the row."""
        key = (parse, value, *args) if type(value) is str else None
        if key is not None:
            found = _PARSED.get(key, _PARSED)
            if found is not _PARSED:
                return found
        try:
            result = parse(value, *args)
        except ValueError as exc:
            self.fail_with(column, exc)
            return None
        if key is not None:
            if len(_PARSED) >= _PARSED_LIMIT:
                _PARSED.clear()
            _PARSED[key] = result
        return result


def normalise_row(
    line: int, raw: Mapping[str, object], ctx: ImportContext
) -> NormalisedRow | list[RowError]:
    """Validate and normalise one row whose keys are canonical column names.

    A key that is absent means the file has no such column; an empty cell is
    ``""``. The profile in ``ctx`` translates values (not headers: use
    :func:`map_header` or :func:`iter_import` for those).
    """
    row = _Row(line, raw, ctx)
    for key in raw:
        if key not in _CANONICAL:
            row.fail(key, "unknown_column", value=v.show(key))

    # Required: date, unit, contact type, client or hetu.
    when: dt.date | None = None
    clock: dt.time | None = None
    date_cell = row.cell("date")
    if date_cell is None or not v.text(date_cell):
        row.fail("date", "date_required")
    else:
        parsed_date = row.parse("date", date_cell, v.parse_date_time, ctx.today)
        if isinstance(parsed_date, tuple):
            when, clock = parsed_date
    texts = {column: row.text(column) for column in _TEXT_COLUMNS}
    if not texts["unit"] and not any(e.column == "unit" for e in row.errors):
        row.fail("unit", "unit_required")
    contact_type = row.parse("contact_type", row.cell("contact_type"), v.parse_contact_type)
    if not isinstance(contact_type, str):
        contact_type = ""
    key = _client_key(row, contact_type)

    # Optional columns.
    birth_year = row.parsed("client_birth_year", v.parse_birth_year, ctx.today)
    gender = row.parsed("client_gender", v.parse_gender)
    language = row.parsed("client_language", v.parse_language)
    employment = row.parsed("client_employment", v.parse_employment)
    provider = row.parsed("provider", v.parse_provider)
    consent = row.parsed("consent", v.parse_consent)
    duration = row.parsed("duration_min", v.parse_duration)
    band = v.duration_band(duration, ctx.bands) if isinstance(duration, int) else None
    given_band = row.parsed("duration_band", v.parse_band, ctx.bands)
    if isinstance(given_band, str):  # an export that has only the band: hours stay unknown
        if band is not None and band != given_band:
            row.fail(
                "duration_band", "band_mismatch", minutes=duration, band=band, given=given_band
            )
        band = band or given_band
    partners = row.items("partners")
    referred_to = row.items("referred_to")
    codes = _codes(row)

    for column, value in texts.items():
        row.check_known(column, value)
    row.check_known("partners", partners)
    row.check_known("referred_to", referred_to)

    source_id = v.text(row.cell("source_id"))
    if looks_like_hetu(source_id):
        row.fail("source_id", "hetu_as_id")
    if row.errors or when is None:
        return row.errors

    return assemble_row(
        source_id=source_id,
        date=when,
        time=clock,
        **texts,
        client_key=key,
        client_birth_year=birth_year,
        client_gender=gender,
        client_language=language,
        client_employment=employment,
        contact_type=contact_type,
        duration_min=duration,
        duration_band=band,
        codes=codes,
        partners=partners,
        referred_to=referred_to,
        provider=provider,
        consent=consent,
        missing={column: frozenset(found) for column, found in row.missing.items()},
    )


def assemble_row(
    *,
    source_id: str,
    date: dt.date,
    time: dt.time | None,
    unit: str,
    worker: str,
    reason: str,
    target_group: str,
    referred_by: str,
    task: str,
    client_key: str,
    client_birth_year: object,
    client_gender: object,
    client_language: object,
    client_employment: object,
    contact_type: str,
    duration_min: object,
    duration_band: str | None,
    codes: tuple[tuple[str, str], ...],
    partners: tuple[str, ...],
    referred_to: tuple[str, ...],
    provider: object,
    consent: object,
    missing: dict[str, frozenset[str]],
) -> NormalisedRow:
    """The row of a good line's parsed values (both parsing paths end here). Without a
    source id the row gets one made from its content (see the module's docstring)."""
    generated = not source_id
    if generated:
        source_id = content_id(
            {
                "date": date.isoformat(),
                "time": time.isoformat() if time else None,
                "unit": unit,
                "worker": worker,
                "reason": reason,
                "target_group": target_group,
                "referred_by": referred_by,
                "task": task,
                "client_key": client_key,
                "client_birth_year": client_birth_year,
                "client_gender": client_gender,
                "client_language": client_language,
                "client_employment": client_employment,
                "contact_type": contact_type,
                "duration_min": duration_min,
                "codes": [list(code) for code in codes],
                "partners": list(partners),
                "referred_to": list(referred_to),
                "provider": provider,
                "consent": consent,
            }
        )
    return NormalisedRow(
        source_id=source_id,
        date=date,
        time=time,
        unit=unit,
        worker=worker,
        client_key=client_key,
        client_birth_year=client_birth_year if isinstance(client_birth_year, int) else None,
        client_gender=client_gender if isinstance(client_gender, str) else None,
        client_language=client_language if isinstance(client_language, str) else None,
        client_employment=client_employment if isinstance(client_employment, str) else None,
        contact_type=contact_type,
        duration_min=duration_min if isinstance(duration_min, int) else None,
        duration_band=duration_band,
        reason=reason,
        target_group=target_group,
        codes=codes,
        partners=partners,
        referred_by=referred_by,
        referred_to=referred_to,
        provider=provider if isinstance(provider, str) else None,
        consent=consent if isinstance(consent, bool) else None,
        task=task,
        missing=missing,
        source_id_generated=generated,
    )


def _client_key(row: _Row, contact_type: str = "") -> str:
    """The client key from ``client`` (a client number, or an identity code which
    is hashed) or from ``hetu``; never both. Messages never echo the input. A
    consultation, group session or information event may have neither ("")."""
    secret = row.ctx.pseudonym_secret
    client = v.text(row.raw.get("client"))
    hetu = v.text(row.raw.get("hetu"))
    if client and hetu:
        row.fail("hetu", "client_and_hetu")
        return ""
    if hetu:
        try:
            return hetu_key(hetu, secret)
        except ClientKeyError:
            row.fail("hetu", "invalid_hetu")
            return ""
    if client:
        try:
            return client_key(client, secret)
        except ClientKeyError:  # an identity code that is not valid, or no client number
            row.fail(
                "client", "invalid_hetu" if looks_like_hetu(client.strip()) else "invalid_client"
            )
            return ""
    if contact_type not in v.CLIENTLESS_CONTACT_TYPES:
        row.fail("client", "client_required")
    return ""


def _codes(row: _Row) -> tuple[tuple[str, str], ...]:
    items = row.items("codes")
    default = row.ctx.profile.default_code_system
    result: dict[tuple[str, str], None] = {}
    for item in items:
        try:
            result.setdefault(v.parse_code(item, default), None)
        except ValueError as exc:
            row.fail_with("codes", exc)
    codes = tuple(result)
    known = row.ctx.known
    if known is not None:
        for system, code in codes:
            if known.code_systems is not None and system not in known.code_systems:
                row.fail("codes", "unknown_code_system", value=v.show(system))
            elif known.codes is not None and (system, code) not in known.codes:
                if known.create_missing:
                    row.missing.setdefault("codes", set()).add(f"{system}:{code}")
                else:
                    row.fail("codes", "unknown_code", value=v.show(f"{system}:{code}"))
    return codes


# ----------------------------------------------------------------------- pipeline

ImportItem = tuple[int, NormalisedRow | list[RowError]]


class ImportRun:
    """Iterator over ``(line, NormalisedRow | list[RowError])`` of one file.

    A problem with the file or its header is one item with line 1 (or the
    line where reading failed) and ends the run. ``progress()`` reports how far
    reading has got (0.0–1.0, ``None`` if unknown); ``source`` is the open
    :class:`RowSource` once the file has been opened.
    """

    def __init__(
        self,
        path: Path | str,
        ctx: ImportContext,
        *,
        profile: Profile | None = None,
        sheet: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.profile = profile or ctx.profile
        self.ctx = replace(ctx, profile=self.profile)
        self.sheet = sheet
        self.source: RowSource | None = None
        self.header_errors: list[RowError] = []
        self._items = self._run()

    def __iter__(self) -> ImportRun:
        return self

    def __next__(self) -> ImportItem:
        return next(self._items)

    def progress(self) -> float | None:
        return self.source.progress() if self.source is not None else 0.0

    def close(self) -> None:
        self._items.close()
        if self.source is not None:
            self.source.close()

    def _run(self) -> Generator[ImportItem, None, None]:
        try:
            self.source = source = open_rows(self.path, sheet=self.sheet, limits=self.ctx.limits)
        except ImportFileError as exc:
            yield exc.line, [RowError.from_exception(exc.line, "", exc)]
            return
        with source:
            mapped = map_header(source.header, self.profile)
            if isinstance(mapped, list):
                self.header_errors = mapped
                yield 1, mapped
                return
            separator = (
                self.ctx.list_separator or self.profile.list_separator or source.list_separator
            )
            ctx = replace(self.ctx, list_separator=separator)
            self.ctx = ctx
            # Each target comes from one header cell (map_header refuses two for one target).
            columns = {target: index for index, target in enumerate(mapped.targets) if target}
            normalise = _file_normaliser(ctx, columns)
            width = len(source.header)
            try:
                for line, cells in source.iter_cells():
                    result = normalise(line, cells)
                    if len(cells) > width and extra_cells(cells, width):
                        error = RowError.of(line, "", "extra_cells")
                        result = [error, *result] if isinstance(result, list) else [error]
                    yield line, result
            except ImportFileError as exc:
                yield exc.line, [RowError.from_exception(exc.line, "", exc)]


def canonical_cells(cells: list[object], columns: Mapping[str, int]) -> dict[str, object]:
    """A row of cells as ``normalise_row`` takes it: by canonical column, "" past the end."""
    width = len(cells)
    return {target: cells[index] if index < width else "" for target, index in columns.items()}


Normaliser = Callable[[int, list[object]], "NormalisedRow | list[RowError]"]


def _file_normaliser(ctx: ImportContext, columns: Mapping[str, int]) -> Normaliser:
    """The fast path for this file's rows (fast.py), which answers exactly as
    ``normalise_row`` does. Imported here because it builds on this module."""
    from .fast import FastNormaliser

    if "source_id" in ctx.profile.values:  # the fast path reads source ids unmapped
        return lambda line, cells: normalise_row(line, canonical_cells(cells, columns), ctx)
    return FastNormaliser(ctx, columns)


def iter_import(
    path: Path | str,
    ctx: ImportContext,
    *,
    profile: Profile | None = None,
    sheet: str | None = None,
) -> ImportRun:
    """Read, map and normalise a whole export; see :class:`ImportRun`.

    ``profile`` defaults to ``ctx.profile``. The list separator is
    ``ctx.list_separator``, else the profile's, else the file's.
    """
    return ImportRun(path, ctx, profile=profile, sheet=sheet)


__all__ = [
    "ImportContext",
    "ImportRun",
    "KnownValues",
    "NormalisedRow",
    "RowError",
    "content_id",
    "iter_import",
    "normalise_row",
]
