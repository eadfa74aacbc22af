"""Exports: what the list shows (scope and filters), typed cells, BOM, formula neutralisation, LibreOffice."""

import csv
import io
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

from khuyencong.accounts.tests.factories import OrganisationFactory
from khuyencong.core.exports import neutralise

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(personas):
    OrganisationFactory(
        name="Công ty Thuận An",
        province=personas.dak_nong,
        tax_code="6400123456",
        valid_from=date(2019, 3, 1),
    )
    OrganisationFactory(name='=HYPERLINK("http://evil")', province=personas.lam_dong)
    OrganisationFactory(name="Công ty Hà Nội", province=personas.ha_noi)


@pytest.mark.parametrize("text", ["=1+1", "+84", "-5", "@SUM(A1)", "\t=x"])
def test_neutralise_formula_prefixes(text):
    assert neutralise(text) == "'" + text
    assert neutralise("Thuận An") == "Thuận An"


def test_xlsx_export_follows_scope_and_filters(client, personas, orgs):
    client.force_login(personas.lamdong)
    response = client.get("/accounts/organisations/", {"q": "cong ty", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="to-chuc-')
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Tên"
    assert [row[0] for row in values[1:]] == ["Công ty Thuận An"]  # Hà Nội filtered by scope, "=…" by search
    assert values[1][4].date() == date(2019, 3, 1) and sheet.cell(2, 5).number_format == "dd/mm/yyyy"


def test_csv_export_has_bom_and_neutralised_cells(client, personas, orgs):
    client.force_login(personas.lamdong)
    response = client.get("/accounts/organisations/", {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    names = [row[0] for row in table[1:]]
    assert '\'=HYPERLINK("http://evil")' in names and "Công ty Hà Nội" not in names
    assert [table[names.index("Công ty Thuận An") + 1][i] if i != 1 else "Tỉnh" for i in range(6)] == [
        "Công ty Thuận An",
        "Tỉnh",
        "Tỉnh Đắk Nông",
        "6400123456",
        "01/03/2019",
        "",
    ]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_exported_xlsx_opens_in_libreoffice(client, personas, orgs, tmp_path):
    client.force_login(personas.lamdong)
    response = client.get("/accounts/organisations/", {"export": "xlsx"})
    source = tmp_path / "orgs.xlsx"
    source.write_bytes(b"".join(response.streaming_content))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    rows = list(csv.reader((tmp_path / "orgs.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][0] == "Tên"
    thuan_an = next(row for row in rows if row[0] == "Công ty Thuận An")
    assert thuan_an[3] == "6400123456" and thuan_an[4] in {"01/03/2019", "2019-03-01", "03/01/2019"}
