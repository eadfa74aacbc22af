"""Survey responses of the synthetic national dataset (bench/gendata.py, issue #8): `generate(...)`.

Called by `khuyencong gendata` through the hook `bench/gendata.py: survey_responses`, after the
establishments exist. At scale 1: 50,000 responses over 2025-07-01 … `now` (the field network started
with the 2025 reform), from one collaborator per province that has establishments: ~85 % about an
existing establishment (their answers are that establishment's registry values, sometimes updated),
the rest about a new one; 90 % need surveys, 10 % acceptance checks; most merged or reviewed, some
still received and a few conflicts. Everything is written with `bulk_create` in batches, with one
history row per record (`bulk_create_with_history`, reason "khuyencong gendata"), never per object.
Deterministic from `rng` (a random.Random the generator seeded).
"""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from khuyencong.core.text import fold, nfc

from .choices import ResponseStatus
from .models import Collaborator, SurveyForm, SurveyResponse

BATCH = 2000
REASON = "khuyencong gendata"
START = datetime(2025, 7, 1, tzinfo=UTC)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Hà", "Văn Hải", "Thị Lan", "Văn Minh", "Thị Nga"]
SUPPORT = ["machinery", "demonstration", "training", "trade_fair", "product_award"]
STATUSES = [
    (0.60, ResponseStatus.MERGED),
    (0.80, ResponseStatus.REVIEWED),
    (0.95, ResponseStatus.RECEIVED),
    (1.00, ResponseStatus.CONFLICT),
]


def _save(model, objs, now, counts):
    for start in range(0, len(objs), BATCH):
        bulk_create_with_history(
            objs[start : start + BATCH],
            model,
            batch_size=BATCH,
            default_change_reason=REASON,
            default_date=now,
        )
    label = model._meta.label
    counts[label] = counts.get(label, 0) + len(objs)
    counts[f"{label} (history)"] = counts.get(f"{label} (history)", 0) + len(objs)


def _status(rng):
    x = rng.random()
    return next(status for bound, status in STATUSES if x < bound)


def generate(*, rng, count, facilities_by_province, now):
    """Write `count` survey responses (and their collaborators); returns {label: rows written}."""
    from khuyencong.facilities.models import Facility

    counts = {}
    need = SurveyForm.objects.filter(code="need-survey").order_by("-version").first()
    check = SurveyForm.objects.filter(code="acceptance-check").order_by("-version").first()
    if need is None or count <= 0:
        return counts
    provinces = sorted(p for p, ids in facilities_by_province.items() if ids)
    if not provinces:
        return counts

    collaborators = []
    for province_id in provinces:
        full_name = nfc(f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}")
        phone = f"09{rng.randrange(10**8):08d}"
        collaborators.append(
            Collaborator(
                full_name=full_name,
                province_id=province_id,
                phone=phone,
                active_from=START.date(),
                search_text=f"{fold(full_name)} | {phone}",  # what Collaborator.save() computes
            )
        )
    _save(Collaborator, collaborators, now, counts)
    collaborator_of = {}
    for pk, province_id in (
        Collaborator.objects.filter(province_id__in=provinces).order_by("pk").values_list("pk", "province_id")
    ):
        collaborator_of.setdefault(province_id, pk)

    # Responses go to provinces in proportion to their establishments.
    weights = [len(facilities_by_province[p]) for p in provinces]
    chosen_provinces = rng.choices(provinces, weights=weights, k=count)
    picks = []
    for province_id in chosen_provinces:
        pool = facilities_by_province[province_id]
        picks.append((province_id, rng.choice(pool) if rng.random() < 0.85 else None))
    wanted = {facility_id for _province, facility_id in picks if facility_id}
    facts = {}
    fields = ("pk", "name", "kind", "commune_id", "industry", "products", "workers", "woman_owned")
    wanted = sorted(wanted)
    for start in range(0, len(wanted), 10_000):  # a bounded IN list: at scale 10 there are ~400,000
        for row in Facility.objects.filter(pk__in=wanted[start : start + 10_000]).values_list(*fields):
            facts[row[0]] = row
    span = max(1, int((now - START).total_seconds()))
    responses = []
    for number, (province_id, facility_id) in enumerate(picks, start=1):
        captured = START + timedelta(seconds=rng.randrange(span))
        fact = facts.get(facility_id)
        status = _status(rng)
        if check is not None and fact is not None and rng.random() < 0.10:
            form = check
            answers = {
                "equipment_installed": True,
                "equipment_running": rng.random() < 0.9,
                "serial_numbers": f"SN-{rng.randrange(10**6):06d}",
                "beneficiary_confirms": True,
                "note": "",
            }
        else:
            form = need
            workers = (fact[6] if fact and fact[6] is not None else rng.randint(2, 40)) + rng.choice(
                [0, 0, 1, -1]
            )
            wants = rng.random() < 0.6
            answers = {
                "facility_name": fact[1] if fact else f"Cơ sở mới {number}",
                "kind": fact[2] if fact else rng.choice(["household", "cooperative_group", "cooperative"]),
                "industry": (fact[4] if fact else "") or "Chế biến nông sản",
                "products": (fact[5] if fact else "") or "",
                "workers": max(1, workers),
                "woman_owned": bool(fact[7]) if fact else rng.random() < 0.3,
                "employs_ethnic_minorities": rng.random() < 0.2,
                "wants_support": wants,
            }
            if wants:
                support = rng.randint(50, 800)
                answers.update(
                    {
                        "support_kind": rng.choice(SUPPORT),
                        "estimated_cost_million": str(Decimal(support)),
                        "counterpart_million": str(Decimal(support * rng.randint(5, 20) // 10)),
                    }
                )
        responses.append(
            SurveyResponse(
                client_uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                form=form,
                collaborator_id=collaborator_of.get(province_id),
                facility_id=facility_id,
                province_id=province_id,
                commune_id=fact[3] if fact else None,
                answers=answers,
                accuracy_m=rng.randint(3, 60),
                captured_at=captured,
                status=status,
                reviewed_at=captured + timedelta(days=rng.randint(1, 20))
                if status in (ResponseStatus.MERGED, ResponseStatus.REVIEWED)
                else None,
            )
        )
    _save(SurveyResponse, responses, now, counts)
    return counts
