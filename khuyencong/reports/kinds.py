"""The summary report kinds, one registry for the page, the API and `khuyencong report` (issue: rooms).

Each kind names its module (`build(area, user=…, **params)`, `to_text(data)`), reads its parameters from
the values a caller has already validated, and says which day's boundaries the figures are rolled up by
when none is asked for: the rule was written once in each of the three callers before."""

from dataclasses import dataclass
from datetime import date
from types import ModuleType

from khuyencong.core import clock

from . import cluster_report, promotion_report
from .common import ReportArea, check_scope


@dataclass(frozen=True)
class ReportKind:
    code: str
    module: ModuleType

    def params(self, values):
        """The module's keyword arguments from validated values (a form's or serializer's, or options)."""
        if self.module is cluster_report:
            return {"as_of": values.get("as_of") or clock.today()}
        return {"from_year": values["from_year"], "to_year": values["to_year"]}

    def default_boundaries(self, params):
        """The units the figures are rolled up by when no date is asked for: those valid on the report's
        day (a cluster report's as-of date; the end of a promotion report's last year, or today)."""
        if self.module is cluster_report:
            return params["as_of"]
        return min(date(params["to_year"], 12, 31), clock.today())

    def area(self, province, boundaries, params, user=None):
        """The area asked for (`geography` raises UnitNotFound / AmbiguousUnit); with `user`, refused
        (OutsideScope) when outside their scope, never answered with empty figures."""
        area = ReportArea.resolve(province, boundaries or self.default_boundaries(params))
        if user is not None:
            check_scope(user, area)
        return area

    def build(self, area, params, user=None):
        """(data, text) for `area`, counting what `user` may see (everything without a user)."""
        extra = {"user": user} if user is not None else {}
        data = self.module.build(area, **params, **extra)
        return data, self.module.to_text(data)


KINDS = {
    "clusters": ReportKind("clusters", cluster_report),
    "promotion": ReportKind("promotion", promotion_report),
}
