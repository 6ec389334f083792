"""An index for the library sorted by downloads: ``ORDER BY downloads DESC, published_at
DESC`` over the published designs walks it and stops after a page, instead of sorting every
published design after a sequential scan (docs/designs.md, "Search").

Plain SQL that SQLite and PostgreSQL both understand. Like the search index (0004) it is not
in ``Design.Meta.indexes``: only these queries rely on it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("designs", "0007_file_lookup")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS designs_design_status_downloads_idx "
            "ON designs_design (status, downloads DESC, published_at DESC)",
            "DROP INDEX IF EXISTS designs_design_status_downloads_idx",
            elidable=False,
        )
    ]
