"""The fast .xlsx reader (core/importing/xlsx.py): its scanner (regular expressions) reads every sheet as its
expat reader does, and both as openpyxl does, on files written by openpyxl, XlsxWriter and LibreOffice, and
on random sheets. Hand-written markup, fallbacks, broken parts and chunks: test_xlsx_markup.py."""

import shutil
import subprocess
import uuid
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from khuyencong.core.importing import xlsx
from khuyencong.core.importing.xlsx import XlsxError

from .xlsx_sheets import EXCEL_PROLOG, MAIN, NUMBERS, SPECIAL_TEXTS, assert_same, handmade, read_fast, typed

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
