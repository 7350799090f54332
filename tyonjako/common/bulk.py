"""Rows as tuples straight to the database driver, for imports of a million rows.

Django's ``bulk_create`` builds a model object per row and prepares every value
through its field; at import scale that costs several times what the database
itself spends. A :class:`TableInserter` converts only the columns that need it
(dates and times are text on SQLite, JSON is wrapped for the backend), decided
once per column, and writes with ``executemany`` — or with ``COPY`` on
PostgreSQL, which is the driver's fastest path there.

Nothing here bypasses the transaction: the writes join the caller's
``transaction.atomic()`` like any query. Model ``save()`` methods and signals
do not run, so callers write their own audit rows.

An inserter is bound to the connection of the thread that made it (``db``), so
that a second thread may write with it inside the first thread's transaction
(the importer's pipeline does, see importer.py); the ORM would use that second
thread's own connection instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

Converter = Callable[[Any], Any]


def bound_connection() -> BaseDatabaseWrapper:
    """This thread's connection itself (``django.db.connection`` is looked up per thread)."""
    return connections[DEFAULT_DB_ALIAS]


def _converter(field: Field[Any, Any], db: BaseDatabaseWrapper) -> Converter | None:
    """How a Python value of this column becomes a driver parameter (None: as is)."""
    kind = field.get_internal_type()
    ops = db.ops
    if kind == "JSONField":
        encoder = getattr(field, "encoder", None)
        return _remember_last(
            lambda value: None if value is None else ops.adapt_json_value(value, encoder)
        )
    if db.vendor != "sqlite":
        return None  # psycopg adapts dates, times and aware datetimes itself
    # DateField: Django registers a sqlite3 adapter for dates (ISO text, as its own
    # adapt_datefield_value writes), so the driver converts them.
    if kind == "TimeField":
        return ops.adapt_timefield_value
    if kind == "DateTimeField":
        return _remember_last(ops.adapt_datetimefield_value)
    return None


def _remember_last(convert: Converter) -> Converter:
    """An import stamps every row with the same time (and an audit row with the same
    detail): convert the same object once, not a million times."""
    last: list[Any] = [object(), None]

    def converted(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return converted


def concrete_fields(model: type[Model], names: Sequence[str]) -> list[Field[Any, Any]]:
    """The model's concrete fields by name or attname; anything else is a programming error."""
    fields = []
    for name in names:
        field = model._meta.get_field(name)
        if not isinstance(field, Field) or not field.concrete:
            raise TypeError(f"{model.__name__}.{name} is not a concrete column")
        fields.append(field)
    return fields


def _converters(fields: Sequence[Any], db: BaseDatabaseWrapper) -> list[tuple[int, Converter]]:
    return [
        (index, convert)
        for index, field in enumerate(fields)
        if (convert := _converter(field, db)) is not None
    ]


def _prepare(rows: Iterable[Sequence[Any]], converters: list[tuple[int, Converter]]) -> list[Any]:
    if not converters:
        return list(rows)
    prepared = []
    for row in rows:
        values = list(row)
        for index, convert in converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        prepared.append(values)
    return prepared


# PostgreSQL's names for Django's column types, as binary COPY is told them.
_COPY_TYPES = {
    "timestamp with time zone": "timestamptz",
    "boolean": "bool",
    "smallint": "int2",
    "integer": "int4",
    "bigint": "int8",
    "double precision": "float8",
    "char": "bpchar",
}


def _copy_type(field: Field[Any, Any], db: BaseDatabaseWrapper) -> str:
    """The type of a column as binary COPY needs it (``varchar(40)`` is ``varchar``)."""
    db_type = str(field.db_type(db)).split("(")[0].strip()
    return _COPY_TYPES.get(db_type, db_type)


class TableInserter:
    """Inserts tuples of ``columns`` (attnames: ``unit_id``, not ``unit``) into a model's table.

    On PostgreSQL the rows go by binary ``COPY``: the server does not parse text
    and the driver does not format it, which halves both sides' work per value.
    Binary COPY is strict about types, so each value must be of its column's
    Python type (``int`` for integers, ``str`` for text, ``date``, aware ``datetime``).
    """

    def __init__(
        self, model: type[Model], columns: Sequence[str], db: BaseDatabaseWrapper | None = None
    ) -> None:
        self.db = db = db or bound_connection()
        fields = concrete_fields(model, columns)
        quote = db.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.column_list = ", ".join(quote(field.column) for field in fields)
        self.converters = _converters(fields, db)
        self.use_copy = db.vendor == "postgresql"
        if self.use_copy:
            self.copy_types = [_copy_type(field, db) for field in fields]
        marks = ", ".join(["%s"] * len(fields))
        self.insert_sql = f"INSERT INTO {self.table} ({self.column_list}) VALUES ({marks})"

    def _copy(self, cursor: Any, rows: Iterable[Any]) -> None:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        sql = f"COPY {self.table} ({self.column_list}) FROM STDIN (FORMAT BINARY)"
        with raw.copy(sql) as copy:
            copy.set_types(self.copy_types)
            for row in rows:
                copy.write_row(row)

    def insert(self, rows: Iterable[Sequence[Any]]) -> int:
        prepared = _prepare(rows, self.converters)
        if not prepared:
            return 0
        with self.db.cursor() as cursor:
            if self.use_copy:
                self._copy(cursor, prepared)
            else:
                cursor.executemany(self.insert_sql, prepared)
        return len(prepared)


class KeyBlock:
    """Primary keys for rows not written yet, so that rows can name each other's keys
    (an encounter its new client, a link its new encounter) and a writing thread
    needs no answer back.

    PostgreSQL: drawn from the table's sequence, a block at a time; a drawn key is
    never handed out again, whatever happens to the transaction. SQLite: the keys
    after the largest ever used (``sqlite_sequence``, kept by AUTOINCREMENT) and
    after those already handed out, read again in every call. Sound because SQLite
    lets one transaction write at a time: a transaction that read these numbers
    cannot write after another one has (it fails as busy). So call it inside the
    transaction that writes the rows.
    """

    BLOCK = 20_000

    def __init__(self, model: type[Model], db: BaseDatabaseWrapper | None = None) -> None:
        self.db = db or bound_connection()
        self.table = model._meta.db_table
        self.pk_column = model._meta.pk.column
        self.drawn: list[int] = []
        self.used = 0
        self.next = 0
        self.sequence: str | None = None

    def take(self, count: int) -> list[int]:
        if count <= 0:
            return []
        if self.db.vendor == "postgresql":
            if len(self.drawn) - self.used < count:
                self.drawn = self.drawn[self.used :] + self._draw(max(count, self.BLOCK))
                self.used = 0
            keys = self.drawn[self.used : self.used + count]
            self.used += count
            return keys
        start = max(self.next, self._after_largest())
        self.next = start + count
        return list(range(start, start + count))

    def _draw(self, count: int) -> list[int]:
        with self.db.cursor() as cursor:
            if self.sequence is None:
                # Looked up once: in the drawing query it would be looked up per key,
                # which costs eight times the drawing itself.
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", [self.table, self.pk_column]
                )
                self.sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [self.sequence, count]
            )
            return [row[0] for row in cursor.fetchall()]

    def _after_largest(self) -> int:
        quote = self.db.ops.quote_name
        with self.db.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(self.pk_column)}) FROM {quote(self.table)}")
            largest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            found = cursor.fetchone()
        return max(largest, found[0] if found else 0) + 1


