from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="archive path (default: var/backups/)")
        parser.add_argument(
            "--method",
            choices=["pg_dump", "sqlite", "dumpdata"],
            help="default: pg_dump on PostgreSQL, sqlite on SQLite",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup_create(target=options["output"], method=options["method"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
