"""`khuyencong import FILE [--dry-run] [--user USERNAME] [--include-hidden] [--sheet KIND] [--errors-to OUT]`:
import a workbook (.xlsx, .xls; a .csv file with --sheet) (DESIGN §5); a refused file can be written back
as OUT (.xlsx) with its errors marked (core/importing/annotate.py)."""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from khuyencong.core.importing.annotate import write_errors_workbook
from khuyencong.core.importing.formats import FormatError
from khuyencong.imports.services import import_workbook


class Command(BaseCommand):
    help = (
        "Import a template workbook (.xlsx): the whole file is checked first; any error refuses it whole "
        "(nothing written, every problem listed, exit code 1). "
        "--dry-run only checks and says what would change."
    )
    # Django's system checks (URLs, templates, admin...) are for `khuyencong check` and the server; run
    # before every import they took about a second and a third of the command's memory.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--user",
            default=None,
            help="act as this user: history records them and their scope applies (default: system import)",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--include-hidden",
            action="store_true",
            help="import hidden rows and columns too (by default they are left out and listed)",
        )
        parser.add_argument(
            "--sheet",
            choices=["clusters", "tenants", "facilities", "projects"],
            default=None,
            help="for a .csv file: the kind of data it holds (read as that one sheet)",
        )
        parser.add_argument(
            "--errors-to",
            default=None,
            metavar="OUT.xlsx",
            help="if the file is refused, write it here (.xlsx) with a 'Lỗi' column and the bad cells marked",
        )

    def handle(
        self, *args, file, dry_run, user, format, include_hidden=False, sheet=None, errors_to=None, **options
    ):
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"Không có người dùng / no such user: {user}") from None
        try:
            with open(file, "rb") as handle:
                result = import_workbook(
                    handle,
                    actor=actor,
                    dry_run=dry_run,
                    filename=file,
                    include_hidden=include_hidden,
                    sheet=sheet,
                )
        except OSError as exc:
            raise CommandError(f"Không mở được tệp / cannot open the file: {exc}") from exc
        if format == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self._text(result)
        if not result.ok:
            if errors_to:
                self._errors_workbook(file, result, errors_to, format)
            sys.exit(1)

    def _errors_workbook(self, file, result, target, format):
        """Write the refused file with its errors marked to `target` (messages in both languages)."""
        data = result.as_json()
        if not any(issue["sheet"] and issue["row"] for issue in data["issues"]):
            self.stderr.write(
                "Không có lỗi nào nằm trong một dòng của tệp: không tạo tệp đánh dấu lỗi. / "
                "No error lies in a row of the file: no errors workbook written."
            )
            return
        try:
            write_errors_workbook(
                file,
                data["issues"],
                target,
                headers=data["headers"],
                language="en",
                error_count=data["error_count"],
            )
        except (OSError, FormatError) as exc:
            raise CommandError(f"Không ghi được tệp / cannot write the file {target}: {exc}") from exc
        line = f"Tệp có đánh dấu lỗi / errors marked in: {target}"
        (self.stderr if format == "json" else self.stdout).write(line)

    def _text(self, result):
        for line in result.errors():
            self.stdout.write(f"LỖI / ERROR: {line}")
        for line in result.warnings():
            self.stdout.write(f"Cảnh báo / Warning: {line}")
        if not result.ok:
            n = result.report.error_count
            self.stdout.write(
                f"Tệp bị từ chối: {n} lỗi, không ghi dữ liệu nào. / "
                f"File refused: {n} error(s), nothing was written."
            )
            return
        for line in result.summary_lines():
            self.stdout.write(line)
        if result.dry_run:
            self.stdout.write(
                f"Chạy thử: {result.rows} dòng hợp lệ, không ghi dữ liệu nào. / "
                f"Dry run: {result.rows} valid rows, nothing was written."
            )
        else:
            self.stdout.write(f"Đã nhập {result.rows} dòng. / Imported {result.rows} rows.")
