"""Issue #18 (7): list exports match the reports: headers through gettext in the user's language
(Vietnamese by default), money in triệu đồng named in the header, years without a thousands separator,
empty cells empty, and one label per choice across lists, reports and exports."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from khuyencong.clusters.choices import InvestorKind
from khuyencong.clusters.models import Cluster
from khuyencong.reports import output

from .factories import project

pytestmark = pytest.mark.django_db


def xlsx(response):
    content = b"".join(response.streaming_content)
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows())


def test_the_project_export_reads_like_the_report(client, personas, ref):
    project(personas.lam_dong, support=Decimal("89.61"), total=100, end_date=None, code="KCĐP-26-01")
    client.force_login(personas.lamdong)
    header, row = xlsx(client.get(reverse("programs:project-list") + "?export=xlsx"))
    headers = [c.value for c in header]
    cells = dict(zip(headers, row, strict=True))
    with translation.override("vi"):
        assert headers[0] == _("Code") == "Mã"  # Vietnamese by default
        support, year, end = _("State support (million VND)"), _("Plan year"), _("End")
        assert not [h for h in headers if h.endswith(("(VND)", "(đồng)"))]  # no column in đồng
    assert cells[support].value == 89.61  # triệu đồng, as the reports count
    assert cells[year].value == 2026 and cells[year].number_format in ("General", "0")
    assert cells[end].value is None  # an empty cell, not empty text

    english = client.get(reverse("programs:project-list") + "?export=csv", HTTP_ACCEPT_LANGUAGE="en")
    text = b"".join(english.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    assert "State support (million VND)" in header and "Start" in header
    assert row[header.index("Plan year")] == "2026" and row[header.index("End")] == ""


def test_one_label_per_investor_kind_in_the_cluster_export_and_the_report(client, personas):
    Cluster.objects.create(code="CCN-1", name="Lộc Sơn", province=personas.lam_dong)
    client.force_login(personas.lamdong)
    header, row = xlsx(client.get(reverse("clusters:list") + "?export=xlsx"))
    with translation.override("vi"):
        column = [c.value for c in header].index(_("Investor kind"))
        assert row[column].value == output.investor_label(InvestorKind.NONE) == str(InvestorKind.NONE.label)
