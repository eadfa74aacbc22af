"""Helpers of the .xlsx reader tests (test_xlsx_reader.py, test_xlsx_markup.py): the values written, the three
ways of reading a sheet (scanner, expat, openpyxl) and their comparison, and workbooks built part by part."""

import warnings
import zipfile

import openpyxl

from khuyencong.core.importing.xlsx import FastWorkbook

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


EXCEL_PROLOG = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
    '<dimension ref="A1:B1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
)
