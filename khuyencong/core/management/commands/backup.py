import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand

from khuyencong.core import clock
from khuyencong.core.backup import backed_up_models

FORMAT_VERSION = 1


class Command(BaseCommand):
    help = "Write every record (with history) and every uploaded file to one .zip file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .zip file to write")

    def handle(self, *args, file, **options):
        target = Path(file)
        counts = {}
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            part = 0
            for model in backed_up_models():
                queryset = model._default_manager.order_by("pk")
                count = 0
                # Chunks of 5,000 rows, each its own member, in dependency order (data/000001.json, …).
                for start in range(0, queryset.count(), 5000):
                    chunk = list(queryset[start : start + 5000])
                    part += 1
                    payload = serializers.serialize("json", chunk, use_natural_foreign_keys=True)
                    archive.writestr(f"data/{part:06d}.json", payload)
                    count += len(chunk)
                counts[model._meta.label] = count
            media = Path(settings.MEDIA_ROOT)
            files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
            for path in files:
                archive.write(path, f"media/{path.relative_to(media)}")
            manifest = {
                "format": FORMAT_VERSION,
                "created": clock.now().isoformat(),
                "counts": counts,
                "media_files": len(files),
            }
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        total = sum(counts.values())
        self.stdout.write(f"{target}: {total} bản ghi / records, {len(files)} tệp / files")
