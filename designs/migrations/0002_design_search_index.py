"""Full-text search index for PostgreSQL ('german' configuration). SQLite has no such index;
the library falls back to a simple icontains search there."""

from django.db import migrations

SEARCH_DOCUMENT = (
    "to_tsvector('german'::regconfig, "
    "coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || "
    "coalesce(tags, '') || ' ' || coalesce(description, ''))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS designs_design_search_gin "
            f"ON designs_design USING GIN ({SEARCH_DOCUMENT})"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS designs_design_search_gin")


class Migration(migrations.Migration):
    dependencies = [("designs", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
