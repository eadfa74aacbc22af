"""The area a dashboard is about: a province by the boundaries of a date, or the whole country."""

from dataclasses import dataclass
from datetime import date

from khuyencong.core import clock
from khuyencong.core.scoping import ALL, GRANT_KIND, access_scope
from khuyencong.geography.models import AdminUnit
from khuyencong.reports.common import ReportArea


@dataclass(frozen=True)
class DashboardArea:
    """The province a dashboard is about (None: the whole country) and the boundaries date."""

    boundaries: date
    report_area: ReportArea | None = None

    @property
    def national(self):
        return self.report_area is None

    @property
    def province(self):
        return None if self.report_area is None else self.report_area.province

    def restrict(self, queryset, path="province_id"):
        """Records located in the province or in a unit it absorbed (all records when national)."""
        if self.report_area is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.report_area.province_ids})

    def list_params(self):
        """Query parameters that limit a cluster / đề án / plan list to this area."""
        return {} if self.report_area is None else {"within": self.province.pk}

    def as_json(self):
        data = {"national": self.national, "boundaries": self.boundaries.isoformat()}
        if self.report_area is not None:
            data["province"] = self.report_area.as_json()
        return data


def sees_everything(user):
    scope = access_scope(user)
    return scope.superuser or any(GRANT_KIND[grant.role] == ALL for grant in scope.grants)


def default_province(user):
    """The one province of a province officer / promotion centre, or None (central, several, none)."""
    if sees_everything(user):
        return None
    ids = set(
        user.role_assignments.active()
        .filter(province__isnull=False)
        .values_list("province_id", flat=True)
        .distinct()
    )
    return AdminUnit.objects.get(pk=ids.pop()) if len(ids) == 1 else None


def resolve_area(user, province=None, boundaries=None):
    """The dashboard's area: the province named (code or name), else the user's own, else national.

    Raises geography.services.UnitNotFound / AmbiguousUnit for a name that matches no single province.
    """
    boundaries = boundaries or clock.today()
    if province:
        report_area = ReportArea.resolve(province, boundaries)
        # ReportArea may stand for the whole country ("VN"): that is the national dashboard.
        return DashboardArea(boundaries, report_area if report_area.province is not None else None)
    own = default_province(user)
    if own is None:
        return DashboardArea(boundaries)
    return DashboardArea(boundaries, ReportArea.resolve(own.code, boundaries))
