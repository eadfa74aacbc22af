"""A decision's signed file is served only to those who may see the decision; bad uploads are refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khuyencong.clusters.models import ClusterDecision
from khuyencong.clusters.tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cluster = ClusterFactory(province=personas.dak_nong)
    return ClusterDecision.objects.create(
        cluster=cluster,
        kind="establishment",
        number="2156/QĐ-UBND",
        issued_on="2018-12-20",
        attachment=SimpleUploadedFile("qd-2156.pdf", b"%PDF-1.4 signed decision"),
    )


def test_file_is_served_to_those_who_see_the_record(client, personas, decision):
    url = f"/files/clusters/clusterdecision/{decision.pk}/attachment/"
    client.force_login(personas.lamdong)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 signed decision"
    page = client.get(f"/clusters/{decision.cluster_id}/").content.decode()
    assert url in page and "/media/" not in page
    client.force_login(personas.hanoi)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get("/media/" + decision.attachment.name).status_code == 404  # never served directly


@pytest.mark.parametrize(
    "path",
    [
        "/files/clusters/clusterdecision/{pk}/number/",  # not a file field
        "/files/auth/permission/1/name/",  # not a scoped model
        "/files/nothing/here/1/file/",
    ],
)
def test_only_file_fields_of_scoped_models(client, personas, decision, path):
    client.force_login(personas.admin)
    assert client.get(path.format(pk=decision.pk)).status_code == 404


def test_upload_rules(decision):
    from django.core.exceptions import ValidationError

    decision.attachment = SimpleUploadedFile("script.exe", b"MZ")
    with pytest.raises(ValidationError):
        decision.full_clean()
