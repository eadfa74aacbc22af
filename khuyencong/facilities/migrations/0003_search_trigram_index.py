"""On PostgreSQL, a trigram index for the establishment search (`?q=`: `search_text LIKE '%ca phe%'`).

The search key is folded text (core.text.fold), matched anywhere in the string, which a B-tree index
cannot serve: without this, every search reads all establishments (100,000 in the national dataset,
docs/performance.md). pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create
it; where it cannot be created the search still works, unindexed, and the migration says so. SQLite
keeps its scan (the index is PostgreSQL-only, so the model does not declare it).
"""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)
INDEX = "facilities_search_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint: a refusal stays here
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON facilities_facility "
                "USING gin (search_text gin_trgm_ops)"
            )
    except Exception as exc:  # noqa: BLE001 - no extension rights: the search works without the index
        log.warning("pg_trgm not available (%s): the establishment search is not indexed", exc)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("facilities", "0002_list_order_indexes")]

    operations = [migrations.RunPython(create, drop)]
