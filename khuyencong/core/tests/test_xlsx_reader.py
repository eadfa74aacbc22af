"""The fast .xlsx reader (core/importing/xlsx.py): its scanner (regular expressions) reads every sheet as its
expat reader does, and both as openpyxl does, on files written by openpyxl, XlsxWriter and by hand; what
the scanner does not recognise it leaves to expat, and what neither can read raises XlsxError."""

import io
import shutil
import subprocess
import uuid
import warnings
import zipfile
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from khuyencong.core.importing import xlsx
from khuyencong.core.importing.xlsx import FastWorkbook, XlsxError

VIETNAMESE = "Cụm công nghiệp Đắk Nông – Trạm XLNT tập trung ở Thuận An"
DECOMPOSED = "Cu\u0323m co\u0302ng nghie\u0323\u0302p"  # NFD, as some provincial tools write it
LONG = ("Đề án <khuyến công> & \"hỗ trợ\" 'máy móc'\n" * 600) + "🏭 end"  # < 32,767 (Excel's limit)
SPECIAL_TEXTS = [
    "a & <b> \"q\" 's' >",
    "line 1\nline 2\r\nline 3\rline 4",
    "  leading and trailing  ",
    " ",
    "\ttab",
    VIETNAMESE,
    DECOMPOSED,
    "emoji 🏭🇻🇳 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "&amp; written out",
    "]] and >",
    LONG,
]
NUMBERS = [0, 1, -1, 2026, -123456789, 10**15, 0.5, -0.25, 1e-05, 1.5e20, -3.75e-12, 3.141592653589793, 1e300]


def typed(rows):
    """Rows with each value's type beside it: 1 == 1.0 == True in Python, but a reader must not change
    one into another."""
    return [tuple((type(value).__name__, value) for value in row) for row in rows]


def trimmed(rows):
    """Rows without their trailing empty cells: openpyxl keeps a styled empty cell at the end of a row,
    the fast reader (like SheetReader) has no use for it."""
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(tuple(row))
    return out


def read_fast(path, min_row=1, scan=True):
    """({title: rows}, {title: why the scanner fell back to expat}) of every sheet."""
    workbook = FastWorkbook(path)
    try:
        rows, fallbacks = {}, {}
        for title in workbook.sheetnames:
            sheet = workbook[title]
            rows[title] = list(sheet._iter_rows(min_row, scan=scan))
            if sheet.fallback:
                fallbacks[title] = sheet.fallback
        return rows, fallbacks
    finally:
        workbook.close()


def read_openpyxl(path, min_row=1):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a date out of range, which openpyxl reads as #VALUE!
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = {}
            for title in workbook.sheetnames:
                sheet = workbook[title]
                sheet.reset_dimensions()
                rows[title] = trimmed(sheet.iter_rows(min_row=min_row, values_only=True))
            return rows
        finally:
            workbook.close()


def assert_same(path, min_row=1, scanned=True, openpyxl_too=True):
    """The scanner's rows are the expat reader's, value for value and type for type, and openpyxl's;
    `scanned`: the scanner read every sheet itself (it did not fall back)."""
    fast, fallbacks = read_fast(path, min_row)
    reference, _ = read_fast(path, min_row, scan=False)
    assert {t: typed(r) for t, r in fast.items()} == {t: typed(r) for t, r in reference.items()}
    if openpyxl_too:
        theirs = read_openpyxl(path, min_row)
        assert {t: typed(trimmed(r)) for t, r in fast.items()} == {t: typed(r) for t, r in theirs.items()}
    if scanned:
        assert fallbacks == {}
    else:
        assert fallbacks, "the scanner should have left this file to expat"
    return fast


# -- workbooks written by openpyxl and XlsxWriter ------------------------------------------------------


def openpyxl_workbook(path, write_only=False, epoch=None):
    workbook = openpyxl.Workbook(write_only=write_only)
    if epoch:
        workbook.epoch = epoch
    sheet = workbook.create_sheet("Dữ liệu") if write_only else workbook.active
    if not write_only:
        sheet.title = "Dữ liệu"
    sheet.append(["STT", "Tên", "Giá trị", "Ngày"])
    for i, text in enumerate(SPECIAL_TEXTS):
        sheet.append([i, text, NUMBERS[i % len(NUMBERS)], None, text[:5]])
    sheet.append(NUMBERS)
    sheet.append([True, False, "#N/A", "#DIV/0!", "#VALUE!", "TRUE", "1", "0.5", "=1+1", "=A1&B1"])
    sheet.append([None, None, "middle", None, None, "end"])  # empty cells before, between and after
    sheet.append([])
    sheet.append(
        [
            datetime(2024, 2, 29, 13, 45, 30),
            date(1999, 12, 31),
            time(6, 30),
            timedelta(days=1, hours=6),
            datetime(1900, 1, 1),
            datetime(1900, 3, 1),
            datetime(9999, 12, 31, 23, 59, 59),
        ]
    )
    formats = ["dd/mm/yyyy", "hh:mm", "yyyy-mm-dd hh:mm:ss", "[h]:mm:ss", "mmm yy", "0.00", "#,##0", "@"]
    if write_only:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for fmt in formats:
            cell = WriteOnlyCell(sheet, value=45351.75)
            cell.number_format = fmt
            cells.append(cell)
        sheet.append(cells)
    else:
        sheet.append([45351.75] * len(formats))
        for cell, fmt in zip(sheet[sheet.max_row], formats, strict=False):
            cell.number_format = fmt
        # Rows 30 and 33: gaps of missing rows; a lone cell far to the right.
        sheet.cell(row=30, column=3, value="after a gap")
        sheet.cell(row=33, column=40, value=7)
    second = workbook.create_sheet("Sheet 2")
    second.append(["only", 1])
    workbook.save(path)
    return path


