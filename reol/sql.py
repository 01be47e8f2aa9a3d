"""Hand-written SQL that still speaks in model instances, for the paths that run per scan.

Through the ORM a small statement costs about 0.3 ms of query building on this project's
machines; through the driver about 0.03 ms. The lending hot path (check-out, check-in) reads
and writes a dozen rows per act, so it writes its SQL by hand with these helpers, which keep
that SQL honest: table and column names come from the models, values are adapted and results
converted by the same field code the ORM uses, and reads come back as model instances.

Writes here send no model signals; callers tell other apps themselves (catalogue.changes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Generic, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignObjectRel, Model

M = TypeVar("M", bound=Model)


class Columns(Generic[M]):
    """Some columns of one model under a table alias, and how a row's values become an
    instance (the columns left out are deferred, loaded by the ORM if anyone asks)."""

    def __init__(self, model: type[M], alias: str, names: str = "*") -> None:
        wanted = ({f.name for f in model._meta.concrete_fields} if names == "*"
                  else set(names.split()))
        self.model = model
        # from_db wants the values in the model's own field order.
        self.fields: list[Field[Any, Any]] = [
            f for f in model._meta.concrete_fields if f.name in wanted or f.attname in wanted
        ]
        if len(self.fields) != len(wanted):
            raise ValueError(f"unknown fields of {model.__name__}: {names}")
        self.attnames = [f.attname for f in self.fields]
        self.alias = alias
        self.width = len(self.fields)
        self._converters: dict[str, list[tuple[int, Callable[..., Any], Any]]] = {}

    @property
    def sql(self) -> str:
        return _column_list(self.model, self.alias, tuple(self.attnames), connection.vendor)

    def _converters_for(self, db: BaseDatabaseWrapper) -> list[tuple[int, Callable[..., Any], Any]]:
        """(position, converter, column) for each value that needs converting."""
        if db.vendor not in self._converters:
            self._converters[db.vendor] = [
                (i, convert, f.get_col(self.alias))
                for i, f in enumerate(self.fields)
                for convert in (db.ops.get_db_converters(f.get_col(self.alias))
                                + f.get_db_converters(db))
            ]
        return self._converters[db.vendor]

    def values(self, row: Sequence[Any], start: int = 0) -> list[Any]:
        """This model's values in `row` from `start`, as Python values."""
        values = list(row[start:start + self.width])
        db = connections[DEFAULT_DB_ALIAS]
        for i, convert, col in self._converters_for(db):
            values[i] = convert(values[i], col, db)
        return values

    def build(self, row: Sequence[Any], start: int = 0) -> M:
        return self.model.from_db(DEFAULT_DB_ALIAS, self.attnames, self.values(row, start))


@cache
def _column_list(model: type[Model], alias: str, attnames: tuple[str, ...], vendor: str) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(_column(model._meta.get_field(a)))}" for a in attnames)


class Statement:
    """SQL written once per database vendor: `build` runs on first use, with that vendor's
    quoting, and its text is kept (the hot path would otherwise format it at every scan)."""

    def __init__(self, build: Callable[[], str]) -> None:
        self.build = build
        self._texts: dict[str, tuple[str, str]] = {}

    def texts(self, db: BaseDatabaseWrapper) -> tuple[str, str]:
        """The statement with Django's %s placeholders, and as the driver itself takes it."""
        if db.vendor not in self._texts:
            text = self.build()
            self._texts[db.vendor] = (text, text.replace("%s", "?") if db.vendor == "sqlite"
                                      else text)
        return self._texts[db.vendor]


def _field(field: Field[Any, Any] | ForeignObjectRel | None) -> Field[Any, Any]:
    """A field named in our own SQL is a concrete one, never the reverse side of a relation."""
    return cast("Field[Any, Any]", field)


def _column(field: Field[Any, Any] | ForeignObjectRel | None) -> str:
    """The column of a concrete field (the stubs allow None for fields without one)."""
    return cast(str, _field(field).column)


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(_column(model._meta.get_field(name)))


def _run(query: str | Statement, params: Sequence[Any], rows: bool) -> Any:
    db = connections[DEFAULT_DB_ALIAS]
    if isinstance(query, Statement) and not db.queries_logged and not db.execute_wrappers:
        # Straight to the driver: Django's cursor wrapper costs more than the statement. Its
        # error translation (IntegrityError and the rest) and transaction checks stay; where
        # anyone watches the statements (logging, execute_wrapper), they go through Django.
        db.validate_no_broken_transaction()
        if db.connection is None:
            db.ensure_connection()
        with db.wrap_database_errors:
            cursor = db.connection.cursor()
            try:
                cursor.execute(query.texts(db)[1], params)
                return cursor.fetchall() if rows else cursor.rowcount
            finally:
                cursor.close()
    with db.cursor() as cursor:
        cursor.execute(query.texts(db)[0] if isinstance(query, Statement) else query, params)
        return cursor.fetchall() if rows else cursor.rowcount


