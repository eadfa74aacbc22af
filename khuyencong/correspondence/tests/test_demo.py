"""The demo register: Lâm Đồng and Hà Nội letters linked to demo records, one reply overdue; every
record page shows its documents."""

import pytest

from khuyencong.accounts.models import User
from khuyencong.clusters.models import Cluster
from khuyencong.inspections.models import Inspection, Recommendation
from khuyencong.programs.models import Project
from khuyencong.reports.models import Submission

from ..models import Correspondence

pytestmark = pytest.mark.django_db


def test_demo_register(client, demo):
    lamdong = User.objects.get(username="lamdong")
    visible = Correspondence.objects.visible_to(lamdong)
    assert visible.overdue().count() == 1
    assert visible.search("cong van dak nong").filter(number="2150/BCT-CTĐP").exists()
    assert (
        Correspondence.objects.visible_to(User.objects.get(username="hanoi"))
        .filter(number="1203/TB-SCT")
        .exists()
    )
    # the demo clusters' decisions are in the register too
    thuan_an = Cluster.objects.get(code="DNO-01")
    assert Correspondence.objects.concerning(thuan_an).filter(cluster_decision__isnull=False).count() >= 3
    # loading again changes nothing
    from khuyencong.correspondence import demo as demo_data

    count = Correspondence.objects.count()
    demo_data.load()
    assert Correspondence.objects.count() == count

    client.force_login(lamdong)
    pages = [f"/clusters/{thuan_an.pk}/", f"/programs/{Project.objects.visible_to(lamdong).first().pk}/"]
    inspection = Inspection.objects.visible_to(lamdong).first()
    if inspection is not None:
        pages.append(f"/inspections/{inspection.pk}/")
    recommendation = Recommendation.objects.visible_to(lamdong).first()
    if recommendation is not None:
        pages.append(f"/inspections/recommendations/{recommendation.pk}/")
    pages.append(f"/reports/submissions/{Submission.objects.visible_to(lamdong).first().pk}/")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'id="documents"' in response.content.decode(), url
    assert "2150/BCT-CTĐP" in client.get(f"/clusters/{thuan_an.pk}/").content.decode()
