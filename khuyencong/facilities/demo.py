"""Demo beneficiaries: illustrative rural industrial establishments (the seed report names none)."""

from khuyencong.geography.models import AdminUnit

from .choices import FacilityKind
from .models import Facility

ILLUSTRATIVE = "Dữ liệu minh họa: bài báo nguồn không nêu tên cơ sở."

DAK_NONG = [
    ("Cơ sở chế biến cà phê Nghĩa Đức", FacilityKind.HOUSEHOLD, "Chế biến nông sản", "Cà phê bột"),
    ("HTX Mắc ca Đắk Mil", FacilityKind.COOPERATIVE, "Chế biến nông sản", "Mắc ca sấy"),
    ("Công ty TNHH Cơ khí Gia Nghĩa", FacilityKind.ENTERPRISE, "Cơ khí", "Máy sấy nông sản"),
    ("Cơ sở dệt thổ cẩm Bu Prăng", FacilityKind.HOUSEHOLD, "Thủ công mỹ nghệ", "Thổ cẩm"),
    ("HTX Tiêu sạch Đắk Song", FacilityKind.COOPERATIVE, "Chế biến nông sản", "Hồ tiêu"),
    ("Cơ sở mộc Quảng Thành", FacilityKind.HOUSEHOLD, "Chế biến gỗ", "Đồ gỗ"),
    ("Công ty TNHH Thực phẩm Krông Nô", FacilityKind.ENTERPRISE, "Thực phẩm", "Sầu riêng sấy"),
    ("Tổ hợp tác mây tre Đắk R'lấp", FacilityKind.COOPERATIVE_GROUP, "Thủ công mỹ nghệ", "Mây tre đan"),
    ("Cơ sở nước mắm Tuy Đức", FacilityKind.HOUSEHOLD, "Thực phẩm", "Nước chấm"),
    ("HTX Chanh dây Cư Jút", FacilityKind.COOPERATIVE, "Chế biến nông sản", "Nước chanh dây"),
    ("Cơ sở gạch không nung Đắk Glong", FacilityKind.HOUSEHOLD, "Vật liệu xây dựng", "Gạch không nung"),
    ("Công ty TNHH Cà phê Nam Nung", FacilityKind.ENTERPRISE, "Chế biến nông sản", "Cà phê rang xay"),
    ("Cơ sở rượu cần M'Nông", FacilityKind.HOUSEHOLD, "Đồ uống", "Rượu cần"),
    ("HTX Bơ Đắk Mil", FacilityKind.COOPERATIVE, "Chế biến nông sản", "Bơ sấy"),
    ("Cơ sở cơ khí Nhân Cơ", FacilityKind.HOUSEHOLD, "Cơ khí", "Khung nhà thép"),
    ("Công ty TNHH Nông sản Đạo Nghĩa", FacilityKind.ENTERPRISE, "Chế biến nông sản", "Hạt điều"),
    ("Cơ sở đan lát Quảng Sơn", FacilityKind.HOUSEHOLD, "Thủ công mỹ nghệ", "Gùi mây"),
    ("HTX Mật ong Đắk Ha", FacilityKind.COOPERATIVE, "Thực phẩm", "Mật ong"),
    ("Cơ sở may mặc Kiến Đức", FacilityKind.HOUSEHOLD, "Dệt may", "Quần áo bảo hộ"),
    ("Công ty TNHH Bao bì Tâm Thắng", FacilityKind.ENTERPRISE, "Bao bì", "Bao bì giấy"),
    ("Cơ sở chế biến măng Đắk N'Drung", FacilityKind.HOUSEHOLD, "Thực phẩm", "Măng khô"),
    ("HTX Sâm dây Tà Đùng", FacilityKind.COOPERATIVE, "Dược liệu", "Sâm dây khô"),
    ("Cơ sở sản xuất nông cụ Nâm N'Jang", FacilityKind.HOUSEHOLD, "Cơ khí", "Nông cụ cầm tay"),
]

HA_NOI = [
    ("HTX Gốm Bát Tràng (minh họa)", FacilityKind.COOPERATIVE, "Gốm sứ", "Gốm men lam"),
    ("Cơ sở mây tre Phú Vinh (minh họa)", FacilityKind.HOUSEHOLD, "Thủ công mỹ nghệ", "Mây tre đan"),
    ("Công ty TNHH Sơn mài Hạ Thái (minh họa)", FacilityKind.ENTERPRISE, "Thủ công mỹ nghệ", "Tranh sơn mài"),
]


def _place(units, index):
    return units[index % len(units)] if units else None


def _create(name, kind, industry, products, province, commune, index):
    facility = Facility.objects.filter(name=name).first()
    if facility is None:
        facility = Facility.objects.create(
            name=name,
            kind=kind,
            industry=industry,
            products=products,
            province=province,
            commune=commune,
            workers=5 + (index * 7) % 40,
            woman_owned=index % 3 == 0,
            employs_ethnic_minorities=index % 4 == 1,
            note=ILLUSTRATIVE,
        )
    return facility


def load():
    dak_nong = AdminUnit.objects.get(scheme="legacy", level="province", code="67")
    ha_noi = AdminUnit.objects.get(scheme="2025", level="province", code="01")
    dn_communes = list(
        AdminUnit.objects.filter(scheme="legacy", level="commune", province=dak_nong).order_by("code")
    )
    hn_communes = list(
        AdminUnit.objects.filter(scheme="2025", level="commune", province=ha_noi).order_by("code")
    )
    for i, (name, kind, industry, products) in enumerate(DAK_NONG):
        _create(name, kind, industry, products, dak_nong, _place(dn_communes, i * 3), i)
    for i, (name, kind, industry, products) in enumerate(HA_NOI):
        _create(name, kind, industry, products, ha_noi, _place(hn_communes, i * 5), i)
    return f"{Facility.objects.count()} establishments (illustrative)"
