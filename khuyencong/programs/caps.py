"""Support caps (DOMAIN §3.4): which versioned rule a đề án's state support breaks, and the one check that
refuses it when a đề án is approved or adjusted.

Two sources of caps, both dated rules with their legal source in data:
- `SupportCap`: the national levels (TT 28/2018/TT-BTC and its predecessors), loaded from
  `reference_data/programs/support_caps.json`;
- `ProvincialSupportCap`: a province's own levels for its local đề án, set by HĐND resolutions, kept by
  the province's officers.

`cap_errors(actor, project, ...)` is the rule: above a cap is refused unless the approver records an
exception with its legal basis (kept as `CapException` rows by `programs.services`). The approve and
adjust services call it, and `Project.domain_errors` calls it for a record written in an approved
state (API, import), so every path refuses alike.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.utils.translation import gettext as _

from khuyencong.core.formatting import vn_million, vn_number

from .choices import Level
from .models import ProvincialSupportCap, SupportCap


@dataclass(frozen=True)
class CapViolation:
    cap: object  # SupportCap or ProvincialSupportCap
    message: str

    @property
    def code(self):
        return self.cap.code

    @property
    def legal_source(self):
        return self.cap.legal_source


def reference_date(project):
    """Caps are read as they stood when the đề án started (or on 1 January of its plan year)."""
    return project.start_date or date(project.plan_year, 1, 1)


def caps_in_force(project, day=None):
    """Every cap that may bind `project` on `day`: the national ones and, for a local đề án, its
    province's own (HĐND resolutions)."""
    day = day or reference_date(project)
    caps = list(SupportCap.objects.select_related("category").valid_on(day))
    if project.level == Level.LOCAL and project.province_id:
        caps += list(ProvincialSupportCap.objects.filter(province_id=project.province_id).valid_on(day))
    return caps


def _beneficiary_count(project):
    count = getattr(project, "beneficiary_count", None)
    if count is None:
        count = project.beneficiaries.count() if getattr(project, "pk", None) else 0
    return max(int(count), 1)


def cap_violations(project, caps=None):
    """The caps `project` breaks on its reference date; `caps` may be preloaded (list pages)."""
    day = reference_date(project)
    if caps is None:
        caps = caps_in_force(project, day)
    support = Decimal(project.state_support_vnd or 0)
    found = []
    for cap in caps:
        if not cap.applies_to(project, day):
            continue
        if cap.max_amount_vnd is not None:
            limit = Decimal(cap.max_amount_vnd)
            if getattr(cap, "per_beneficiary", False):
                limit *= _beneficiary_count(project)
            if support > limit:
                found.append(
                    CapViolation(
                        cap,
                        _("State support %(support)s exceeds the cap of %(cap)s (%(rule)s, %(source)s).")
                        % {
                            "support": vn_million(support),
                            "cap": vn_million(limit),
                            "rule": cap.description,
                            "source": cap.legal_source,
                        },
                    )
                )
        if cap.max_share_percent is not None and project.total_cost_vnd:
            share = support * 100 / Decimal(project.total_cost_vnd)
            if share > cap.max_share_percent:
                found.append(
                    CapViolation(
                        cap,
                        _(
                            "State support is %(share)s %% of the total cost, above %(cap)s %% "
                            "(%(rule)s, %(source)s)."
                        )
                        % {
                            "share": vn_number(share, 1),
                            "cap": vn_number(cap.max_share_percent, None),
                            "rule": cap.description,
                            "source": cap.legal_source,
                        },
                    )
                )
    return found


def cap_errors(actor, project, *, exception_basis="", has_exception=False):
    """The refusal of `project`'s state support by the caps: {"state_support_vnd": [messages]}, empty when
    no cap is broken, or when the approver gives the legal basis of an exception (`exception_basis`)
    or one is already recorded for this version (`has_exception`).

    `actor` is the approver; the exception is theirs to record (the step's role check is the
    workflow's). `project` is a đề án or any object with its fields (a record being imported)."""
    violations = cap_violations(project)
    if not violations or (exception_basis or "").strip() or has_exception:
        return {}
    messages = [v.message for v in violations]
    messages.append(
        _(
            "Above a support cap the đề án is refused, unless the approver records an exception with "
            "its legal basis."
        )
    )
    return {"state_support_vnd": messages}


def record_view(record, instance=None):
    """A record being written (form, API, import values merged over the instance) as a đề án for the caps."""

    def pk(value):
        return getattr(value, "pk", value)

    beneficiaries = record["beneficiaries"]
    return SimpleNamespace(
        pk=None,
        level=record["level"],
        plan_year=record["plan_year"],
        start_date=record["start_date"],
        province_id=pk(record["province"]),
        category_id=pk(record["category"]),
        support_content=record["support_content"] or "",
        state_support_vnd=record["state_support_vnd"] or 0,
        total_cost_vnd=record["total_cost_vnd"] or 0,
        beneficiary_count=len(beneficiaries) if beneficiaries is not None else 0,
    )
