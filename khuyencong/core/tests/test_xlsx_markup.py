"""The fast .xlsx reader on hand-written worksheet parts (core/importing/xlsx_markup.py): what the scanner
reads itself, what it leaves to expat, what neither can read (XlsxError), and rows split across chunks."""

import io
from datetime import datetime, time, timedelta

import pytest

from khuyencong.core.importing import xlsx
from khuyencong.core.importing.xlsx import FastWorkbook, XlsxError

from .xlsx_sheets import (
    EXCEL_PROLOG,
    LONG,
    MAIN,
    PROLOG,
    assert_same,
    data,
    handmade,
    inline,
    read_fast,
    typed,
)

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
