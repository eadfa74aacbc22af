"""Province and national dashboards (issue 7 §1): figures aggregated in the database, each with its list.

Every figure is a COUNT or SUM grouped in SQL over the records the user may see (`visible_to`), limited
to the province asked for "by the boundaries of date D" (a `ReportArea`: today's Lâm Đồng includes the
former Đắk Nông and Bình Thuận; Đắk Nông asked with the boundaries of 30/06/2025 is Đắk Nông alone).
Nothing loops over records in Python, so the number of queries does not grow with the number of
clusters or đề án; Python only arranges the grouped rows (a few dozen at most).

Every figure carries `href`: the list page showing the records behind it, through the filters of
`clusters.filtersets` and `programs.filtersets` (`within` = a province and every unit it absorbed).

Entry points (also used by `bench/run.py`):
- `resolve_area(user, province=None, boundaries=None)` → `DashboardArea` (national when no province);
- `build(area, user, year=None)` → the whole dashboard as a dict;
- `province_grid(area, by_province_rows, figure)`: the tile-free grid map of the 34 provinces;
- the sections on their own: `cluster_section`, `promotion_section`, `by_province`, `map_points`,
  `collaborator_coverage`, `recommendations`. The last two return None while the `surveys` /
  `inspections` apps are not installed, and the template leaves the section out.
"""

from .area import DashboardArea, default_province, resolve_area, sees_everything
from .base import EFFECTIVE_STATUS, STATUS_COLOURS, TWO, cluster_area, link
from .chartjs import charts
from .clusters import OCCUPANCY_BUCKETS, cluster_section, clusters_by_status, tenant_figures
from .gridmap import province_grid
from .national import by_province, province_rollup
from .network import collaborator_coverage, recommendations
from .points import map_points
from .promotion import DISBURSED_KINDS, OVERDUE_LISTED, promotion_section

__all__ = [
    "DISBURSED_KINDS",
    "EFFECTIVE_STATUS",
    "OCCUPANCY_BUCKETS",
    "OVERDUE_LISTED",
    "STATUS_COLOURS",
    "TWO",
    "DashboardArea",
    "build",
    "by_province",
    "charts",
    "cluster_area",
    "cluster_section",
    "clusters_by_status",
    "collaborator_coverage",
    "default_province",
    "link",
    "map_points",
    "promotion_section",
    "province_grid",
    "province_rollup",
    "recommendations",
    "resolve_area",
    "sees_everything",
    "tenant_figures",
]


def build(area, user, year=None, today=None):
    """The whole dashboard for `area` as `user` sees it; `year` limits the promotion figures."""
    grouped = clusters_by_status(area, user)  # the status table and, nationally, the table by province
    return {
        "area": area.as_json(),
        "clusters": cluster_section(area, user, grouped),
        "promotion": promotion_section(area, user, year, today),
        "provinces": by_province(area, user, year, today, grouped),
        "collaborators": collaborator_coverage(area, user, today),
        "recommendations": recommendations(area, user, today),
        "points": map_points(area, user),
    }
