"""Who may receive khuyến công support, as a dated rule (DOMAIN §3.2).

Decree 45/2012 listed enterprises, cooperatives, cooperative groups and household businesses; from
15/10/2025 Decree 235/2025 adds unions of cooperatives, folk and excellent artisans and industrial
cluster infrastructure investors. The versions, their dates and legal sources are data in
`reference_data/facilities/beneficiary_kinds.json`.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from khuyencong.core.formatting import vn_date

from .choices import FacilityKind

RULES_FILE = Path(settings.BASE_DIR) / "reference_data" / "facilities" / "beneficiary_kinds.json"


@dataclass(frozen=True)
class EligibilityVersion:
    code: str
    valid_from: date
    valid_to: date | None
    legal_source: str
    kinds: frozenset

    def in_force(self, day):
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@lru_cache(maxsize=1)
def versions():
    rows = json.loads(RULES_FILE.read_text(encoding="utf-8"))["versions"]
    return tuple(
        EligibilityVersion(
            code=row["code"],
            valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
            legal_source=row["legal_source"],
            kinds=frozenset(row["kinds"]),
        )
        for row in rows
    )


def version_on(day):
    """The eligibility rule in force on `day`, or None before Decree 45/2012."""
    return next((v for v in versions() if v.in_force(day)), None)


def eligible_kinds(day):
    version = version_on(day)
    return version.kinds if version else frozenset()


def beneficiary_errors(beneficiaries, day):
    """{"beneficiaries": [message]} naming each beneficiary whose kind may not be supported on `day`."""
    from .models import Facility

    version = version_on(day)
    if version is None:
        return {}
    facilities = [b for b in beneficiaries if isinstance(b, Facility)]
    ids = [b for b in beneficiaries if not isinstance(b, Facility)]
    if ids:
        facilities += list(Facility.objects.filter(pk__in=ids))
    refused = [f for f in facilities if f.kind not in version.kinds]
    if not refused:
        return {}
    return {
        "beneficiaries": [
            _("%(name)s (%(kind)s) may not receive support on %(day)s under %(source)s.")
            % {
                "name": f.name,
                "kind": FacilityKind(f.kind).label,
                "day": vn_date(day),
                "source": version.legal_source,
            }
            for f in refused
        ]
    }
