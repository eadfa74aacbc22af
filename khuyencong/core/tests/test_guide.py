"""The user guide: one Vietnamese chapter per role, pages open to every visitor, a "Hướng dẫn" link on every
page, one PDF, and every picture it shows taken by the browser test (test_e2e_guide.py)."""

import pytest

from khuyencong.accounts.models import User
from khuyencong.core import guide

pytestmark = pytest.mark.django_db

ROLES = {
    "can-bo-so-cong-thuong": "Cán bộ Sở Công Thương",
    "trung-tam-khuyen-cong": "Trung tâm Khuyến công",
    "co-quan-trung-uong": "Cơ quan trung ương",
    "nha-dau-tu-ha-tang": "Nhà đầu tư",
    "doanh-nghiep": "Doanh nghiệp",
    "can-bo-xa": "xã",
    "cong-tac-vien": "Cộng tác viên",
}


def test_one_chapter_per_role_in_vietnamese():
    chapters = {c.slug: c for c in guide.chapters()}
    for slug, words in ROLES.items():
        assert slug in chapters, slug
        assert words in chapters[slug].title
    assert list(chapters)[0] == "bat-dau"


def test_every_picture_of_the_guide_exists():
    """The pictures come from the browser test; a chapter naming a screen it does not take fails here."""
    referenced = [(c.slug, image) for c in guide.chapters() for image in c.images()]
    assert len(referenced) >= 20
    missing = [(slug, image) for slug, image in referenced if not (guide.GUIDE_DIR / image).is_file()]
    assert missing == []
    for chapter in guide.chapters():
        if chapter.slug != "bat-dau":
            assert chapter.images(), f"{chapter.slug} shows no screen"


def test_guide_pages_open_to_anyone_and_show_the_screens(client):
    index = client.get("/huong-dan/").content.decode()
    for slug in ROLES:
        assert f'href="/huong-dan/{slug}/"' in index
    assert 'href="/huong-dan/huong-dan.pdf"' in index
    page = client.get("/huong-dan/cong-tac-vien/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Cộng tác viên khuyến công</h1>" in html
    assert 'src="/huong-dan/img/ctv-khao-sat-moi.png"' in html
    image = client.get("/huong-dan/img/ctv-khao-sat-moi.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert client.get("/huong-dan/img/..%2F00-bat-dau.md").status_code == 404
    assert client.get("/huong-dan/khong-co/").status_code == 404


def test_every_page_links_the_guide(client, personas):
    assert 'href="/huong-dan/"' in client.get("/accounts/login/").content.decode()
    client.force_login(User.objects.get(username="lamdong"))
    for url in ["/", "/clusters/", "/reports/submissions/"]:
        assert 'href="/huong-dan/"' in client.get(url).content.decode(), url


def test_the_guide_is_one_pdf(client):
    response = client.get("/huong-dan/huong-dan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    document = guide.guide_document()
    assert len(document.pages) >= len(guide.chapters()) + 2  # cover, contents, each chapter on a new page
    anchors = {name for page in document.pages for name in page.anchors}
    assert {f"chuong-{c.slug}" for c in guide.chapters()} <= anchors