def fetch(query: str | Statement, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = _run(query, params, rows=True)
    return rows


def execute(query: str | Statement, params: Sequence[Any] = ()) -> int:
    """Run a statement; the number of rows it changed."""
    count: int = _run(query, params, rows=False)
    return count


def for_update() -> str:
    """Row locks where the database has them (PostgreSQL); SQLite's IMMEDIATE transactions
    already hold the whole database for the writer."""
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


@cache
def _insert_all(model: type[Model]) -> tuple[Statement, list[Field[Any, Any]]]:
    meta = model._meta
    # A key the database numbers (AutoField) is left to it; any other key (a one-to-one
    # primary key) is written like the rest.
    fields = [f for f in meta.concrete_fields if f is not meta.auto_field]

    def build() -> str:
        quote = connection.ops.quote_name
        return (f"INSERT INTO {quote(meta.db_table)}"
                f" ({', '.join(quote(_column(f)) for f in fields)})"
                f" VALUES ({', '.join(['%s'] * len(fields))})")

    return Statement(build), fields


@cache
def _insert(model: type[Model]) -> tuple[Statement, list[Field[Any, Any]]]:
    """_insert_all's statement, giving back the new row's key."""
    statement, fields = _insert_all(model)
    return Statement(lambda: f"{statement.build()} RETURNING"
                             f" {connection.ops.quote_name(_column(model._meta.pk))}"), fields


@cache
def _update(model: type[Model], names: tuple[str, ...]) -> tuple[Statement, list[Field[Any, Any]]]:
    meta = model._meta
    fields = [_field(meta.get_field(name)) for name in names]

    def build() -> str:
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(_column(f))} = %s" for f in fields)
        return (f"UPDATE {quote(meta.db_table)} SET {assignments}"
                f" WHERE {quote(_column(meta.pk))} = %s")

    return Statement(build), fields


# Fields whose str, int and bool values the database takes as they are: the field's own
# adapter (get_db_prep_save, a dozen calls deep for a foreign key) is skipped for them.
_PLAIN = {"AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField",
          "EmailField", "ForeignKey", "IntegerField", "PositiveIntegerField",
          "PositiveSmallIntegerField", "SlugField", "SmallIntegerField", "TextField"}


@cache
def _plain(field: Field[Any, Any]) -> bool:
    return field.get_internal_type() in _PLAIN


def _adapt(field: Field[Any, Any], value: Any, db: BaseDatabaseWrapper) -> Any:
    if value is None or (type(value) in (str, int, bool) and _plain(field)):
        return value
    return field.get_db_prep_save(value, db)


def insert(obj: M) -> M:
    """INSERT every concrete field but the primary key; sets the new key on `obj`."""
    db = connections[DEFAULT_DB_ALIAS]
    query, fields = _insert(type(obj))
    values = [_adapt(f, f.pre_save(obj, True), db) for f in fields]
    obj.pk = fetch(query, values)[0][0]
    obj._state.adding = False
    obj._state.db = DEFAULT_DB_ALIAS
    return obj


def insert_all(objs: Sequence[Model]) -> int:
    """INSERT instances of one model whose new keys nobody reads back (index entries, facets,
    words). On SQLite one prepared statement run for each row (executemany): bulk_create builds
    and parses a statement per batch through the ORM, at 1.4 times the time for the demo's index.
    On PostgreSQL bulk_create itself, which sends each column as one array (UNNEST): a
    statement per row there costs twice as much. The number inserted."""
    if not objs:
        return 0
    db = connections[DEFAULT_DB_ALIAS]
    model = type(objs[0])
    if db.vendor == "postgresql":
        model._default_manager.bulk_create(objs)
        return len(objs)
    query, fields = _insert_all(model)
    with db.cursor() as cursor:
        cursor.executemany(query.texts(db)[0],
                           [[_adapt(f, f.pre_save(obj, True), db) for f in fields]
                            for obj in objs])
    return len(objs)


def insert_row(model: type[Model], values: dict[str, Any]) -> int:
    """INSERT one row given as attribute names and values, without building an instance;
    fields not named take their defaults. The new row's primary key."""
    db = connections[DEFAULT_DB_ALIAS]
    query, fields = _insert(model)
    row = [_adapt(f, values[f.attname] if f.attname in values else f.get_default(), db)
           for f in fields]
    key: int = fetch(query, row)[0][0]
    return key


@cache
def _insert_after_update(model: type[Model], other: type[Model],
                         names: tuple[str, ...]) -> Statement:
    insert_query, _ = _insert(model)
    update_query, _ = _update(other, names)
    return Statement(lambda: f"WITH updated AS ({update_query.build()}) {insert_query.build()}")


def insert_and_update(obj: M, other: Model, names: Sequence[str]) -> M:
    """`insert(obj)` and `update(other, names)`: in one statement where the database writes
    in a WITH (PostgreSQL, which pays a statement of its own for a row lock at a checkout);
    in two on SQLite. Either both happen or neither."""
    if connection.vendor != "postgresql":
        insert(obj)
        update(other, names)
        return obj
    db = connections[DEFAULT_DB_ALIAS]
    _, fields = _insert(type(obj))
    _, changed = _update(type(other), tuple(names))
    params = [*(_adapt(f, f.pre_save(other, False), db) for f in changed), other.pk,
              *(_adapt(f, f.pre_save(obj, True), db) for f in fields)]
    obj.pk = fetch(_insert_after_update(type(obj), type(other), tuple(names)), params)[0][0]
    obj._state.adding = False
    obj._state.db = DEFAULT_DB_ALIAS
    return obj


def update(obj: Model, names: Sequence[str]) -> None:
    """UPDATE the named fields of `obj` by its primary key."""
    db = connections[DEFAULT_DB_ALIAS]
    query, fields = _update(type(obj), tuple(names))
    values = [_adapt(f, f.pre_save(obj, False), db) for f in fields]
    execute(query, [*values, obj.pk])
