"""The user guide's screenshots: the screens each chapter shows, taken in the browser with the demo data at
1366×768 and written to docs/guide/img/ (committed), so the guide shows the screens as they are.

Run `make test-e2e` (or `pytest -m e2e khuyencong/core/tests/test_e2e_guide.py`) after changing a screen, look
at the new pictures, and commit them with the change. test_guide.py checks that every picture the guide
refers to exists."""

import pytest

from khuyencong.core.guide import IMAGE_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}

# persona -> [(picture name, path or a callable taking the page, whether to open the menu first)]
SCREENS = {
    None: [
        ("dang-nhap", "/accounts/login/"),
        ("danh-muc-cong-khai", "/catalogue/"),
        ("huong-dan", "/huong-dan/"),
    ],
    "lamdong": [
        ("lamdong-trang-chu", "/"),
        ("lamdong-menu", "menu"),
        ("lamdong-cum-cong-nghiep", "/clusters/"),
        ("lamdong-cum-chi-tiet", "first:/clusters/:table a[href^='/clusters/']"),
        ("lamdong-de-an", "/programs/"),
        ("lamdong-de-an-chi-tiet", "first:/programs/:table a[href^='/programs/']"),
        ("lamdong-ke-hoach", "/programs/plans/"),
        ("lamdong-co-so", "/facilities/"),
        ("lamdong-bao-cao-dinh-ky", "/reports/submissions/"),
        ("lamdong-chuoi-bao-cao", "/reports/submissions/chain/"),
        ("lamdong-han-xu-ly", "/deadlines/"),
        ("lamdong-cong-van", "/correspondence/"),
        ("lamdong-nhap-excel", "/imports/"),
        ("lamdong-kiem-tra", "/inspections/recommendations/"),
        ("lamdong-mang-luoi", "/surveys/"),
    ],
    "trunguong": [
        ("trunguong-trang-chu", "/"),
        ("trunguong-bao-cao-dinh-ky", "/reports/submissions/"),
        ("trunguong-bang-dieu-khien", "/reports/dashboard/"),
        ("trunguong-bao-cao-tong-hop", "/reports/"),
    ],
    "nhadautu": [
        ("nhadautu-trang-chu", "/"),
        ("nhadautu-cum", "first:/clusters/:table a[href^='/clusters/']"),
        ("nhadautu-bao-cao", "/reports/submissions/"),
    ],
    "ctv": [
        ("ctv-trang-chu", "/"),
        ("ctv-khao-sat-moi", "/surveys/collect/"),
        ("ctv-phan-cong", "/surveys/"),
    ],
    # Tenant and commune officer: taken once the demo has these personas (accounts/demo.py).
    "doanhnghiep": [("doanhnghiep-trang-chu", "/"), ("doanhnghiep-bao-cao", "/reports/submissions/")],
    "xa": [("xa-trang-chu", "/"), ("xa-bao-cao", "/reports/submissions/")],
}


def test_guide_screenshots(live_server, page, demo):
    """One demo load; every persona signs in and the screens of their chapter are saved."""
    from khuyencong.accounts.models import User

    IMAGE_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    taken = []
    for persona, screens in SCREENS.items():
        page.context.clear_cookies()
        if persona is not None:
            if not User.objects.filter(username=persona).exists():
                continue
            sign_in(page, live_server, persona)
        for name, target in screens:
            show(page, live_server, target)
            page.screenshot(path=IMAGE_DIR / f"{name}.png")
            taken.append(name)
    assert {"lamdong-trang-chu", "trunguong-trang-chu", "nhadautu-trang-chu", "ctv-khao-sat-moi"} <= set(
        taken
    )
    print(f"{len(taken)} screenshots in {IMAGE_DIR}")


def sign_in(page, live_server, persona):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", persona)
    page.fill("#id_password", "khuyencong-demo")
    page.click("button[type=submit]")
    page.wait_for_selector(".my-work")


def show(page, live_server, target):
    if target == "menu":
        page.goto(live_server.url + "/")
        page.locator("#main-menu summary").first.click()
        return
    if target.startswith("first:"):
        _first, list_path, selector = target.split(":", 2)
        page.goto(live_server.url + list_path)
        link = page.locator(selector).first
        href = link.get_attribute("href")
        page.goto(live_server.url + href)
    else:
        page.goto(live_server.url + target)
    page.wait_for_load_state("networkidle")
