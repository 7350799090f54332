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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model

Converter = Callable[[Any], Any]


def _converter(field: Field[Any, Any]) -> Converter | None:
    """How a Python value of this column becomes a driver parameter (None: as is)."""
    kind = field.get_internal_type()
    ops = connection.ops
    if kind == "JSONField":
        encoder = getattr(field, "encoder", None)
        return lambda value: None if value is None else ops.adapt_json_value(value, encoder)
    if connection.vendor != "sqlite":
        return None  # psycopg adapts dates, times and aware datetimes itself
    # DateField: Django registers a sqlite3 adapter for dates (ISO text, as its own
    # adapt_datefield_value writes), so the driver converts them.
    if kind == "TimeField":
        return ops.adapt_timefield_value
    if kind == "DateTimeField":
        return _remember_last(ops.adapt_datetimefield_value)
    return None


def _remember_last(convert: Converter) -> Converter:
    """An import stamps every row with the same time: convert it once, not a million times."""
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


def _converters(fields: Sequence[Any]) -> list[tuple[int, Converter]]:
    return [
        (index, convert)
        for index, field in enumerate(fields)
        if (convert := _converter(field)) is not None
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


class TableInserter:
    """Inserts tuples of ``columns`` (attnames: ``unit_id``, not ``unit``) into a model's table."""

    def __init__(self, model: type[Model], columns: Sequence[str]) -> None:
        fields = concrete_fields(model, columns)
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.column_list = ", ".join(quote(field.column) for field in fields)
        self.pk_column = quote(model._meta.pk.column)
        self.converters = _converters(fields)
        self.use_copy = connection.vendor == "postgresql"
        marks = ", ".join(["%s"] * len(fields))
        self.insert_sql = f"INSERT INTO {self.table} ({self.column_list}) VALUES ({marks})"

    def insert(self, rows: Iterable[Sequence[Any]]) -> int:
        prepared = _prepare(rows, self.converters)
        if not prepared:
            return 0
        with connection.cursor() as cursor:
            if self.use_copy:
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {self.table} ({self.column_list}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                cursor.executemany(self.insert_sql, prepared)
        return len(prepared)

    def insert_with_ids(self, rows: Sequence[Sequence[Any]], check: int) -> list[int] | None:
        """Insert; the new primary keys in row order, or None if they cannot be vouched for.

        PostgreSQL: the keys are drawn from the table's sequence first and
        written with the rows (COPY cannot return them). SQLite: a writing
        transaction holds the database's write lock, so the rows of one
        ``executemany`` get consecutive keys ending at ``last_insert_rowid()``;
        the column at index ``check`` of the first and last rows is compared
        with what those keys hold, and a mismatch returns None (the caller
        then looks the keys up).
        """
        if not rows:
            return []
        with connection.cursor() as cursor:
            if self.use_copy:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.table.strip('"'), self.pk_column.strip('"'), len(rows)],
                )
                ids = [row[0] for row in cursor.fetchall()]
                prepared = _prepare(
                    ((pk, *row) for pk, row in zip(ids, rows, strict=True)),
                    [(index + 1, convert) for index, convert in self.converters],
                )
                columns = f"{self.pk_column}, {self.column_list}"
                with cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
                return ids
            cursor.executemany(self.insert_sql, _prepare(rows, self.converters))
            cursor.execute("SELECT last_insert_rowid()")
            last = cursor.fetchone()[0]
            ids = list(range(last - len(rows) + 1, last + 1))
            column = self.column_list.split(", ")[check]
            cursor.execute(
                f"SELECT {column} FROM {self.table} WHERE {self.pk_column} IN (%s, %s) "
                f"ORDER BY {self.pk_column}",
                [ids[0], ids[-1]],
            )
            found = [row[0] for row in cursor.fetchall()]
        expected = list(dict.fromkeys([rows[0][check], rows[-1][check]]))
        return ids if found == expected else None


def select_in(
    sql: str, values: Sequence[Any], params: Sequence[Any] = (), chunk: int = 5000
) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (which ends in ``IN``) for ``values``, a chunk of values per query.

    The ORM's ``__in`` prepares every value through the field; an import asks
    for thousands of keys per batch, and they are plain text already. On
    PostgreSQL the values go as one array (``= ANY``): a query with thousands
    of placeholders costs more to parse and plan than to run.
    """
    found: list[tuple[Any, ...]] = []
    as_array = connection.vendor == "postgresql"
    head = sql.removesuffix(" IN")
    with connection.cursor() as cursor:
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


def update_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """``UPDATE … SET columns WHERE id`` for tuples of (*values, id), by the driver's executemany.

    Django's ``bulk_update`` builds a ``CASE`` per row and column; this is one
    prepared statement run for every row.
    """
    fields = concrete_fields(model, columns)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    (key,) = concrete_fields(model, [model._meta.pk.name])
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(key.column)} = %s"
    prepared = _prepare(rows, _converters(fields))
    if not prepared:
        return 0
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
    return len(prepared)
