"""Backup and restore: the database and the uploaded files in one ``.tar.gz`` archive.

Database, by engine: PostgreSQL with ``pg_dump --format=custom`` (restored with
``pg_restore``), SQLite with its online backup API (a consistent copy while the site runs),
or, with ``method="dumpdata"``, Django's portable JSON (restorable into either engine).
Media: every file under ``MEDIA_ROOT`` when files are on disk; object storage keeps its own
versions (docs/deployment.md).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    # Arguments come from settings, never from a request.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _database_name() -> str:
    return str(connection.settings_dict["NAME"])


def default_method() -> str:
    return {"postgresql": "pg_dump", "sqlite": "sqlite"}.get(connection.vendor, "dumpdata")


def _dump_database(method: str, folder: Path) -> str:
    if method == "pg_dump":
        if connection.vendor != "postgresql":
            raise BackupError("pg_dump needs PostgreSQL.")
        env, args = _pg_env_and_args()
        target = folder / "database.pgdump"
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", *args]
        command += ["--file", str(target), _database_name()]
        _run(command, env)
        return target.name
    if method == "sqlite":
        if connection.vendor != "sqlite":
            raise BackupError("The SQLite backup needs SQLite.")
        connection.ensure_connection()
        target = folder / "database.sqlite3"
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target.name
    if method == "dumpdata":
        target = folder / "database.json"
        with target.open("w", encoding="utf-8") as out:
            call_command(
                "dumpdata",
                "--natural-foreign",
                "--exclude=contenttypes",
                "--exclude=auth.permission",
                "--exclude=sessions",
                "--exclude=admin.logentry",
                stdout=out,
            )
        return target.name
    raise BackupError(f"Unknown method {method!r}: use pg_dump, sqlite or dumpdata.")


def _media_on_disk() -> bool:
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend.endswith("FileSystemStorage")


def backup_create(*, target: Path | None = None, method: str | None = None) -> Path:
    """Write the archive and return its path (``var/backups/makerhub-<time>.tar.gz`` unless
    ``target`` is given). The archive is written next to its final name and renamed, so a
    half-written archive never looks like a backup."""
    method = method or default_method()
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = target or Path(settings.VAR_DIR) / "backups" / f"makerhub-{stamp}.tar.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database_file = _dump_database(method, folder)
        media_root = Path(settings.MEDIA_ROOT)
        media_included = _media_on_disk() and media_root.is_dir()
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "method": method,
            "vendor": connection.vendor,
            "database_file": database_file,
            "media": media_included,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / "manifest.json", arcname="manifest.json")
            archive.add(folder / database_file, arcname=database_file)
            if media_included:
                archive.add(media_root, arcname="media")
        partial.replace(target)
    target.chmod(0o600)  # personal data: readable by the owner only
    return target


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Refusing the archive: unsafe entry {member.name!r}.")
        members.append(member)
    return members


def backup_restore(*, archive_path: Path, force: bool = False) -> dict[str, Any]:
    """Restore an archive into the configured database and MEDIA_ROOT.

    The database must be empty (no tables; for ``dumpdata`` archives: freshly migrated with
    no accounts) unless ``force`` is given. Raises BackupError with the reason otherwise."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(folder, members=_safe_members(archive))  # noqa: S202 - checked
        manifest = json.loads((folder / "manifest.json").read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError("Unknown archive format.")
        method = manifest["method"]
        database_file = folder / manifest["database_file"]
        if method == "pg_dump":
            if connection.vendor != "postgresql":
                raise BackupError("This archive needs PostgreSQL (it was made with pg_dump).")
            if not force and not _database_is_empty():
                raise BackupError("The database is not empty: restore into an empty database.")
            connection.close()
            env, args = _pg_env_and_args()
            options = ["--clean", "--if-exists"] if force else []
            command = [_tool("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error"]
            command += [*options, *args, "--dbname", _database_name(), str(database_file)]
            _run(command, env)
        elif method == "sqlite":
            if connection.vendor != "sqlite":
                raise BackupError("This archive needs SQLite; use a dumpdata archive to move.")
            if not force and not _database_is_empty():
                raise BackupError("The database is not empty: restore into an empty database.")
            connection.ensure_connection()
            source = sqlite3.connect(database_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        elif method == "dumpdata":
            call_command("migrate", "--noinput", verbosity=0)
            from django.contrib.auth import get_user_model

            if not force and get_user_model().objects.exists():
                raise BackupError("The database already holds accounts: use an empty one.")
            call_command("loaddata", str(database_file), verbosity=0)
        else:
            raise BackupError(f"Unknown method {method!r} in the archive.")
        if manifest.get("media") and (folder / "media").is_dir():
            media_root = Path(settings.MEDIA_ROOT)
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(folder / "media", media_root, dirs_exist_ok=True)
    return manifest
