"""The organisation list's table (khuyencong/core/tables.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import formatting
from khuyencong.core.tables import DASH, Column, Table, label

from .choices import OrganisationKind


def _valid(org):
    return f"{formatting.vn_date(org.valid_from) or '…'} – {formatting.vn_date(org.valid_to) or _('now')}"


class OrganisationTable(Table):
    detail_url = "organisation-detail"
    columns = (
        Column(_l("Name"), lambda o: o.name, link=True, sort="name", order=["search_text"]),
        Column(_l("Kind"), lambda o: label(OrganisationKind, o.kind), sort="kind"),
        Column(
            _l("Province"),
            lambda o: (o.province.name or DASH) if o.province_id else DASH,
            sort="province",
            order=["province__search_text"],
        ),
        Column(_l("Valid"), _valid),
    )
