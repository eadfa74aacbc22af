"""What `khuyencong backup` and `restore` carry: every concrete model except framework bookkeeping
that Django rebuilds itself (content types, permissions, sessions, admin log, task results)."""

from django.apps import apps
from django.core.management.color import no_style

SKIPPED_APPS = {"contenttypes", "sessions", "admin", "django_tasks_database"}
SKIPPED_MODELS = {"auth.Permission"}


def backed_up_models():
    """Models in dependency order (FK targets first), as Django's serializer sorts them."""
    from django.core.serializers import sort_dependencies

    app_list = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in SKIPPED_APPS or meta.label in SKIPPED_MODELS or meta.proxy or not meta.managed:
            continue
        app_list.setdefault(apps.get_app_config(meta.app_label), []).append(model)
    return sort_dependencies(app_list.items(), allow_cycles=True)


def reset_sequences(connection, models):
    """After inserting rows with explicit ids, move PostgreSQL sequences past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
