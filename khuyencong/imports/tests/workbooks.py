"""Workbooks built the way provincial files look: title rows, merged cells, a (1)(2)(3) row, a total row."""

import unicodedata

import openpyxl

FACILITY_HEADERS = ["STT", "Tên cơ sở", "Mã số thuế", "Loại hình", "Tỉnh", "Số lao động", "Chủ cơ sở là nữ"]
PROJECT_HEADERS = [
    "STT",
    "Mã đề án",
    "Tên đề án",
    "Cấp",
    "Năm kế hoạch",
    "Tỉnh",
    "Nội dung",
    "Đơn vị thực hiện",
    "Cơ sở thụ hưởng",
    "Kinh phí khuyến công (triệu đồng)",
    "Kinh phí đối ứng (triệu đồng)",
    "Trạng thái",
    "Ngày nghiệm thu",
]


def nfd(text):
    return unicodedata.normalize("NFD", text)


def provincial_sheet(workbook, title, headers, rows, total=None, heading="DANH SÁCH"):
    """A sheet with the issuing body, a merged heading, the header, a numbering row, rows and a total."""
    sheet = workbook.create_sheet(title)
    width = len(headers)
    sheet.append(["UBND TỈNH ĐẮK NÔNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["SỞ CÔNG THƯƠNG", None, None, "Độc lập - Tự do - Hạnh phúc"])
    sheet.append([heading])
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    sheet.append([])
    sheet.append([h.upper() if i % 3 == 1 else h for i, h in enumerate(headers)])
    sheet.append([f"({i})" for i in range(1, width + 1)])
    for i, row in enumerate(rows, start=1):
        sheet.append([i, *row])
    if total is not None:
        sheet.append(["Tổng cộng", *total])
    return sheet


def workbook_bytes(workbook):
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Hand-computed figures of REAL_PROJECTS for Đắk Nông, plan years 2022–2023 (see test_import_realistic).
EXPECTED_DAK_NONG = {
    "national": {"approved": 4, "stopped": 1, "carried_out": 3, "support_million_vnd": 2650.5},
    "local": {"approved": 4, "stopped": 0, "carried_out": 4, "stop_requests_pending": 1, "support": 709.61},
}

REAL_FACILITIES = [
    [nfd("Cơ sở Cà phê Thuận An"), "6400123456", "Hộ kinh doanh", "tỉnh Đắk Nông", "12", "Có"],
    ["HTX Mây tre đan Đắk Mil", "", "hợp tác xã", "DAK NONG", "1.250", "Không"],
    [nfd("Công ty TNHH Cơ khí Gia Nghĩa"), "6400999888", "DOANH NGHIỆP NHỎ VÀ VỪA", "Đắk Nông", 40, None],
]

REAL_PROJECTS = [
    # code, title, level, year, province, category, unit, beneficiary, support, counterpart, status, accepted
    [
        "KCQG-2022-01",
        nfd("Ứng dụng máy rang cà phê"),
        "Quốc gia",
        2022,
        "tỉnh Đắk Nông",
        "ứng dụng máy móc thiết bị tiên tiến",
        "Trung tâm Khuyến công Đắk Nông",
        nfd("Cơ sở Cà phê Thuận An"),
        "1.000",
        "1.500",
        "Đã thanh quyết toán",
        "15/11/2022",
    ],
    [
        "KCQG-2022-02",
        "Mô hình trình diễn chế biến mây tre",
        "KCQG",
        "2022",
        "DAK NONG",
        "Mô hình trình diễn kỹ thuật",
        "Trung tâm Khuyến công Đắk Nông",
        "HTX Mây tre đan Đắk Mil",
        "850,5",
        "900",
        "ĐÃ NGHIỆM THU",
        "ngày 20 tháng 12 năm 2022",
    ],
    [
        "KCQG-2023-01",
        "Máy cắt CNC cho cơ khí",
        "quoc gia",
        2023,
        "Đắk Nông",
        "Ứng dụng máy móc thiết bị tiên tiến",
        "Trung tâm Khuyến công Đắk Nông",
        "6400999888",
        800,
        "1.200,5",
        "đang thực hiện",
        None,
    ],
    [
        "KCQG-2023-02",
        "Hội chợ hàng CNNT",
        "Quốc gia",
        2023,
        nfd("Tỉnh Đắk Nông"),
        "Hội chợ triển lãm",
        "Sở Công Thương Đắk Nông",
        None,
        "500",
        0,
        "Đã dừng",
        None,
    ],
    [
        "KCĐP-2023-01",
        "Đào tạo nghề mây tre",
        "Địa phương",
        2023,
        "ĐẮK NÔNG",
        "Đào tạo nghề",
        "Trung tâm Khuyến công Đắk Nông",
        "HTX Mây tre đan Đắk Mil",
        "89,61",
        "10,39",
        "Đã nghiệm thu",
        "05/12/2023",
    ],
    [
        "KCĐP-2023-02",
        "Tư vấn xây dựng thương hiệu",
        "KCĐP",
        2023,
        "dak nong",
        "Tư vấn",
        "Trung tâm Khuyến công Đắk Nông",
        None,
        120,
        None,
        "Xin dừng",
        None,
    ],
    [
        "KCĐP-2023-03",
        "Thông tin tuyên truyền khuyến công",
        "Địa phương",
        2023,
        "Đắk Nông",
        "thông tin tuyên truyền",
        "Trung tâm Khuyến công Đắk Nông",
        None,
        "200",
        None,
        "Đã phê duyệt",
        None,
    ],
    [
        "KCĐP-2023-04",
        "Xử lý nước thải cơ sở chế biến",
        "Địa phương",
        2023,
        "Đắk Nông",
        "Xử lý ô nhiễm môi trường",
        "Trung tâm Khuyến công Đắk Nông",
        nfd("Công ty TNHH Cơ khí Gia Nghĩa"),
        "300",
        "300",
        "Xin điều chỉnh",
        None,
    ],
    [
        "KCĐP-2024-01",
        "Đề án năm sau (không thuộc kỳ báo cáo)",
        "Địa phương",
        2024,
        "Lâm Đồng",
        "Đào tạo nghề",
        "Trung tâm Khuyến công Lâm Đồng",
        None,
        "75",
        None,
        "Đã phê duyệt",
        None,
    ],
]


def realistic_workbook(projects=REAL_PROJECTS, facilities=REAL_FACILITIES, total_support="3.935,11"):
    """The realistic file: facilities and đề án sheets; the đề án total row states `total_support`."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    provincial_sheet(workbook, "Cơ sở CNNT", FACILITY_HEADERS, facilities, total=[None] * 4 + ["1.302"])
    provincial_sheet(
        workbook,
        "Đề án khuyến công",
        PROJECT_HEADERS,
        projects,
        total=[None] * 8 + [total_support],
        heading="TÌNH HÌNH THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG",
    )
    return workbook


def large_rows(n, province="Lâm Đồng", year=2026, prefix="BIG"):
    """`n` đề án rows of one province (for the browser test and the bench)."""
    statuses = ["Đã phê duyệt", "Đang thực hiện", "Đã nghiệm thu", "Đã thanh quyết toán"]
    categories = ["Đào tạo nghề", "Mô hình trình diễn kỹ thuật", "Tư vấn", "Hội chợ triển lãm"]
    for i in range(1, n + 1):
        yield [
            f"{prefix}-{i:06d}",
            f"Đề án số {i}",
            "Địa phương" if i % 3 else "Quốc gia",
            year,
            province if i % 2 else f"tỉnh {province}",
            categories[i % 4],
            "Trung tâm Khuyến công",
            None,
            f"{100 + i % 50},5",
            "20",
            statuses[i % 4],
            None,
        ]


def large_workbook_file(path, n, **kwargs):
    """Write a provincial-looking file with `n` đề án rows, streaming (write-only openpyxl)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Đề án khuyến công")
    sheet.append(["SỞ CÔNG THƯƠNG"])
    sheet.append(["DANH SÁCH ĐỀ ÁN"])
    sheet.append(PROJECT_HEADERS)
    sheet.append([f"({i})" for i in range(1, len(PROJECT_HEADERS) + 1)])
    for i, row in enumerate(large_rows(n, **kwargs), start=1):
        sheet.append([i, *row])
    workbook.save(path)
    return path


CLUSTER_HEADERS = [
    "STT",
    "Mã CCN",
    "Tên CCN",
    "Tỉnh",
    "Diện tích quy hoạch (ha)",
    "Số QĐ thành lập",
    "Ngày QĐ thành lập",
    "Diện tích thành lập (ha)",
    "Số QĐ phê duyệt QHCT",
    "Ngày phê duyệt QHCT",
    "Diện tích QHCT (ha)",
    "Chủ đầu tư hạ tầng",
    "Loại chủ đầu tư",
    "Diện tích đất công nghiệp (ha)",
    "Diện tích đất công nghiệp đã cho thuê (ha)",
    "Trạm XLNT tập trung",
    "Ghi chú",
]
REAL_CLUSTERS = [
    # Thuận An: established 50 ha, detailed plan 50 ha, public unit investor, land 35 / leased 20,5.
    [
        "CCN-DN-01",
        nfd("Cụm công nghiệp Thuận An"),
        "tỉnh Đắk Nông",
        "50",
        "1234/QĐ-UBND",
        "15/03/2019",
        "50",
        "88/QĐ-UBND",
        "20/06/2020",
        "50",
        "Trung tâm Phát triển hạ tầng CCN Thuận An",
        "Đơn vị sự nghiệp công lập",
        "35",
        "20,5",
        "Có",
        None,
    ],
    # BMC: established 39,61 ha, detailed plan, enterprise investor, land 30 / leased 12.
    [
        "CCN-DN-02",
        "BMC",
        "DAK NONG",
        "75",
        "567/QĐ-UBND",
        "ngày 1 tháng 8 năm 2021",
        "39,61",
        "99/QĐ-UBND",
        "01/12/2021",
        "39,61",
        "Công ty Cổ phần BMC",
        "doanh nghiệp",
        "30",
        "12",
        "đang xây dựng",
        None,
    ],
    # Planned only: calling for investment.
    [
        "CCN-DN-03",
        "Nhân Cơ",
        "Đắk Nông",
        "60",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "Không",
        None,
    ],
]
TENANT_HEADERS = [
    "STT",
    "Mã CCN",
    "Tỉnh",
    "Tên dự án",
    "Nhà đầu tư",
    "Diện tích thuê (ha)",
    "Vốn đăng ký (triệu đồng)",
    "Tình trạng",
]
REAL_TENANTS = [
    [
        "CCN-DN-01",
        "Đắk Nông",
        "Nhà máy chế biến cà phê",
        "Công ty TNHH Cà phê",
        "10,5",
        "45.000",
        "Đang hoạt động",
    ],
    ["CCN-DN-01", "Đắk Nông", "Xưởng cơ khí", "HTX Cơ khí", "10", "12.500,5", "đang xây dựng"],
    ["CCN-DN-02", "DAK NONG", "Nhà máy gạch không nung", "Công ty Gạch", "12", "30.000", "Đã đăng ký"],
]


def cluster_workbook(clusters=REAL_CLUSTERS, tenants=REAL_TENANTS):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    provincial_sheet(workbook, "Cụm công nghiệp", CLUSTER_HEADERS, clusters, total=[None] * 3 + ["185"])
    provincial_sheet(workbook, "Dự án trong CCN", TENANT_HEADERS, tenants, total=[None] * 4 + ["32,5"])
    return workbook
