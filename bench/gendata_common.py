"""Shared constants and helpers of the benchmark data generator (bench/gendata.py).

Sizes, batch size, the history reason, the name pools, and the small text/model helpers used by the
per-entity parts (gendata_places, gendata_clusters, gendata_projects).
"""

import unicodedata
from datetime import date

from django.apps import apps

BATCH = 2000
REASON = "khuyencong gendata"
FIRST_YEAR, LAST_YEAR = 2010, 2026
REFORM = date(2025, 7, 1)
M = 1_000_000

BASE = {
    "clusters": 2500,
    "tenants": 30000,
    "projects": 25000,
    "facilities": 100000,
    "investors": 1200,
    "survey_responses": 50000,
}

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Minh", "Nam"]
TRADES = [
    ("Chế biến cà phê", "cà phê rang xay"),
    ("Mây tre đan", "giỏ, thảm mây tre"),
    ("Cơ khí", "máy nông nghiệp"),
    ("Chế biến gỗ", "đồ gỗ nội thất"),
    ("Dệt may", "hàng may mặc"),
    ("Gốm sứ", "gốm mỹ nghệ"),
    ("Chế biến nông sản", "hạt điều, tiêu"),
    ("Vật liệu xây dựng", "gạch không nung"),
    ("Thực phẩm", "bánh kẹo, nước mắm"),
    ("Thủ công mỹ nghệ", "sơn mài, thêu ren"),
]
PLACE_WORDS = ["Bắc", "Nam", "Đông", "Tây", "Tân", "Phú", "Hòa", "An", "Thịnh", "Phước", "Thuận", "Long"]
TENANT_INDUSTRIES = ["Cơ khí", "Chế biến nông sản", "Dệt may", "Vật liệu xây dựng", "Chế biến gỗ", "Điện tử"]


def fold(text):
    from khuyencong.core.text import fold as _fold

    return _fold(text)


def nfc(text):
    return unicodedata.normalize("NFC", text)


def model(label):
    return apps.get_model(*label.split("."))
