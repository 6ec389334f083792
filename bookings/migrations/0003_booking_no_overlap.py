"""PostgreSQL only: two active bookings of one machine never overlap in [start, blocked_until).

SQLite has no exclusion constraints; there the services' row lock on the machine serialises
writers (see docs/bookings.md)."""

from django.db import migrations

ACTIVE = "('confirmed', 'held', 'checked_in', 'no_show')"

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE bookings_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (
    machine_id WITH =,
    tstzrange(start, blocked_until, '[)') WITH &&
) WHERE (status IN {ACTIVE});
"""

DROP = "ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0002_booking_watch_feed")]

    operations = [migrations.RunPython(forwards, backwards)]
