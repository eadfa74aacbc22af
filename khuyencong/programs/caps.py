"""Support caps (DOMAIN §3.4): which versioned rule a đề án's state support breaks, if any."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from khuyencong.core.formatting import vn_million, vn_number

from .models import SupportCap


@dataclass(frozen=True)
class CapViolation:
    cap: SupportCap
    message: str


def cap_violations(project, caps=None):
    """The caps `project` breaks on its reference date; `caps` may be preloaded (list pages)."""
    if caps is None:
        caps = SupportCap.objects.select_related("category").valid_on(project.cap_reference_date)
    day = project.cap_reference_date
    support = Decimal(project.state_support_vnd or 0)
    found = []
    for cap in caps:
        if not cap.applies_to(project, day):
            continue
        if cap.max_amount_vnd is not None and support > cap.max_amount_vnd:
            found.append(
                CapViolation(
                    cap,
                    _("State support %(support)s exceeds the cap of %(cap)s (%(rule)s, %(source)s).")
                    % {
                        "support": vn_million(support),
                        "cap": vn_million(cap.max_amount_vnd),
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
