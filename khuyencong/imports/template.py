"""The downloadable template workbook, generated from the sheet specs (so it never drifts from the reader)."""

import io

import xlsxwriter

from .sheets import all_sheets

NOTES_TITLE = "Hướng dẫn"
LISTS_TITLE = "Danh mục"
DATA_ROWS = 1000  # rows given drop-down lists


def _accepted(column):
    choices = getattr(column.parser, "choices", None)
    if not choices:
        return []
    return [labels[0] for labels in choices.values()]


def build_template(target=None):
    """Write the template (one sheet per spec, Vietnamese headers, drop-down lists, a notes sheet).

    `target` is a path or file object; without one, the workbook is returned as bytes.
    """
    buffer = io.BytesIO() if target is None else None
    workbook = xlsxwriter.Workbook(buffer if target is None else target, {"strings_to_formulas": False})
    header = workbook.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
            "border": 1,
            "bg_color": "#E8EEF7",
        }
    )
    required = workbook.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
            "border": 1,
            "bg_color": "#FCE4D6",
        }
    )
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    specs = all_sheets()
    notes = workbook.add_worksheet(NOTES_TITLE)
    lists = workbook.add_worksheet(LISTS_TITLE)
    list_col = 0
    sheets = []
    for spec in specs:
        sheet = workbook.add_worksheet(spec.title)
        columns = spec.columns()
        sheets.append((spec, columns))
        for col, column in enumerate(columns):
            label = column.label + (" (*)" if column.required else "")
            sheet.write_string(0, col, label, required if column.required else header)
            sheet.set_column(col, col, max(14, min(40, len(column.label) + 4)))
            values = _accepted(column)
            if not values:
                continue
            lists.write_string(0, list_col, f"{spec.title}: {column.label}", bold)
            for i, value in enumerate(values, start=1):
                lists.write_string(i, list_col, value)
            lists.set_column(list_col, list_col, 40)
            letter = xlsxwriter.utility.xl_col_to_name(list_col)
            source = f"='{LISTS_TITLE}'!${letter}$2:${letter}${len(values) + 1}"
            sheet.data_validation(
                1, col, DATA_ROWS, col, {"validate": "list", "source": source, "error_type": "warning"}
            )
            list_col += 1
        sheet.set_row(0, 45)
        sheet.freeze_panes(1, 0)
    notes.set_column(0, 0, 34)
    notes.set_column(1, 1, 12)
    notes.set_column(2, 2, 90)
    row = 0
    notes.write_string(row, 0, "Mẫu nhập dữ liệu khuyencong", bold)
    row += 1
    for text in (
        "Mỗi sheet một loại dữ liệu; có thể bỏ sheet không dùng. Cột có dấu (*) là bắt buộc.",
        "Có thể dùng tệp của đơn vị: dòng tiêu đề, ô gộp, dòng đánh số (1) (2) (3) và dòng 'Tổng cộng' "
        "đều được nhận ra. Số viết kiểu Việt Nam (1.250 = một nghìn hai trăm năm mươi; 89,61), "
        "ngày dd/mm/yyyy.",
        "Cả tệp được kiểm tra trước; có một lỗi thì không ghi gì và liệt kê mọi lỗi theo sheet, dòng, cột.",
        "Nhập lại cùng tệp thì cập nhật theo mã (Mã đề án; cơ sở theo Mã số thuế hoặc Tên + Xã/Phường), "
        "không tạo trùng. Chỉ nhập được dữ liệu của tỉnh mình.",
    ):
        row += 1
        notes.write_string(row, 0, text)
    for spec, columns in sheets:
        row += 2
        notes.write_string(row, 0, f"Sheet '{spec.title}'", bold)
        row += 1
        notes.write_string(row, 0, spec.notes, wrap)
        row += 1
        for col, title in enumerate(("Cột", "Bắt buộc", "Giá trị chấp nhận / tên khác của cột")):
            notes.write_string(row, col, title, bold)
        for column in columns:
            row += 1
            accepted = _accepted(column)
            detail = ("Một trong: " + "; ".join(accepted)) if accepted else ""
            if len(column.labels) > 1:
                detail += (" — " if detail else "") + "tên khác: " + "; ".join(column.labels[1:])
            notes.write_string(row, 0, column.label)
            notes.write_string(row, 1, "Có" if column.required else "")
            notes.write_string(row, 2, detail, wrap)
    notes.activate()
    workbook.close()
    return buffer.getvalue() if buffer is not None else None
