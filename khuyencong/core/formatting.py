"""Vietnamese number, money, area and date formatting that does not depend on the active locale.

Reports and CLI output use these so that "7.040 triệu đồng", "89,61 ha" and "16/05/2025" come out
the same in a management command, a PDF and a page. Templates use the filters in `templatetags/vn.py`.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from khuyencong.core import clock

MILLION = Decimal(1_000_000)


def vn_number(value, decimals=0):
    """Format a number the Vietnamese way: '.' groups thousands, ',' separates decimals.

    `decimals=None` keeps the significant decimals of the value (89.61 → "89,61", 825 → "825").
    """
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is None:
        number = number.normalize()
        exponent = number.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    if decimals:
        text = f"{text},{fraction}"
    return sign + text


def vnd_to_million(amount_vnd):
    """Convert an amount in đồng to triệu đồng (Decimal)."""
    return Decimal(amount_vnd or 0) / MILLION


def vn_million(amount_vnd, decimals=None):
    """'7.040 triệu đồng' from an amount in đồng."""
    return f"{vn_number(vnd_to_million(amount_vnd), decimals)} triệu đồng"


def million(amount_vnd, decimals=None):
    """The amount in million đồng with its unit in the reader's language, for pages ('7.040 triệu đồng',
    '7.040 million VND'); official documents and CLI output keep `vn_million`."""
    return gettext("%(amount)s million VND") % {"amount": vn_number(vnd_to_million(amount_vnd), decimals)}


def vn_area(hectares, decimals=None):
    """'89,61 ha' from an area in hectares."""
    return f"{vn_number(hectares, decimals)} ha"


def vn_document_date(day):
    """'ngày 05 tháng 01 năm 2026', 'ngày 16 tháng 5 năm 2025': the date line of an official document.

    Decree 30/2020/NĐ-CP, Appendix I: a leading zero only for days below 10 and for months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_date(value):
    """'16/05/2025' from a date or datetime."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = clock.local_date(value)  # Vietnam's day of a stored timestamp
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)
