"""The provinces' own support caps as a list table (khuyencong/core/tables.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import formatting
from khuyencong.core.tables import DASH, Column, Table


def _limit(cap):
    parts = []
    if cap.max_share_percent is not None:
        parts.append(f"{formatting.vn_number(cap.max_share_percent, None)} %")
    if cap.max_amount_vnd is not None:
        amount = formatting.million(cap.max_amount_vnd)
        parts.append(f"{amount} / {_('beneficiary')}" if cap.per_beneficiary else str(amount))
    return " · ".join(parts) or DASH


def _validity(cap):
    end = formatting.vn_date(cap.valid_to) if cap.valid_to else "…"
    return f"{formatting.vn_date(cap.valid_from)} – {end}"


class ProvincialSupportCapTable(Table):
    """The provinces' own support levels (HĐND resolutions)."""

    detail_url = "programs:provincial-cap-update"
    columns = (
        Column(_l("Province"), lambda c: c.province.name),
        Column(_l("Description"), lambda c: c.description, link=True),
        Column(_l("Content"), lambda c: c.category.name if c.category_id else DASH),
        Column(_l("Support content"), lambda c: c.get_content_display() or DASH),
        Column(_l("Maximum"), _limit),
        Column(
            _l("Resolution"), lambda c: f"{c.resolution_number} ({formatting.vn_date(c.resolution_date)})"
        ),
        Column(_l("In force"), _validity),
    )
