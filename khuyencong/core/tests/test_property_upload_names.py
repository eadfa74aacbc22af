"""Uploaded file names are sanitised (issue #9, item 5): whatever the name, the file lands in its folder.

Property-based (hypothesis): any Unicode name — with "../", absolute paths, back-slashes, NUL, quotes,
HTML, very long — given to the file fields of the models (a decision's signed file, an import job's
workbook) is stored under the field's folder inside MEDIA_ROOT with a plain name of letters, digits,
"-", "_" and "." (Django's storage), or refused with SuspiciousFileOperation; never outside MEDIA_ROOT,
never overwriting another upload. Through the import upload page, such names never break the page.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
SAFE_NAME = re.compile(r"[-\w.]+")
NASTY = st.sampled_from(
    [
        "../../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "/etc/shadow",
        "C:\\boot.ini",
        "a/../../b.pdf",
        "..",
        ".",
        "",
        "quyết định\x00.pdf.exe",
        '"><script>alert(1)</script>.pdf',
        "tên rất dài " * 40 + ".pdf",
        "Quyết định số 12/QĐ-UBND.pdf",
        "\u202eexe.pdf",
        "con.pdf",
    ]
)
NAMES = st.one_of(NASTY, st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))


def assert_safe(stored_name, folder, media_root):
    path = Path(stored_name)
    assert str(path.parent).startswith(folder), stored_name
    assert SAFE_NAME.fullmatch(path.name) and path.name not in (".", ".."), stored_name
    real = Path(os.path.realpath(media_root / stored_name))
    assert real.is_relative_to(os.path.realpath(media_root)) and real.exists()


@EXAMPLES
@given(name=NAMES)
def test_a_decision_file_of_any_name_stays_in_its_folder(personas, media, name):
    from khuyencong.clusters.models import ClusterDecision
    from khuyencong.clusters.tests.factories import ClusterFactory

    decision = ClusterDecision(
        cluster=ClusterFactory(province=personas.lam_dong),
        kind="establishment",
        number="1",
        issued_on="2025-01-01",
    )
    try:
        decision.attachment.save(name, ContentFile(b"%PDF-1.4"), save=False)
    except SuspiciousFileOperation:
        return  # nothing usable left of the name: refused (the upload page answers 400)
    note(decision.attachment.name)
    assert_safe(decision.attachment.name, "decisions/", media)
    other = ClusterDecision(
        cluster=decision.cluster, kind="establishment", number="2", issued_on="2025-01-01"
    )
    other.attachment.save(name, ContentFile(b"%PDF-1.4 other"), save=False)
    assert other.attachment.name != decision.attachment.name  # a second upload never overwrites the first
    assert (media / decision.attachment.name).read_bytes() == b"%PDF-1.4"


# Names a browser sends in a multipart form (it escapes quotes and line breaks itself).
FORM_NAMES = st.one_of(
    NASTY.filter(lambda n: '"' not in n and "\x00" not in n),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
        lambda n: '"' not in n
    ),
)


@settings(EXAMPLES, max_examples=15)
@given(name=FORM_NAMES)
def test_the_import_upload_page_keeps_any_name_safe(client, personas, media, name):
    from khuyencong.imports.models import Job
    from khuyencong.imports.tests.workbooks import realistic_workbook, workbook_bytes

    client.force_login(personas.lamdong)
    before = Job.objects.count()
    response = client.post(
        reverse("imports:upload"),
        {"file": SimpleUploadedFile(name + ".xlsx", workbook_bytes(realistic_workbook()))},
    )
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert Job.objects.count() == before
        return
    job = Job.objects.latest("pk")
    assert_safe(job.file.name, "imports/", media)
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page  # the original name is shown escaped