@pytest.mark.parametrize("write_only", [False, True], ids=["normal", "write_only"])
def test_openpyxl_workbooks(tmp_path, write_only):
    rows = assert_same(openpyxl_workbook(tmp_path / "op.xlsx", write_only))["Dữ liệu"]
    assert rows[0] == ("STT", "Tên", "Giá trị", "Ngày")
    texts = [row[1] for row in rows[1 : 1 + len(SPECIAL_TEXTS)]]
    # A raw carriage return is a line feed once parsed, as XML has it.
    assert texts == [t.replace("\r\n", "\n").replace("\r", "\n") for t in SPECIAL_TEXTS]
    assert rows[1][3:] == (None, SPECIAL_TEXTS[0][:5])
    assert rows[1 + len(SPECIAL_TEXTS)] == tuple(NUMBERS)
    assert [type(v) for v in rows[1 + len(SPECIAL_TEXTS)][:6]] == [int] * 6
    flags = rows[2 + len(SPECIAL_TEXTS)]
    assert flags[:8] == (True, False, "#N/A", "#DIV/0!", "#VALUE!", "TRUE", "1", "0.5")
    assert flags[8:] == ()  # formulas openpyxl wrote have no cached value: <v /> is an empty cell
    assert rows[3 + len(SPECIAL_TEXTS)] == (None, None, "middle", None, None, "end")
    assert rows[4 + len(SPECIAL_TEXTS)] == ()
    dates = rows[5 + len(SPECIAL_TEXTS)]
    assert dates[:4] == (
        datetime(2024, 2, 29, 13, 45, 30),
        datetime(1999, 12, 31),
        time(6, 30),
        timedelta(1.25),
    )
    formatted = rows[6 + len(SPECIAL_TEXTS)]
    assert formatted[0] == datetime(2024, 2, 29, 18, 0) and formatted[3] == timedelta(days=45351.75)
    assert formatted[5:] == (45351.75, 45351.75, 45351.75)
    if not write_only:
        assert rows[28] == () and rows[29] == (None, None, "after a gap") and rows[32][39] == 7
        assert len(rows) == 33


@pytest.mark.parametrize("write_only", [False, True], ids=["normal", "write_only"])
def test_openpyxl_1904_workbook(tmp_path, write_only):
    rows = assert_same(openpyxl_workbook(tmp_path / "mac.xlsx", write_only, CALENDAR_MAC_1904))["Dữ liệu"]
    assert rows[5 + len(SPECIAL_TEXTS)][0] == datetime(2024, 2, 29, 13, 45, 30)


def xlsxwriter_workbook(path, **options):
    workbook = xlsxwriter.Workbook(path, options)
    sheet = workbook.add_worksheet("Đề án")
    bold = workbook.add_format({"bold": True})
    formats = [
        workbook.add_format({"num_format": code})
        for code in ("dd/mm/yyyy", "hh:mm:ss", "yyyy-mm-dd hh:mm", "[h]:mm:ss", "d mmm yyyy", "0.00%")
    ]
    sheet.write_row(0, 0, ["STT", "Tên đề án", "Kinh phí"], bold)
    for i, text in enumerate(SPECIAL_TEXTS, start=1):
        sheet.write_number(i, 0, i)
        sheet.write_string(i, 1, text)
        sheet.write_number(i, 2, NUMBERS[i % len(NUMBERS)])
        sheet.write_string(i, 4, text)  # the same text again: one shared string
    row = len(SPECIAL_TEXTS) + 1
    for col, number in enumerate(NUMBERS):
        sheet.write_number(row, col, number)
    row += 1
    sheet.write_boolean(row, 0, True)
    sheet.write_boolean(row, 1, False)
    sheet.write_formula(row, 2, '=A1&"x"', None, 'STT & "x"')
    sheet.write_formula(row, 3, "=1/0", None, "#DIV/0!")
    sheet.write_formula(row, 4, "=NA()", None, "#N/A")
    sheet.write_formula(row, 5, "=1+1", None, 2)
    sheet.write_formula(row, 6, "=TRUE()", None, True)
    sheet.write_formula(row, 7, "=A1", None, " Vietnamese: Đắk Nông ")
    sheet.write_blank(row, 9, None, bold)  # a styled empty cell
    row += 1
    when = datetime(2024, 2, 29, 13, 45, 30)
    for col, fmt in enumerate(formats):
        sheet.write_datetime(row, col, when, fmt)
    for col, fmt in enumerate(formats):
        sheet.write_number(row + 1, col, 1.75, fmt)
    sheet.write_datetime(row + 2, 0, time(6, 30), formats[1])
    sheet.write_datetime(row + 2, 1, date(1900, 1, 1), formats[0])
    sheet.write_rich_string(row + 3, 0, "plain ", bold, "bold", " & <tail>")
    sheet.write_string(row + 20, 2, "after a gap of missing rows")
    sheet.write_number(row + 20, 30, -0.0001)
    other = workbook.add_worksheet("Khác")
    other.write_string(4, 1, "lone cell")
    workbook.close()
    return path