def select_in(
    sql: str,
    values: Sequence[Any],
    params: Sequence[Any] = (),
    chunk: int = 5000,
    db: BaseDatabaseWrapper | None = None,
) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (which ends in ``IN``) for ``values``, a chunk of values per query.

    The ORM's ``__in`` prepares every value through the field; an import asks
    for thousands of keys per batch, and they are plain text already. On
    PostgreSQL the values go as one array (``= ANY``): a query with thousands
    of placeholders costs more to parse and plan than to run.
    """
    db = db or bound_connection()
    found: list[tuple[Any, ...]] = []
    as_array = db.vendor == "postgresql"
    head = sql.removesuffix(" IN")
    with db.cursor() as cursor:
        for start in range(0, len(values), chunk):
            part = list(values[start : start + chunk])
            if as_array:
                # Inside an import's transaction the table has grown since it was last
                # analysed; the planner would scan it whole for every batch. These
                # look-ups are always by a unique index.
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(f"{head} = ANY(%s)", [*params, part])
                found += cursor.fetchall()
                cursor.execute("SET LOCAL enable_seqscan = on")
            else:
                marks = ", ".join(["%s"] * len(part))
                cursor.execute(f"{sql} ({marks})", [*params, *part])
                found += cursor.fetchall()
    return found


def update_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    db: BaseDatabaseWrapper | None = None,
) -> int:
    """``UPDATE … SET columns WHERE id`` for tuples of (*values, id), by the driver's executemany.

    Django's ``bulk_update`` builds a ``CASE`` per row and column; this is one
    prepared statement run for every row.
    """
    db = db or bound_connection()
    fields = concrete_fields(model, columns)
    quote = db.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    (key,) = concrete_fields(model, [model._meta.pk.name])
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(key.column)} = %s"
    prepared = _prepare(rows, _converters(fields, db))
    if not prepared:
        return 0
    with db.cursor() as cursor:
        cursor.executemany(sql, prepared)
    return len(prepared)


def delete_in(
    model: type[Model], column: str, values: Sequence[Any], db: BaseDatabaseWrapper | None = None
) -> None:
    """``DELETE FROM table WHERE column IN values`` on a bound connection, a chunk at a time."""
    db = db or bound_connection()
    quote = db.ops.quote_name
    (field,) = concrete_fields(model, [column])
    sql = f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(field.column)} IN"
    with db.cursor() as cursor:
        for start in range(0, len(values), 500):
            part = list(values[start : start + 500])
            cursor.execute(f"{sql} ({', '.join(['%s'] * len(part))})", part)
