"""The khuyến công results report filled from the records, and what every periodic form shares.

The cluster forms Biểu 01–04 of TT 14/2024 are in reports/tt14.py (line by line, with where each value
comes from). `build_promotion` returns plain JSON data (numbers as JSON numbers, dates as ISO text) so that a
submission can store it and freeze it when accepted; money in triệu đồng.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from khuyencong.clusters.choices import TenantStatus
from khuyencong.core.formatting import vnd_to_million
from khuyencong.programs.choices import APPROVED_STATES, Level, PaymentKind, Status
from khuyencong.programs.models import Payment, Project

from . import promotion_report
from .periods import ReportForm

TWO = Decimal("0.01")
LIVE_TENANTS = ~Q(status=TenantStatus.TERMINATED)


def _ha(value):
    return float(Decimal(value or 0).quantize(TWO))


def _million(vnd):
    value = vnd_to_million(vnd or 0)
    return int(value) if value == value.to_integral_value() else float(value)


# Indicators of the khuyến công results report (DOMAIN §3.9), in the order a report lists them.
PROMOTION_INDICATORS = [
    ("approved", "đề án"),
    ("carried_out", "đề án"),
    ("stopped", "đề án"),
    ("approved_support_million_vnd", "triệu đồng"),
    ("disbursed_million_vnd", "triệu đồng"),
    ("settled_million_vnd", "triệu đồng"),
    ("disbursement_rate_pct", "%"),
    ("counterpart_million_vnd", "triệu đồng"),
    ("trainees", "người"),
    ("models_built", "mô hình"),
    ("machines", "máy móc, thiết bị"),
    ("products", "sản phẩm"),
    ("booths", "gian hàng"),
]


def build_promotion(area, period):
    """Khuyến công results of the plan year: indicators for the national and the local programme."""
    projects = Project.objects.filter(
        province_id__in=area.province_ids, plan_year=period.year, status__in=APPROVED_STATES
    )
    carried = ~Q(status=Status.STOPPED)
    rows = {
        row["level"]: row
        for row in projects.values("level").annotate(
            approved=Count("pk"),
            stopped=Count("pk", filter=Q(status=Status.STOPPED)),
            approved_support=Sum("state_support_vnd"),
            counterpart=Sum("counterpart_vnd", filter=carried),
            trainees=Sum("trainees", filter=carried),
            models_built=Sum("models_built", filter=carried),
            machines=Sum("machines", filter=carried),
            products=Sum("products", filter=carried),
            booths=Sum("booths", filter=carried),
        )
    }
    money = defaultdict(int)
    payments = (
        Payment.objects.filter(project__in=projects, paid_on__lte=period.end)
        .values("project__level", "kind")
        .annotate(total=Sum("amount_vnd"))
    )
    for row in payments:
        money[(row["project__level"], row["kind"])] += row["total"] or 0
    levels = {}
    for level in Level.values:
        row = rows.get(level, {})
        approved_vnd = row.get("approved_support") or 0
        disbursed = money[(level, PaymentKind.ADVANCE)] + money[(level, PaymentKind.DISBURSEMENT)]
        levels[level] = {
            "approved": row.get("approved", 0),
            "carried_out": row.get("approved", 0) - row.get("stopped", 0),
            "stopped": row.get("stopped", 0),
            "approved_support_million_vnd": _million(approved_vnd),
            "disbursed_million_vnd": _million(disbursed),
            "settled_million_vnd": _million(money[(level, PaymentKind.SETTLEMENT)]),
            "disbursement_rate_pct": float((Decimal(disbursed) * 100 / approved_vnd).quantize(TWO))
            if approved_vnd
            else None,
            "counterpart_million_vnd": _million(row.get("counterpart")),
            "trainees": row.get("trainees") or 0,
            "models_built": row.get("models_built") or 0,
            "machines": row.get("machines") or 0,
            "products": row.get("products") or 0,
            "booths": row.get("booths") or 0,
        }
    return {
        "form": ReportForm.PROMOTION.value,
        "period": period.as_json(),
        "province": area.as_json(),
        "indicators": [{"key": key, "unit": unit} for key, unit in PROMOTION_INDICATORS],
        **levels,
        "text": promotion_report.to_text(
            promotion_report.build(area, from_year=period.year, to_year=period.year)
        ),
    }


def build(form, area, period):
    """The figures of the khuyến công results report for `area` and `period`."""
    if ReportForm(form) != ReportForm.PROMOTION:
        raise ValueError(form)
    return build_promotion(area, period)


def headline(data):
    """The few totals that the submissions overview and the comparison with live figures show."""
    if data["form"] == ReportForm.PROMOTION:
        return {
            f"{level}.{key}": data[level][key]
            for level in Level.values
            for key, _unit in PROMOTION_INDICATORS
        }
    return dict(data["totals"])


def differences(frozen, live):
    """Totals whose live value differs from the frozen one: [{key, frozen, live}]."""
    old, new = headline(frozen), headline(live)
    keys = list(old) + [key for key in new if key not in old]
    return [
        {"key": key, "frozen": old.get(key), "live": new.get(key)}
        for key in keys
        if old.get(key) != new.get(key)
    ]
