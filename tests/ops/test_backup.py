"""Backup and restore round trips on the configured database (SQLite or PostgreSQL)."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from ops.backup import BackupError, backup_restore
from tests.factories import SpaceFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _sample(tmp_path):
    user = UserFactory(email="keep.me@example.org", display_name="Keep Me")
    space = SpaceFactory(name="Backup Space")
    media = Path(settings.MEDIA_ROOT) / "designs" / "file.stl"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(b"solid backup\nendsolid backup\n")
    return user, space, media


def _archive_names(path):
    with tarfile.open(path) as archive:
        return set(archive.getnames())


@pytest.mark.django_db(transaction=True)
def test_sqlite_round_trip_restores_rows_and_media(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite backup API; the PostgreSQL round trip is tested below")
    user, _space, media = _sample(tmp_path)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    assert {"manifest.json", "database.sqlite3", "media/designs/file.stl"} <= _archive_names(
        archive
    )
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    User.objects.filter(pk=user.pk).delete()
    media.unlink()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert User.objects.get(pk=user.pk).display_name == "Keep Me"
    assert media.read_bytes().startswith(b"solid backup")


@pytest.mark.django_db(transaction=True)
def test_portable_dumpdata_round_trip_into_an_emptied_database(tmp_path):
    user, space, media = _sample(tmp_path)
    archive = tmp_path / "portable.tar.gz"
    call_command("backup", "--output", str(archive), "--method", "dumpdata", stdout=io.StringIO())
    assert "database.json" in _archive_names(archive)

    call_command("flush", "--noinput", verbosity=0)
    media.unlink()
    assert not User.objects.exists()
    call_command("restore", str(archive), stdout=io.StringIO())
    restored = User.objects.get(email="keep.me@example.org")
    assert restored.check_password("a-long-test-password-42")
    assert restored.emailaddress_set.get().verified
    from spaces.models import Space

    assert Space.objects.get(pk=space.pk).name == "Backup Space"
    assert media.exists()
    with pytest.raises(CommandError, match="already holds accounts"):
        call_command("restore", str(archive), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_postgres_round_trip_into_an_empty_database(postgres_only, tmp_path):
    _user, _space, _media = _sample(tmp_path)
    archive = tmp_path / "pg.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    assert "database.pgdump" in _archive_names(archive)

    db = settings.DATABASES["default"]
    empty = f"makerhub_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{empty}"')
    try:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{empty}"
        env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "restored-media")}
        env["DJANGO_SETTINGS_MODULE"] = "makerhub.settings.dev"
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        check = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from accounts.models import User; print(User.objects.get(email='keep.me@example.org').display_name)",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert check.stdout.strip().endswith("Keep Me"), check.stderr
        assert (tmp_path / "restored-media" / "designs" / "file.stl").exists()
        again = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')


def test_restore_refuses_archives_with_path_traversal(tmp_path):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        manifest = json.dumps({"format": 1, "method": "sqlite", "database_file": "x"}).encode()
        for name, data in [("manifest.json", manifest), ("../../escape.txt", b"x")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="unsafe entry"):
        backup_restore(archive_path=archive)
    assert not (tmp_path.parent / "escape.txt").exists()
