"""PostgreSQL: a stored, generated tsvector column (German configuration) with a GIN index.

The column is computed by PostgreSQL on every insert and update (bulk inserts and raw SQL
included), so ranking reads it instead of re-parsing every matching row's text. It is not a
model field: Django never writes it. SQLite has no such column; the library searches with
icontains there."""

from django.db import migrations

DOCUMENT = (
    "to_tsvector('german'::regconfig, "
    "coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || "
    "coalesce(tags, '') || ' ' || coalesce(description, ''))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS designs_design_search_gin")
    schema_editor.execute(
        "ALTER TABLE designs_design ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS designs_design_search_vector_gin "
        "ON designs_design USING GIN (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS designs_design_search_vector_gin")
    schema_editor.execute("ALTER TABLE designs_design DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS designs_design_search_gin "
        f"ON designs_design USING GIN ({DOCUMENT})"
    )


class Migration(migrations.Migration):
    dependencies = [("designs", "0003_file_fits_machines")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
