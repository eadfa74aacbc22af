"""Built-in survey forms, loaded by `khuyencong setup` (idempotent). Labels are Vietnamese data with an
English label beside them; administrators add further forms (or new versions) as data in the admin."""

from khuyencong.core.audit import acting_as

from .choices import Purpose

SUPPORT_KINDS = [
    ["machinery", "Máy móc, thiết bị tiên tiến"],
    ["demonstration", "Mô hình trình diễn kỹ thuật"],
    ["training", "Đào tạo nghề, truyền nghề"],
    ["trade_fair", "Hội chợ, triển lãm, quảng bá sản phẩm"],
    ["product_award", "Bình chọn sản phẩm CNNT tiêu biểu"],
    ["consulting", "Tư vấn, chuyển giao công nghệ"],
]

NEED_SURVEY = {
    "fields": [
        {
            "name": "facility_name",
            "label": "Tên cơ sở",
            "label_en": "Establishment name",
            "type": "text",
            "required": True,
            "facility_field": "name",
        },
        {
            "name": "kind",
            "label": "Loại hình",
            "label_en": "Kind",
            "type": "choice",
            "required": True,
            "facility_field": "kind",
            "choices": [
                ["household", "Hộ kinh doanh"],
                ["cooperative_group", "Tổ hợp tác"],
                ["cooperative", "Hợp tác xã"],
                ["enterprise", "Doanh nghiệp nhỏ và vừa"],
            ],
        },
        {
            "name": "address",
            "label": "Địa chỉ (thôn, bon, tổ dân phố)",
            "label_en": "Address",
            "type": "text",
            "facility_field": "address",
        },
        {
            "name": "contact_name",
            "label": "Người liên hệ",
            "label_en": "Contact person",
            "type": "text",
            "facility_field": "contact_name",
        },
        {
            "name": "phone",
            "label": "Điện thoại",
            "label_en": "Phone",
            "type": "text",
            "facility_field": "phone",
        },
        {
            "name": "industry",
            "label": "Ngành nghề",
            "label_en": "Industry",
            "type": "text",
            "facility_field": "industry",
        },
        {
            "name": "products",
            "label": "Sản phẩm chính",
            "label_en": "Main products",
            "type": "textarea",
            "required": True,
            "facility_field": "products",
        },
        {
            "name": "workers",
            "label": "Số lao động",
            "label_en": "Workers",
            "type": "integer",
            "required": True,
            "min": 0,
            "max": 100000,
            "facility_field": "workers",
        },
        {
            "name": "woman_owned",
            "label": "Chủ cơ sở là nữ",
            "label_en": "Owned by a woman",
            "type": "boolean",
            "facility_field": "woman_owned",
        },
        {
            "name": "employs_ethnic_minorities",
            "label": "Sử dụng lao động dân tộc thiểu số",
            "label_en": "Employs ethnic minorities",
            "type": "boolean",
            "facility_field": "employs_ethnic_minorities",
        },
        {
            "name": "current_equipment",
            "label": "Máy móc, thiết bị hiện có",
            "label_en": "Current equipment",
            "type": "textarea",
        },
        {
            "name": "wants_support",
            "label": "Có nhu cầu hỗ trợ khuyến công",
            "label_en": "Wants support",
            "type": "boolean",
            "required": True,
        },
        {
            "name": "support_kind",
            "label": "Nội dung đề nghị hỗ trợ",
            "label_en": "Support wanted",
            "type": "choice",
            "required": True,
            "choices": SUPPORT_KINDS,
            "show_if": {"field": "wants_support", "equals": True},
        },
        {
            "name": "equipment_wanted",
            "label": "Máy móc, thiết bị cần đầu tư",
            "label_en": "Equipment wanted",
            "type": "textarea",
            "required": True,
            "show_if": {"field": "support_kind", "equals": "machinery"},
        },
        {
            "name": "estimated_cost_million",
            "label": "Tổng kinh phí dự kiến (triệu đồng)",
            "label_en": "Estimated total cost (million VND)",
            "type": "decimal",
            "min": 0,
            "show_if": {"field": "wants_support", "equals": True},
        },
        {
            "name": "counterpart_million",
            "label": "Khả năng vốn đối ứng (triệu đồng)",
            "label_en": "Counterpart funding the establishment can bring (million VND)",
            "type": "decimal",
            "min": 0,
            "show_if": {"field": "wants_support", "equals": True},
        },
        {
            "name": "workshop_photo",
            "label": "Ảnh nhà xưởng",
            "label_en": "Photo of the workshop",
            "type": "photo",
        },
        {"name": "note", "label": "Ghi chú", "label_en": "Note", "type": "textarea"},
    ]
}

ACCEPTANCE_CHECK = {
    "fields": [
        {
            "name": "equipment_installed",
            "label": "Thiết bị đã được lắp đặt",
            "label_en": "Equipment installed",
            "type": "boolean",
            "required": True,
        },
        {
            "name": "equipment_running",
            "label": "Thiết bị đang hoạt động",
            "label_en": "Equipment running",
            "type": "boolean",
            "required": True,
            "show_if": {"field": "equipment_installed", "equals": True},
        },
        {
            "name": "problems",
            "label": "Vướng mắc, lý do chưa hoạt động",
            "label_en": "Problems",
            "type": "textarea",
            "required": True,
            "show_if": {"field": "equipment_running", "equals": False},
        },
        {
            "name": "serial_numbers",
            "label": "Số hiệu máy, thiết bị",
            "label_en": "Serial numbers",
            "type": "text",
        },
        {
            "name": "output_after",
            "label": "Sản lượng sau hỗ trợ",
            "label_en": "Output after support",
            "type": "text",
        },
        {
            "name": "equipment_photo",
            "label": "Ảnh thiết bị",
            "label_en": "Photo of the equipment",
            "type": "photo",
            "required": True,
        },
        {
            "name": "beneficiary_confirms",
            "label": "Cơ sở xác nhận đã nhận hỗ trợ",
            "label_en": "The establishment confirms receiving the support",
            "type": "boolean",
        },
        {"name": "note", "label": "Ghi chú", "label_en": "Note", "type": "textarea"},
    ]
}

BUILTIN = [
    ("need-survey", 1, "Phiếu khảo sát nhu cầu khuyến công", Purpose.NEED_SURVEY, NEED_SURVEY),
    ("acceptance-check", 1, "Phiếu kiểm tra nghiệm thu thiết bị", Purpose.ACCEPTANCE_CHECK, ACCEPTANCE_CHECK),
]


def load():
    """Create the built-in forms that are missing; never change a stored version."""
    from .models import SurveyForm

    created = 0
    with acting_as(None, reason="khuyencong setup: survey forms"):
        for code, version, title, purpose, definition in BUILTIN:
            _form, was_created = SurveyForm.objects.get_or_create(
                code=code,
                version=version,
                defaults={"title": title, "purpose": purpose, "definition": definition, "is_builtin": True},
            )
            created += was_created
    return f"{SurveyForm.objects.count()} survey forms ({created} new)"
