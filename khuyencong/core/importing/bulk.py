"""Bulk writes for large imports: rows go to the database without model instances or per-field compiling.

`insert_rows(model, rows)` inserts plain dicts (attribute name → value) the way `bulk_create` would store
the same instances: fields a row leaves out take their default, `auto_now`/`auto_now_add` fields the time
of the call. Values are passed as the database takes them (str, int, bool, None as they are; dates,
datetimes and decimals are prepared by their field). On PostgreSQL the rows go through one COPY, elsewhere
one `executemany` of a prepared INSERT. `insert_select(model, queryset, values)` writes one row per record
of `queryset` with one INSERT … SELECT inside the database (e.g. a log row per just-inserted record).

Like `bulk_create`, neither calls `save()` nor sends signals, and neither returns ids: the caller does
what `save()` would (normalised text, search keys) and finds the records again by a natural key.
"""

from django.db import connections, router
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone

# Field types whose values the database drivers take as Python gives them (str, int, bool, None).
PLAIN_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallAutoField",
        "SmallIntegerField",
        "TextField",
    }
)


class Col:
    """In `insert_select`: the value of the source record's field `name` (an attribute name)."""

    def __init__(self, name):
        self.name = name


def with_values(queryset, name, values):
    """`queryset.filter(<name>__in=values)` for a batch of thousands of plain values (codes, ids), as one
    `IN (%s, …)` without Django preparing each value as a lookup parameter (most of such a query's cost)."""
    values = list(values)
    if not values:
        return queryset.none()
    meta = queryset.model._meta
    field = meta.get_field(name)
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    column = f"{quote(meta.db_table)}.{quote(field.column)}"
    if connection.vendor == "postgresql":  # one array parameter: no query of thousands of placeholders
        return queryset.filter(RawSQL(f"{column} = ANY(%s)", [values], output_field=BooleanField()))
    marks = ", ".join(["%s"] * len(values))
    return queryset.filter(RawSQL(f"{column} IN ({marks})", values, output_field=BooleanField()))


def _is_plain(field):
    target = field.target_field if field.is_relation else field
    return target.get_internal_type() in PLAIN_TYPES


def _constants(model, given, connection, now):
    """{field: prepared value} for the concrete fields not in `given` (the auto primary key excluded)."""
    constants = {}
    for field in model._meta.concrete_fields:
        if field.attname in given or (field.primary_key and field.auto_created) or field.generated:
            continue
        if field.primary_key and getattr(field, "db_returning", False):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        constants[field] = field.get_db_prep_save(value, connection)
    return constants


def insert_rows(model, rows, *, using=None):
    """Insert `rows` (a list of dicts with the same keys: attribute names) into `model`'s table."""
    if not rows:
        return 0
    using = using or router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    given = list(rows[0])
    fields = [meta.get_field(name) for name in given]
    for name, field in zip(given, fields, strict=True):
        if field.attname != name or not field.concrete:
            raise ValueError(f"{meta.label}.{name}: give concrete fields by attribute name")
    constants = _constants(model, set(given), connection, timezone.now())
    columns = [f.column for f in fields] + [f.column for f in constants]
    tail = tuple(constants.values())
    prepare = [(i, field) for i, field in enumerate(fields) if not _is_plain(field)]

    def values(row):
        out = [row[name] for name in given]
        for i, field in prepare:
            out[i] = field.get_db_prep_save(out[i], connection)
        return (*out, *tail)

    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", [values(r) for r in rows])  # noqa: S608
    return len(rows)


def insert_select(model, queryset, values, *, using=None):
    """One INSERT … SELECT: a `model` row per record of `queryset`, with `values` {attribute name: a
    constant or `Col(source attribute name)`}; other fields take their defaults (auto_now: now)."""
    using = using or router.db_for_write(model)
    connection = connections[using]
    meta, source = model._meta, queryset.model._meta
    quote = connection.ops.quote_name
    now = timezone.now()
    columns, selected, params = [], [], []
    for name, value in values.items():
        field = meta.get_field(name)
        columns.append(quote(field.column))
        if isinstance(value, Col):
            selected.append(f"src.{quote(source.get_field(value.name).column)}")
        else:
            selected.append("%s")
            params.append(field.get_db_prep_save(value, connection))
    for field, value in _constants(
        model, {meta.get_field(n).attname for n in values}, connection, now
    ).items():
        columns.append(quote(field.column))
        selected.append("%s")
        params.append(value)
    keys, key_params = queryset.order_by().values("pk").query.sql_with_params()
    pk = quote(source.pk.column)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(selected)} FROM {quote(source.db_table)} src WHERE src.{pk} IN ({keys})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *key_params))
        return cursor.rowcount
