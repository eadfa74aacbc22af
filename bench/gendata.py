"""Synthetic national dataset for the benchmarks: deterministic from a seed, sized by a scale factor.

Called by `khuyencong gendata --scale S --seed N` (khuyencong/core/management/commands/gendata.py), after
`khuyencong setup` has loaded the administrative units (63 former and 34 current provinces) and the
reference data. Everything is written with `bulk_create` in batches, and every audited model gets its
history rows through django-simple-history's `bulk_create_with_history` (one "+" row per record, actor
none, reason "khuyencong gendata"), never through a per-object save. Computed columns that `save()`
would fill (NFC names, folded `search_text`, `name_key`, occupancy, the cluster's derived status) are
filled here the same way, the status by `clusters.services.state_as_of` itself.

Sizes at scale 1 (DOMAIN §2.11 and §3.10; each count is multiplied by the scale):
- 2,500 clusters over the 63 former provinces (20–100 per merged province, skewed), each with its plan
  decision; ~45 % established (and ~30 % with a detailed plan, ~28 % operating), with investor
  assignments, land records (occupancy around 65 %) and the wastewater plant of operating clusters;
- 30,000 tenant projects in the established clusters (10–20 per operating cluster);
- 100,000 rural industrial establishments in the communes of their province;
- 25,000 đề án over 2010–2026 (more each year), ~30 % national; annual plans and programmes; support
  100–1,000 triệu đồng (log-normal), counterpart 0.5–2× support; status by age (old ones settled,
  accepted or stopped; recent ones in progress; 2026 partly still in preparation); status logs, the
  approved version 1 (plus adjustments), stop requests and payments (advance, disbursement, settlement);
  beneficiaries from the establishments of the same province;
- survey responses (50,000) only when the `khuyencong.surveys` app is installed: see `survey_responses`.

No other app imports this module; it reaches the models through `django.apps.apps` so it stays outside
the app dependency order (bench/ is not part of the installed package).

The generator is split by entity into sibling modules, mixed into `Generator` here: gendata_common
(sizes, constants, helpers), gendata_places (geography, organisations, facilities), gendata_clusters
(clusters and tenants) and gendata_projects (programmes, plans and đề án).
"""

import random
import time
from collections import defaultdict
from datetime import date

from django.apps import apps
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .gendata_clusters import ClustersMixin
from .gendata_common import (
    BASE,
    BATCH,
    FIRST_YEAR,
    GIVEN,
    LAST_YEAR,
    PLACE_WORDS,
    REASON,
    REFORM,
    SURNAMES,
    TENANT_INDUSTRIES,
    TRADES,
    M,
    fold,
    model,
    nfc,
)
from .gendata_places import PlacesMixin
from .gendata_projects import ProjectsMixin

__all__ = [
    "BASE",
    "BATCH",
    "FIRST_YEAR",
    "GIVEN",
    "LAST_YEAR",
    "M",
    "PLACE_WORDS",
    "REASON",
    "REFORM",
    "SURNAMES",
    "TENANT_INDUSTRIES",
    "TRADES",
    "Generator",
    "fold",
    "model",
    "nfc",
    "survey_responses",
]


class Generator(PlacesMixin, ClustersMixin, ProjectsMixin):
    """One run of the generator; `run()` returns {what: rows created} (history rows included)."""

    def __init__(self, *, scale=1.0, seed=42, log=None):
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.scale = scale
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.counts = defaultdict(int)
        self.today = date(2026, 11, 1)  # fixed, so that the dataset does not depend on the run date

    def n(self, key):
        return max(1, round(BASE[key] * self.scale))

    # -- writing ---------------------------------------------------------------------------------------

    def save(self, objs, label=None, history=True):
        """bulk_create `objs` in batches (with history rows when the model is audited); returns them."""
        if not objs:
            return objs
        cls = type(objs[0])
        label = label or cls._meta.label
        saved = []
        for start in range(0, len(objs), BATCH):
            chunk = objs[start : start + BATCH]
            if history and hasattr(cls, "history"):
                saved.extend(
                    bulk_create_with_history(
                        chunk, cls, batch_size=BATCH, default_change_reason=REASON, default_date=self.now
                    )
                )
                self.counts[f"{label} (history)"] += len(chunk)
            else:
                saved.extend(cls.objects.bulk_create(chunk, batch_size=BATCH))
        self.counts[label] += len(objs)
        return saved

    # -- the run ----------------------------------------------------------------------------------------

    def run(self):
        from django.utils import timezone

        self.now = timezone.now()
        started = time.perf_counter()
        with transaction.atomic():
            self.geography()
            self.organisations()
            self.log(f"geography and organisations: {time.perf_counter() - started:.1f} s")
            self.facilities()
            self.log(f"facilities: {time.perf_counter() - started:.1f} s")
            self.clusters()
            self.log(f"clusters: {time.perf_counter() - started:.1f} s")
            self.projects()
            self.log(f"đề án: {time.perf_counter() - started:.1f} s")
            survey_responses(self)
        return dict(self.counts)


# -- surveys -----------------------------------------------------------------------------------------


def survey_responses(generator):
    """LEAD: hook for the survey responses (50,000 at scale 1) of the `khuyencong.surveys` app.

    The app is being built in parallel; this generator runs only when it is installed, and calls that
    app's own `khuyencong.surveys.bench.generate(rng=..., count=..., facilities_by_province=..., now=...)`
    returning {label: rows}. Write that function next to the surveys models (bulk_create in batches,
    history with `bulk_create_with_history`), or replace this hook. Until then nothing is generated.
    """
    if not apps.is_installed("khuyencong.surveys"):
        return
    from importlib import import_module, util

    if util.find_spec("khuyencong.surveys.bench") is None:
        generator.log("surveys: khuyencong.surveys.bench.generate not found; no survey responses generated")
        return
    made = import_module("khuyencong.surveys.bench").generate(
        rng=generator.rng,
        count=generator.n("survey_responses"),
        facilities_by_province=generator.facilities_by_province,
        now=generator.now,
    )
    for label, rows in (made or {}).items():
        generator.counts[label] += rows