@pytest.mark.parametrize(
    "options",
    [{}, {"constant_memory": True}, {"date_1904": True}, {"constant_memory": True, "date_1904": True}],
    ids=["shared_strings", "inline_strings", "1904", "inline_1904"],
)
def test_xlsxwriter_workbooks(tmp_path, options):
    rows = assert_same(xlsxwriter_workbook(tmp_path / "xw.xlsx", **options))["Đề án"]
    texts = [row[1] for row in rows[1 : 1 + len(SPECIAL_TEXTS)]]
    # XlsxWriter writes a carriage return as _x000D_, which no reader here turns back.
    assert texts == [t.replace("\r", "_x000D_") for t in SPECIAL_TEXTS]
    assert rows[1 + len(SPECIAL_TEXTS)] == tuple(NUMBERS)
    flags = rows[2 + len(SPECIAL_TEXTS)]
    assert flags == (True, False, 'STT & "x"', "#DIV/0!", "#N/A", 2, True, " Vietnamese: Đắk Nông ")
    dates = rows[3 + len(SPECIAL_TEXTS)]
    assert dates[0] == dates[2] == dates[4] == datetime(2024, 2, 29, 13, 45, 30)
    assert type(dates[3]) is timedelta and type(dates[5]) is float  # a duration, a percentage
    assert rows[4 + len(SPECIAL_TEXTS)][3] == timedelta(days=1.75)
    assert rows[5 + len(SPECIAL_TEXTS)][0] == time(6, 30)
    assert rows[6 + len(SPECIAL_TEXTS)] == ("plain bold & <tail>",)
    assert rows[-1][2] == "after a gap of missing rows" and rows[-1][30] == -0.0001
    assert rows[-2] == ()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_workbooks_saved_by_libreoffice(tmp_path):
    """LibreOffice writes rows with many attributes, and its own styles and shared strings."""
    sources = [
        xlsxwriter_workbook(tmp_path / "xlsxwriter.xlsx"),
        openpyxl_workbook(tmp_path / "openpyxl.xlsx", epoch=CALENDAR_MAC_1904),
    ]
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex}"
    out = tmp_path / "out"
    subprocess.run(
        [
            shutil.which("soffice"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for source in sources:
        rows = assert_same(out / source.name)
        assert len(rows) == 2 and all(rows.values())


# -- hand-written parts -----------------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'styles" Target="styles.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
# Cell styles: 0 general, 1 a date (built-in 14), 2 a duration, 3 a time (built-in 20).
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/></numFmts>'
    '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
    '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="20" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)
SHARED = (
    f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="3" uniqueCount="3">'
    "<si><t>shared &amp; first</t></si>"
    '<si><r><t xml:space="preserve">rich </t></r><r><rPr><b/></rPr><t>run</t></r>'
    '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>'
    "<si><t>Đắk Nông</t></si></sst>"
)
PROLOG = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'


def handmade(path, sheet, prolog=PROLOG, epilog="</worksheet>"):
    """A workbook whose sheet part is `prolog` + `sheet` + `epilog` (`sheet` is usually <sheetData>)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/sharedStrings.xml", SHARED)
        data = sheet if isinstance(sheet, bytes) else (prolog + sheet + epilog).encode()
        archive.writestr("xl/worksheets/sheet1.xml", data)
    return path


def data(*rows):
    return "<sheetData>" + "".join(rows) + "</sheetData>"


def inline(ref, text, space=""):
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


# What the scanner reads itself: no namespace prefix, the markup programs write (and pretty-printed).
SCANNED = {
    "values": data(
        '<row r="1" spans="1:9">',
        inline("A1", "a &amp; &lt;b&gt; &quot;q&quot; &apos;s&apos; &#x1F3ED; &#233;&#xE9; &#13;x&#10;"),
        '<c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c>',
        '<c r="E1" t="n"><v>-12</v></c><c r="F1"><v>1.5E+20</v></c><c r="G1"><v>1e-05</v></c>',
        '<c r="H1" t="b"><v>1</v></c><c r="I1" t="b"><v>0</v></c></row>',
        '<row r="2"><c r="A2" t="e"><v>#N/A</v></c><c r="C2" t="str"><f>A1&amp;"x"</f><v>a&amp;x</v></c>',
        '<c r="D2" s="1"><v>45351</v></c><c r="E2" s="2"><v>1.5</v></c><c r="F2" s="3"><v>0.75</v></c>',
        '<c r="G2" s="1"/><c r="H2" t="str"><f t="shared" ref="H2:H3" si="0">G2</f><v></v></c>',
        '<c r="I2"><f>1+1</f><v /></c><c r="J2" t="d"><v>2024-02-29T13:45:30</v></c></row>',
        '<row r="4" spans="1:3" ht="20" customHeight="1"/>',
        '<row r="5"><c r="B5" t="inlineStr"><is><t xml:space="preserve">  spaced  </t></is></c>',
        '<c r="C5" t="inlineStr"><is/></c><c r="D5" t="inlineStr"><v>ignored</v></c>',
        '<c r="E5" t="inlineStr"><is><t></t></is></c><c r="F5" t="inlineStr"></c></row>',
    ),
    "rich_and_phonetic": data(
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Cụm </t></r><r><rPr><b/><sz val="11"/>'
        '<rFont val="Calibri"/></rPr><t xml:space="preserve">công nghiệp</t></r>'
        '<rPh sb="0" eb="1"><t>くむ</t></rPh><phoneticPr fontId="1" type="noConversion"/></is></c>',
        '<c r="B1" t="inlineStr"><is><t>plain</t><rPh sb="0" eb="2"><t>PH</t></rPh></is></c>',
        '<c r="C1" t="inlineStr"><is><r><t>a &amp; b</t></r><r><t/></r></is></c></row>',
    ),
    "no_references": data(
        '<row><c t="inlineStr"><is><t>first row, first cell</t></is></c><c><v>2</v></c>',
        '<c r="E1"><v>5</v></c><c><v>6</v></c></row>',
        "<row><c><v>1</v></c></row>",
        '<row r="7"><c r="C7"><v>3</v></c><c><v>4</v></c></row>',
        "<row><c/><c><v>8</v></c></row>",
    ),
    "pretty_printed": data(
        '\n  <row r="1">\n    <c r="A1"\n       t="inlineStr">\n      <is>\n        <t>x</t>\n      </is>\n',
        '    </c>\n    <c r="B1" t="s" >\n      <v>2</v>\n    </c>\n    <c  r="C1" s="1"\t>\n',
        '      <f  t="shared"  si="0" />\n      <v>45351.5</v>\n    </c>\n  </row >\n',
        '  <row r="3" />\n  <row r="4"><c r="A4"><v>\n1\n</v></c></row>\n',
    ),
    "out_of_order_and_duplicates": data(
        '<row r="3"><c r="D3"><v>4</v></c><c r="B3"><v>2</v></c><c r="D3"><v>44</v></c></row>',
        '<row r="9"><c r="AA9" s="0" t="n" cm="1"><v>10</v></c><c r="ZZZ9"><v>9</v></c></row>',
    ),
    "excel_like": data(
        '<row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>2</v></c>'
        '<c r="B1" t="str" cm="1"><f t="array" ref="B1" aca="false">SUM(A1)</f><v>0</v></c></row>',
        '<row r="2" spans="1:2" x14ac:dyDescent="0.25"><c r="A2"><f t="shared" ref="A2:B2" si="0">1+1</f>'
        '<v>2</v></c><c r="B2"><f t="shared" si="0"/><v>2</v></c></row>',
    ),
    "crlf": data('<row r="1">\r\n<c r="A1" t="inlineStr"><is><t>a\r\nb\rc&#13;&#xD;\n</t></is></c>\r</row>'),
}
EXCEL_PROLOG = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
    '<dimension ref="A1:B1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
)


@pytest.mark.parametrize("name", list(SCANNED))
def test_handmade_sheets_are_scanned(tmp_path, name):
    prolog = EXCEL_PROLOG if name == "excel_like" else PROLOG
    epilog = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    assert_same(handmade(tmp_path / f"{name}.xlsx", SCANNED[name], prolog, epilog + "</worksheet>"))


def test_handmade_values(tmp_path):
    rows = read_fast(handmade(tmp_path / "v.xlsx", SCANNED["values"]))[0]["S"]
    assert rows[0] == (
        "a & <b> \"q\" 's' 🏭 éé \rx\n",
        "shared & first",
        "rich run",  # phonetic runs dropped
        "Đắk Nông",
        -12,
        1.5e20,
        1e-05,
        True,
        False,
    )
    assert rows[1] == (
        "#N/A",
        None,
        "a&x",
        datetime(2024, 2, 29),
        timedelta(days=1.5),
        time(18, 0),
        None,  # a styled cell without a value
        None,  # an empty <v></v>
        None,  # <v />
        datetime(2024, 2, 29, 13, 45, 30),
    )
    assert rows[2] == () and rows[3] == ()
    assert rows[4] == (None, "  spaced  ", "", None, "")
    assert len(rows) == 5
    rich = read_fast(handmade(tmp_path / "r.xlsx", SCANNED["rich_and_phonetic"]))[0]["S"]
    assert rich == [("Cụm công nghiệp", "plain", "a & b")]
    positions = read_fast(handmade(tmp_path / "n.xlsx", SCANNED["no_references"]))[0]["S"]
    assert positions == [
        ("first row, first cell", 2, None, None, 5, 6),
        (1,),
        (),
        (),
        (),
        (),
        (None, None, 3, 4),
        (None, 8),
    ]
    crlf = read_fast(handmade(tmp_path / "c.xlsx", SCANNED["crlf"]))[0]["S"]
    assert crlf == [("a\nb\nc\r\r\n",)]


def test_rows_out_of_order_are_yielded_where_they_come(tmp_path):
    """A row numbered below the one before it is yielded in file order (openpyxl drops it): the scanner
    keeps the expat reader's behaviour."""
    sheet = data(
        '<row r="3"><c r="A3"><v>3</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>',
        '<row r="2"><c r="A2"><v>22</v></c></row><row><c r="A3"><v>33</v></c></row>',
    )
    rows = assert_same(handmade(tmp_path / "order.xlsx", sheet), openpyxl_too=False)["S"]
    assert rows == [(), (), (3,), (2,), (22,), (33,)]


# What the scanner leaves to expat, which reads it as openpyxl does.
LEFT_TO_EXPAT = {
    "namespace_prefix": (
        '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="' + MAIN + '">',
        '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>prefixed</x:t></x:is></x:c>'
        '<x:c r="B1"><x:v>2</x:v></x:c></x:row><x:row r="3"><x:c r="C3" t="s"><x:v>2</x:v></x:c></x:row>'
        "</x:sheetData>",
        "</x:worksheet>",
    ),
    "prefixed_cells_in_plain_sheet": (
        PROLOG.replace("<worksheet ", '<worksheet xmlns:x="' + MAIN + '" '),
        data('<row r="1"><c r="A1"><v>1</v></c><x:c r="B1"><x:v>2</x:v></x:c></row>'),
        "</worksheet>",
    ),
    "comment_between_cells": (
        PROLOG,
        data('<row r="1"><c r="A1"><v>1</v></c><!-- <c r="B1"><v>9</v></c> --><c r="C1"><v>3</v></c></row>'),
        "</worksheet>",
    ),
    "cdata": (
        PROLOG,
        data('<row r="1"><c r="A1" t="str"><v><![CDATA[a < b & c]]></v></c></row>'),
        "</worksheet>",
    ),
    "processing_instruction": (
        PROLOG,
        data('<row r="1"><c r="A1"><v>1</v></c></row><?app hint?><row r="2"><c r="A2"><v>2</v></c></row>'),
        "</worksheet>",
    ),
    "extension_in_cell": (
        PROLOG,
        data('<row r="1"><c r="A1"><v>1</v><extLst><ext uri="x"/></extLst></c></row>'),
        "</worksheet>",
    ),
    "type_before_style": (
        PROLOG,
        data('<row r="1"><c r="A1" t="n" s="1"><v>45351</v></c><c r="B1" t="s"><v>0</v></c></row>'),
        "</worksheet>",
    ),
    "single_quotes": (PROLOG, data("<row r='1'><c r='A1' t='s'><v>0</v></c></row>"), "</worksheet>"),
    "lower_case_reference": (PROLOG, data('<row r="1"><c r="b1"><v>1</v></c></row>'), "</worksheet>"),
    "four_letter_column": (PROLOG, data('<row r="1"><c r="AAAA1"><v>1</v></c></row>'), "</worksheet>"),
    "namespace_declared_on_a_row": (
        PROLOG,
        data('<row r="1" xmlns:y="urn:y" y:a="1"><c r="A1"><v>1</v></c></row>'),
        "</worksheet>",
    ),
    "doctype": (
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY co "công">]>'
        f'<worksheet xmlns="{MAIN}">',
        data('<row r="1"><c r="A1" t="str"><v>khuyến &co;</v></c></row>'),
        "</worksheet>",
    ),
    "latin1": (
        '<?xml version="1.0" encoding="ISO-8859-1"?>' + f'<worksheet xmlns="{MAIN}">',
        data('<row r="1"><c r="A1" t="str"><v>caf\xe9</v></c></row>'),
        "</worksheet>",
    ),
    "row_after_sheet_data": (
        PROLOG,
        data('<row r="1"><c r="A1"><v>1</v></c></row>'),
        '<extLst><row r="5"><c r="A5"><v>5</v></c></row></extLst></worksheet>',
    ),
    "cell_before_sheet_data": (
        PROLOG + '<sheetPr><c r="A1"><v>1</v></c></sheetPr>',
        data('<row r="1"><c r="B1"><v>2</v></c></row>'),
        "</worksheet>",
    ),
    "whitespace_in_attribute_value": (
        PROLOG,
        data('<row r="1"><c r="A1" s=" 1"><v>1</v></c></row>'),
        "</worksheet>",
    ),
}
# openpyxl refuses a DTD and column AAAA, reads only part of a Latin-1 file, and reads elements outside
# <sheetData> differently.
NOT_FOR_OPENPYXL = {
    "doctype",
    "latin1",
    "row_after_sheet_data",
    "cell_before_sheet_data",
    "four_letter_column",
}


@pytest.mark.parametrize("name", list(LEFT_TO_EXPAT))
def test_handmade_sheets_left_to_expat(tmp_path, name):
    prolog, sheet, epilog = LEFT_TO_EXPAT[name]
    if name == "latin1":
        path = handmade(tmp_path / "l.xlsx", (prolog + sheet + epilog).encode("latin-1"))
    else:
        path = handmade(tmp_path / f"{name}.xlsx", sheet, prolog, epilog)
    rows = assert_same(path, scanned=False, openpyxl_too=name not in NOT_FOR_OPENPYXL)["S"]
    expected = {
        "namespace_prefix": [("prefixed", 2), (), (None, None, "Đắk Nông")],
        "comment_between_cells": [(1, None, 3)],
        "cdata": [("a < b & c",)],
        "doctype": [("khuyến công",)],
        "latin1": [("café",)],
        "row_after_sheet_data": [(1,), (), (), (), (5,)],
        "type_before_style": [(datetime(2024, 2, 29), "shared & first")],
    }
    if name in expected:
        assert rows == expected[name]


BROKEN = {
    "invalid_character_reference": data('<row r="1"><c r="A1" t="str"><v>a&#0;</v></c></row>'),
    "character_reference_to_fffe": data('<row r="1"><c r="A1" t="str"><v>&#xFFFE;</v></c></row>'),
    "undefined_entity": data('<row r="1"><c r="A1" t="str"><v>a&nbsp;b</v></c></row>'),
    "bare_ampersand": data('<row r="1"><c r="A1" t="str"><v>a & b</v></c></row>'),
    "ampersand_in_formula": data('<row r="1"><c r="A1"><f>A2&B2</f><v>1</v></c></row>'),
    "control_character": data('<row r="1"><c r="A1" t="str"><v>a\x01b</v></c></row>'),
    "fffe_character": data('<row r="1"><c r="A1" t="str"><v>a\ufffeb</v></c></row>'),
    "cdata_end_in_text": data('<row r="1"><c r="A1" t="str"><v>a]]>b</v></c></row>'),
    "duplicate_attribute": data('<row r="1"><c r="A1" s="0" s="1"><v>1</v></c></row>'),
    "duplicate_ignored_attribute": data('<row r="1" ht="1" ht="2"><c r="A1"><v>1</v></c></row>'),
    "unbound_prefix": data('<row r="1" x14ac:dyDescent="0.25"><c r="A1"><v>1</v></c></row>'),
    "unclosed_row": data('<row r="1"><c r="A1"><v>1</v></c>', '<row r="2"><c r="A2"><v>2</v></c></row>'),
    "stray_lt": data('<row r="1"><c r="A1"><v>1</v></c>< <c r="B1"><v>2</v></c></row>'),
    "double_lt": data('<row r="1"><c r="A1"><v>1</v></c><<c r="B1"><v>2</v></c></row>'),
    "stray_end_tag": data('<row r="1"><c r="A1"><v>1</v></c></row></row>'),
    "bad_number": data('<row r="1"><c r="A1"><v>12abc</v></c></row>'),
    "shared_string_out_of_range": data('<row r="1"><c r="A1" t="s"><v>99</v></c></row>'),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_sheets_raise_xlsx_error_both_ways(tmp_path, name):
    path = handmade(tmp_path / f"{name}.xlsx", BROKEN[name])
    for scan in (True, False):
        with pytest.raises(XlsxError):
            read_fast(path, scan=scan)


def test_truncated_and_invalid_utf8_parts_raise_xlsx_error(tmp_path):
    good = (PROLOG + data('<row r="1"><c r="A1" t="str"><v>Đắk</v></c></row>') + "</worksheet>").encode()
    for name, part in {
        "truncated": good[:-5],
        "no_end_of_sheet_data": good[: good.index(b"</sheetData>")],
        "invalid_utf8": good.replace("Đắk".encode(), b"\xc3\x28"),
        "surrogate": good.replace("Đắk".encode(), b"\xed\xa0\x80"),
    }.items():
        path = handmade(tmp_path / f"{name}.xlsx", part)
        for scan in (True, False):
            with pytest.raises(XlsxError):
                read_fast(path, scan=scan)


# -- chunks ------------------------------------------------------------------------------------------

CHUNKED = data(
    *(
        f'<row r="{n}" spans="1:4"><c r="A{n}"><v>{n}</v></c>'
        + inline(f"B{n}", f"Đề án &amp; số {n} " + "ắ" * (n % 7))
        + f'<c r="C{n}" t="s"><v>{n % 3}</v></c><c r="D{n}" s="1"><v>{45000 + n}</v></c></row>'
        for n in range(1, 40)
    ),
    '<row r="41"><c r="A41" t="inlineStr"><is><r><t>rich</t></r>'
    '<rPh sb="0" eb="1"><t>x</t></rPh></is></c></row>',
    '<row r="42"/>',
    "<row>" + inline("A43", LONG.replace("&", "&amp;").replace("<", "&lt;")) + "</row>",
)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 11, 13, 64, 100, 1000, 1 << 16])
def test_rows_split_across_chunks_read_the_same(tmp_path, monkeypatch, size):
    path = handmade(tmp_path / "chunks.xlsx", CHUNKED, EXCEL_PROLOG, "</worksheet>")
    expected = read_fast(path, scan=False)[0]
    monkeypatch.setattr(xlsx, "_CHUNK_SIZE", size)
    rows, fallbacks = read_fast(path)
    assert fallbacks == {}
    assert typed(rows["S"]) == typed(expected["S"])
    assert len(rows["S"]) == 43 and rows["S"][42] == (LONG,) and rows["S"][40] == ("rich",)
    for min_row in (2, 40, 43, 50):
        assert typed(read_fast(path, min_row)[0]["S"]) == typed(expected["S"][min_row - 1 :])


def test_sheet_data_is_cut_between_rows_and_streamed():
    """Each text `_sheet_data` yields is whole rows, no more than a chunk and a row long."""
    part = (EXCEL_PROLOG + CHUNKED + "</worksheet>").encode()
    inside = CHUNKED[len("<sheetData>") : -len("</sheetData>")]
    longest = max(len(row.encode()) for row in inside.split("</row>"))
    for size in (7, 50, 300):
        pieces = [text for text, _ in xlsx._sheet_data(io.BytesIO(part), xlsx._Outside(), size)]
        assert "".join(pieces) == inside
        assert all(p.startswith("<row") for p in pieces[1:] if p)
        assert max(len(p.encode()) for p in pieces) <= size + longest + len("</row>")
        assert len(pieces) > 3


def test_the_scanner_falls_back_midway_without_repeating_rows(tmp_path, monkeypatch):
    """Rows already yielded when the scanner meets something it does not read are not yielded again."""
    sheet = data(*(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 30)))
    sheet = sheet.replace('<row r="25">', '<row r="25"><!-- a comment -->')
    path = handmade(tmp_path / "midway.xlsx", sheet)
    monkeypatch.setattr(xlsx, "_CHUNK_SIZE", 40)
    workbook = FastWorkbook(path)
    sheet = workbook["S"]
    rows = sheet.iter_rows()
    first = [next(rows) for _ in range(5)]
    assert sheet.fallback is None  # the comment is chunks away
    rest = list(rows)
    workbook.close()
    assert first + rest == [(n,) for n in range(1, 30)]
    assert sheet.fallback
    assert_same(path, scanned=False)


