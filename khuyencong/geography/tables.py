"""The administrative unit search's table (khuyencong/core/tables.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import formatting
from khuyencong.core.tables import Column, Table, label

from .choices import Level


def _valid(unit):
    return f"{formatting.vn_date(unit.valid_from)} – {formatting.vn_date(unit.valid_to) or _('now')}"


class UnitTable(Table):
    detail_url = "geography:unit-detail"
    columns = (
        Column(_l("Code"), lambda u: u.code, sort="code"),
        Column(_l("Name"), lambda u: u.full_name, link=True, sort="name", order=["search_text"]),
        Column(_l("Level"), lambda u: label(Level, u.level)),
        Column(_l("Province"), lambda u: u.province.name if u.province_id else None),
        Column(_l("Valid"), _valid),
    )
