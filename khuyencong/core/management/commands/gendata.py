"""`khuyencong gendata --scale 1 --seed 42`: the synthetic national dataset of the benchmarks (bench/).

A thin wrapper over `bench/gendata.py` (kept outside the installed package, in the repository's bench/
folder, so no app depends on it). Run it on a throw-away database after `khuyencong setup`; it refuses a
database that already holds clusters or đề án. See docs/performance.md.
"""

import sys
import time
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from khuyencong.core.audit import acting_as

BENCH_DIR = Path(__file__).resolve().parents[4] / "bench"


def load_generator():
    if not (BENCH_DIR / "gendata.py").exists():
        raise CommandError(f"bench/gendata.py not found (looked in {BENCH_DIR}); run from a source checkout")
    if str(BENCH_DIR.parent) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR.parent))
    from bench.gendata import Generator

    return Generator


class Command(BaseCommand):
    help = "Generate the synthetic national benchmark dataset (deterministic from --seed, sized by --scale)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 = national size (DOMAIN §2.11, §3.10)"
        )
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--force", action="store_true", help="add to a database that already has data")

    def handle(self, *args, scale, seed, force, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive")
        has_data = (
            apps.get_model("clusters", "Cluster").objects.exists()
            or apps.get_model("programs", "Project").objects.exists()
        )
        if has_data and not force:
            raise CommandError(
                "Cơ sở dữ liệu đã có dữ liệu; chỉ sinh dữ liệu trên CSDL thử. / "
                "The database already holds data; generate only into a throw-away database (or --force)."
            )
        generator_class = load_generator()
        log = self.stdout.write if options["verbosity"] > 1 else None
        started = time.perf_counter()
        with acting_as(None, reason="khuyencong gendata"):
            counts = generator_class(scale=scale, seed=seed, log=log).run()
        for label, rows in sorted(counts.items()):
            self.stdout.write(f"{label}: {rows}")
        self.stdout.write(
            self.style.SUCCESS(f"OK {sum(counts.values())} rows in {time.perf_counter() - started:.1f} s")
        )
