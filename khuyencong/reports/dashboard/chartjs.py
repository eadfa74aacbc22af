"""Chart.js-ready data of the dashboard's charts."""

from django.utils.translation import gettext_lazy as _

from .base import _million


def _short(label, length=40):
    """A long content-category name cut for a chart axis (the table next to it has the full name)."""
    text = str(label)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _axes(value, category, *, counts):
    """Axis titles, each naming its unit; `counts`: the values are whole numbers (ticks 0, 1, 2…, never
    0,5), which dashboard.js turns into Chart.js's `ticks.precision: 0`."""
    return {"value": str(value), "category": str(category), "integer": counts}


def charts(data):
    """Chart.js-ready data of the dashboard's charts (read by static/js/dashboard.js via json_script).

    Each chart repeats figures that the page also shows as a table with links. Every bar chart carries
    `axes`: its value axis titled with the unit (number of clusters, million VND), its category axis
    titled, and whether its values are counts.
    """
    clusters, promotion = data["clusters"], data["promotion"]
    return {
        "cluster-status": {
            "type": "doughnut",
            "labels": [str(row["label"]) for row in clusters["by_status"]],
            "datasets": [
                {
                    "label": str(_("Clusters")),
                    "data": [row["count"] for row in clusters["by_status"]],
                    "backgroundColor": [row["colour"] for row in clusters["by_status"]],
                }
            ],
            "links": [row["href"] for row in clusters["by_status"]],
        },
        "cluster-occupancy": {
            "type": "bar",
            "labels": [str(row["label"]) for row in clusters["occupancy"]["buckets"]],
            "datasets": [
                {
                    "label": str(_("Clusters")),
                    "data": [row["count"] for row in clusters["occupancy"]["buckets"]],
                    "backgroundColor": "#1e88e5",
                }
            ],
            "links": [row["href"] for row in clusters["occupancy"]["buckets"]],
            "axes": _axes(_("Number of clusters"), _("Share of industrial land leased (%)"), counts=True),
        },
        "promotion-money": {
            "type": "bar",
            "labels": [str(row["year"]) for row in promotion["by_year"]],
            "datasets": [
                {
                    "label": str(label),
                    "data": [_million(row[key]) for row in promotion["by_year"]],
                    "backgroundColor": colour,
                }
                for key, label, colour in (
                    ("budget_vnd", _("Plan budget assigned"), "#90caf9"),
                    ("support_vnd", _("State support of đề án carried out"), "#1e88e5"),
                    ("disbursed_vnd", _("Disbursed"), "#fb8c00"),
                    ("settled_vnd", _("Settled"), "#2e7d32"),
                )
            ],
            "links": [row["href"] for row in promotion["by_year"]],
            "axes": _axes(_("Money (million VND)"), _("Plan year"), counts=False),
        },
        "promotion-status": {
            "type": "bar",
            "indexAxis": "y",
            "labels": [str(row["label"]) for row in promotion["by_status"]],
            "datasets": [
                {
                    "label": str(_("Đề án")),
                    "data": [row["count"] for row in promotion["by_status"]],
                    "backgroundColor": "#3949ab",
                }
            ],
            "links": [row["href"] for row in promotion["by_status"]],
            "axes": _axes(_("Number of đề án"), _("Status"), counts=True),
        },
        "promotion-category": {
            "type": "bar",
            "indexAxis": "y",
            "labels": [_short(row["label"]) for row in promotion["by_category"]],
            "datasets": [
                {
                    "label": str(_("Đề án")),
                    "data": [row["count"] for row in promotion["by_category"]],
                    "backgroundColor": "#26a69a",
                }
            ],
            "links": [row["href"] for row in promotion["by_category"]],
            "axes": _axes(_("Number of đề án"), _("Content category"), counts=True),
        },
    }
