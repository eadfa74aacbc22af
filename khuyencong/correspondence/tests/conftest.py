from datetime import date

import pytest

from khuyencong.clusters.tests.factories import ClusterFactory, decide

from .. import services
from ..choices import Direction
from .factories import entry


@pytest.fixture
def world(personas):
    """A cluster in the former Đắk Nông (Lâm Đồng's scope) with a decision, one in Hà Nội, and letters."""
    thuan_an = ClusterFactory(name="Thuận An", province=personas.dak_nong)
    ngoc_hoi = ClusterFactory(name="Ngọc Hồi", province=personas.ha_noi)
    decision = decide(thuan_an, "establishment", date(2018, 12, 20), area="49.61", number="2156/QĐ-UBND")
    ask = entry(
        personas.lam_dong,
        "2150/BCT-CTĐP",
        summary="Về việc báo cáo hạ tầng cụm công nghiệp tỉnh Đắk Nông",
        body="Đề nghị Sở Công Thương báo cáo tỷ lệ lấp đầy.",
        reply_by=date(2026, 3, 20),
    )
    services.add_link(ask, cluster=thuan_an)
    hanoi_letter = entry(
        personas.ha_noi, "77/SCT-QLCN", direction=Direction.OUTGOING, summary="Thông báo Ngọc Hồi"
    )
    services.add_link(hanoi_letter, cluster=ngoc_hoi)
    return {
        "thuan_an": thuan_an,
        "ngoc_hoi": ngoc_hoi,
        "decision": decision,
        "ask": ask,
        "hanoi_letter": hanoi_letter,
    }