# -- random sheets -------------------------------------------------------------------------------------

TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff", max_codepoint=0x1F9FF
    )
    | st.sampled_from(["&", "<", ">", '"', "'", " ", "\n", "\r", "\t", "đ", "ế", "]"]),
    max_size=25,
)
VALUES = st.one_of(
    st.none(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    TEXT,
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.sampled_from(["#N/A", "#DIV/0!", "#REF!", "=1+1"]),
)
FORMATS = st.sampled_from([None, "dd/mm/yyyy", "hh:mm:ss", "[h]:mm", "0.00", "yyyy-mm-dd hh:mm"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(st.tuples(VALUES, FORMATS), max_size=7), max_size=12),
    skip=st.lists(st.integers(0, 3), max_size=12),
    write_only=st.booleans(),
    min_row=st.integers(1, 4),
    size=st.sampled_from([5, 13, 97, 1 << 18]),
)
def test_random_sheets(tmp_path_factory, rows, skip, write_only, min_row, size):
    path = tmp_path_factory.mktemp("random") / "random.xlsx"
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("R") if write_only else workbook.active
    for i, row in enumerate(rows):
        for _ in range(skip[i] if i < len(skip) else 0):
            sheet.append([])  # empty rows (openpyxl writes none: a gap)
        values = []
        for value, fmt in row:
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=value) if write_only else value
            if write_only and fmt and isinstance(value, int | float) and not isinstance(value, bool):
                cell.number_format = fmt
            values.append(cell)
        sheet.append(values)
        if not write_only:
            for cell, (value, fmt) in zip(sheet[sheet.max_row], row, strict=False):
                if fmt and isinstance(value, int | float) and not isinstance(value, bool):
                    cell.number_format = fmt
    workbook.save(path)
    previous = xlsx._CHUNK_SIZE
    xlsx._CHUNK_SIZE = size
    try:
        assert_same(path, min_row)
    finally:
        xlsx._CHUNK_SIZE = previous


