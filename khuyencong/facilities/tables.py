"""The establishment list's table (khuyencong/core/tables.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import formatting
from khuyencong.core.tables import DASH, Column, Table, label

from .choices import FacilityKind


def _priority(facility):
    marks = []
    if facility.woman_owned:
        marks.append(_("woman owner"))
    if facility.employs_ethnic_minorities:
        marks.append(_("ethnic minorities"))
    return " ".join(marks)


class FacilityTable(Table):
    detail_url = "facilities:detail"
    empty = _l("No establishment recorded yet: collaborators' surveys and imports add them.")
    columns = (
        Column(_l("Name"), lambda f: f.name, link=True, sort="name", order=["search_text"]),
        Column(_l("Kind"), lambda f: label(FacilityKind, f.kind), sort="kind"),
        Column(_l("Commune"), lambda f: f.commune.name if f.commune_id else DASH),
        Column(_l("Province"), lambda f: f.province.name, sort="province", order=["province__search_text"]),
        Column(_l("Workers"), lambda f: formatting.vn_number(f.workers), sort="workers"),
        Column(_l("Priority"), _priority),
    )
