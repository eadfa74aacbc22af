import json
import shutil
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings

from khuyencong.core.backup import backed_up_models, reset_sequences


class Command(BaseCommand):
    help = "Restore a .zip written by `khuyencong backup` into an empty database (or with --replace)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--replace", action="store_true", help="delete all current records first")

    def handle(self, *args, file, replace, **options):
        source = Path(file)
        if not zipfile.is_zipfile(source):
            raise CommandError(f"Không phải tệp sao lưu / not a backup file: {source}")
        call_command("migrate", interactive=False, verbosity=0)
        with zipfile.ZipFile(source) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            models = backed_up_models()
            present = [m for m in models if m._default_manager.exists()]
            if present and not replace:
                names = ", ".join(m._meta.label for m in present[:5])
                raise CommandError(
                    f"Cơ sở dữ liệu không trống ({names}…); dùng --replace để thay thế. / "
                    "The database is not empty; use --replace to replace its records."
                )
            # The history rows are restored from the file: saving must not add new ones.
            with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                if replace:
                    call_command("flush", interactive=False, verbosity=0)
                for name in sorted(n for n in archive.namelist() if n.startswith("data/")):
                    for obj in serializers.deserialize(
                        "json", archive.read(name), handle_forward_references=True
                    ):
                        obj.save()
                reset_sequences(connection, models)
                counts = {m._meta.label: m._default_manager.count() for m in models}
                wrong = {k: (v, counts.get(k)) for k, v in manifest["counts"].items() if counts.get(k) != v}
                if wrong:
                    raise CommandError(f"Số bản ghi không khớp / record counts differ: {wrong}")
            media = Path(settings.MEDIA_ROOT)
            for name in archive.namelist():
                if name.startswith("media/") and not name.endswith("/"):
                    target = (media / name[len("media/") :]).resolve()
                    if media.resolve() not in target.parents:
                        raise CommandError(f"Đường dẫn không hợp lệ / unsafe path in backup: {name}")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(name) as src, open(target, "wb") as dst:
                        shutil.copyfileobj(src, dst)
        self.stdout.write(f"Đã khôi phục / restored {sum(counts.values())} bản ghi / records")