SPACE = st.sampled_from([" ", " ", " ", "  ", "\n  ", "\t", "\r\n"])
BLANK = st.sampled_from(["", "", "", " ", "\n    "])
XML_TEXT = st.lists(
    st.sampled_from(
        ["a", "Đắk", " ", "&amp;", "&lt;", "&gt;", "&quot;", "&#233;", "&#x1F3ED;", "\n", "\r\n", ">"]
    ),
    max_size=4,
).map("".join)


@st.composite
def cells(draw):
    """A <c> element in one of the many ways XML allows, or an element the scanner does not read."""
    space, blank = draw(SPACE), draw(BLANK)
    attributes = ""
    if draw(st.booleans()):
        attributes += (
            f'{space}r="{draw(st.sampled_from(["A", "B", "C", "AB", "ZZ"]))}{draw(st.integers(1, 9))}"'
        )
    if draw(st.booleans()):
        attributes += f'{space}s="{draw(st.integers(0, 3))}"'
    kind = draw(st.sampled_from([None, "n", "s", "str", "inlineStr", "b", "e", "d"]))
    if kind:
        attributes += f'{space}t="{kind}"'
    attributes += draw(st.sampled_from(["", "", f'{space}cm="1"', f"{space}vm='2'", f'{space}x14ac:a="1"']))
    value = {
        None: st.sampled_from(["12", "-1.5", "1E-05", " 3 ", "45351.25", "&#49;2"]),
        "n": st.sampled_from(["0", "2026", "-0.25", "1.5E+20"]),
        "s": st.sampled_from(["0", "1", "2"]),
        "b": st.sampled_from(["0", "1", "true"]),
        "d": st.sampled_from(["2024-02-29T13:45:30", "2024-02-29"]),
    }.get(kind, XML_TEXT)
    body = draw(
        st.sampled_from(
            ["self-closing", "empty", "v", "v-empty", "v-self-closing", "inline", "rich", "f+v", "odd"]
        )
    )
    if body == "self-closing":
        return f"<c{attributes}{blank}/>"
    content = {
        "empty": "",
        "v": f"<v>{draw(value)}</v>",
        "v-empty": "<v></v>",
        "v-self-closing": f"<v{blank}/>",
        "inline": f"<is><t{draw(st.sampled_from(['', ' xml:space="preserve"']))}>{draw(XML_TEXT)}</t></is>",
        "rich": (
            f"<is>{blank}<r><rPr><b/><sz val='11'/></rPr><t>{draw(XML_TEXT)}</t></r>{blank}"
            f'<r><t xml:space="preserve">{draw(XML_TEXT)}</t></r><rPh sb="0" eb="1"><t>ph</t></rPh></is>'
        ),
        "f+v": f"<f{draw(st.sampled_from(['', ' t="shared" si="0"', ' aca="false"']))}>A1&amp;B1</f>"
        f"{blank}<v>{draw(value)}</v>",
        "odd": draw(
            st.sampled_from(
                [
                    "<v>1</v><!-- note -->",
                    "<v><![CDATA[7]]></v>",
                    '<v>1</v><extLst><ext uri="u"/></extLst>',
                    "<x14ac:v>2</x14ac:v>",
                    "<?pi x?><v>3</v>",
                ]
            )
        ),
    }[body]
    return f"<c{attributes}{blank}>{blank}{content}{blank}</c>"


