from datetime import date
from types import SimpleNamespace

import pytest

from khuyencong.facilities.tests.factories import FacilityFactory
from khuyencong.geography.models import AdminUnit
from khuyencong.surveys import services
from khuyencong.surveys.models import Collaborator, SurveyForm


@pytest.fixture
def forms(db):
    from khuyencong.surveys.reference import load

    load()
    return SimpleNamespace(
        need=SurveyForm.objects.get(code="need-survey"), check=SurveyForm.objects.get(code="acceptance-check")
    )


@pytest.fixture
def field(personas, forms, settings, tmp_path):
    """The ctv persona as a Lâm Đồng collaborator serving the persona commune, with one establishment
    there and one in Hà Nội."""
    settings.MEDIA_ROOT = tmp_path
    commune = personas.commune
    collaborator = Collaborator.objects.create(
        full_name="H'Niê Hoa",
        user=personas.collaborator,
        province=personas.lam_dong,
        active_from=date(2025, 7, 1),
    )
    services.assign_commune(collaborator, commune, actor=personas.lamdong, valid_from=date(2025, 7, 1))
    personas.collaborator.refresh_from_db()
    facility = FacilityFactory(
        name="Cơ sở Mộc Hòa Bình", province=personas.lam_dong, commune=commune, workers=4
    )
    hn_commune = AdminUnit.objects.filter(scheme="2025", level="commune", province=personas.ha_noi).first()
    other = FacilityFactory(name="Cơ sở Gốm Hà Nội", province=personas.ha_noi, commune=hn_commune)
    return SimpleNamespace(
        personas=personas,
        forms=forms,
        collaborator=collaborator,
        commune=commune,
        facility=facility,
        other=other,
        hn_commune=hn_commune,
    )


def need_answers(**extra):
    return {
        "facility_name": "Cơ sở Dệt Thổ cẩm B'Lao",
        "kind": "household",
        "products": "Thổ cẩm",
        "workers": 6,
        "wants_support": True,
        "support_kind": "machinery",
        "equipment_wanted": "Máy dệt",
        "estimated_cost_million": "300",
        "counterpart_million": "120",
        **extra,
    }