@st.composite
def sheet_xml(draw):
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        space, blank = draw(SPACE), draw(BLANK)
        attributes = ""
        if draw(st.booleans()):
            attributes += f'{space}r="{draw(st.integers(1, 12))}"'
        attributes += draw(st.sampled_from(["", f'{space}spans="1:3"', f'{space}ht="20" customHeight="1"']))
        if draw(st.integers(0, 5)) == 0:
            rows.append(f"<row{attributes}{blank}/>")
        else:
            rows.append(
                f"<row{attributes}>{blank.join(draw(st.lists(cells(), max_size=5)))}{blank}</row{blank}>"
            )
    prolog = EXCEL_PROLOG.replace("<worksheet ", '<worksheet xmlns:x="' + MAIN + '" ')
    return prolog + "<sheetData>" + draw(BLANK).join(rows) + "</sheetData></worksheet>"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=sheet_xml(), size=st.sampled_from([3, 17, 1 << 18]))
def test_random_markup_reads_as_expat_reads_it(tmp_path_factory, sheet, size):
    """Whatever the markup, the scanner gives expat's rows, or both raise XlsxError."""
    path = handmade(tmp_path_factory.mktemp("markup") / "m.xlsx", sheet.encode())

    def outcome(scan):
        try:
            return typed(read_fast(path, scan=scan)[0]["S"])
        except XlsxError:
            return "XlsxError"

    previous = xlsx._CHUNK_SIZE
    xlsx._CHUNK_SIZE = size
    try:
        assert outcome(scan=True) == outcome(scan=False)
    finally:
        xlsx._CHUNK_SIZE = previous
