"""Browser walk per demo persona: home, two lists, one record, one form and one report, at 1366×768 and at
360×740, with screenshots in test-output/personas/ (gitignored; not pytest-playwright's test-results/,
which every pytest run with the plugin empties).

Fails on any console error, any menu link that does not answer 200 (a 403 above all), any page that
scrolls sideways at 360 px, any common English UI word on a Vietnamese page (and Vietnamese on the
English home), and any serious or critical axe-core violation (axe-core 4.14.1, vendored from npm in
core/tests/vendor/axe-core/). The personas are the demo's logins, read from the database after the demo
is loaded, so a persona added to accounts/demo.py is walked without changing this file.

One test loads the demo once for every persona: a transactional test per parameter reloads it, minutes
on PostgreSQL. Every problem of every persona is gathered and reported together.
"""

import re
import unicodedata
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"  # axe-core 4.14.1
SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
WIDEST = """() => Array.from(document.querySelectorAll("body *"))
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 3).map((e) => e.tagName + "." + e.className + "#" + e.id)"""
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length,
                   first: v.nodes[0].target.join(" ") + " " + v.nodes[0].html.slice(0, 160),
                   why: v.nodes[0].failureSummary.split("\\n").slice(1, 2).join("").trim() }));
}"""
# The words a person reads as the page's own (not the records'): headings, labels, buttons, menus.
UI_TEXT = """() => Array.from(document.querySelectorAll(`h1, h2, h3, h4, th, label, legend, button, summary,
    figcaption, caption, nav a, .message, .quick-links a`))
  .filter((e) => e.offsetParent !== null || e.getClientRects().length)
  .map((e) => e.innerText).join("\\n")"""

# Lists in the order personas take them (each persona starts one further, so the walk covers more).
LISTS = [
    "/clusters/",
    "/programs/",
    "/facilities/",
    "/inspections/",
    "/correspondence/",
    "/programs/plans/",
    "/inspections/recommendations/",
    "/surveys/",
    "/accounts/organisations/",
    "/geography/",
]
REPORTS = ["/reports/dashboard/", "/reports/", "/reports/submissions/", "/deadlines/"]
# A form when the persona may edit no record of its lists: the survey, else the second-factor set-up
# that every signed-in user has.
FORMS = ["/surveys/collect/", "/accounts/otp/setup/"]
NOT_LISTS = {"/clusters/map/", "/surveys/collect/", "/imports/"}

# Common English UI words that must not show on a Vietnamese page (case-sensitive, whole words). Words
# that Vietnamese pages use as they are (Menu, Email, Excel, PDF, API, OK) are not in the list, nor
# English words that are also Vietnamese ones ("In" is Print, "to" is big).
ENGLISH = re.compile(
    r"\b(Save|Cancel|Delete|Edit|Search|Filter|Show|Next|Previous|Status|Province|Total|Name|Date|Log out|"
    r"Sign in|Add|New|Back|Download|Export|Print|Submit|Approve|Reject|History|Details|Yes|None|Required|"
    r"Number of|Clusters|Industrial|Promotion|Report|Reports|Dashboard|Profile|Home|Guide|Legend|Colour|"
    r"Overdue|Area|Plan year|Content category|Share of|archipelago|of the|and the|with the|by the|My|your|"
    r"you|is|are|Support|What|Which|for|by|it|on|at|per|or|not|all|only|each|this|that)\b"
)
# Vietnamese UI words that must not show on the English home.
VIETNAMESE = re.compile(
    r"(Đăng xuất|Tìm kiếm|Trạng thái|Cụm công nghiệp|Khuyến công địa phương|Báo cáo|Quản trị|Hướng dẫn|"
    r"Trang chủ|Thêm mới|Lưu|Hủy)"
)

# Known problems on pages that others are changing right now: (kind, rule or word, path as a regular
# expression). Each entry says what is wrong; remove it when that is fixed. Anything not listed fails.
KNOWN = set()  # (kind, what, URL pattern): a known problem of a page being changed; empty when none


def demo_personas():
    """The demo's logins (accounts/demo.py gives each an address @demo.khuyencong.invalid), in order."""
    from khuyencong.accounts.models import User

    return list(
        User.objects.filter(email__endswith="@demo.khuyencong.invalid")
        .order_by("pk")
        .values_list("username", flat=True)
    )


def known(kind, what, url):
    return any(k == kind and w == what and re.fullmatch(path, url) for k, w, path in KNOWN)


def test_each_persona_walks_its_pages(live_server, page, demo, pytestconfig):
    """One demo load for every persona (a transactional test reloads it each time: minutes on CI)."""
    personas = demo_personas()
    assert {"trunguong", "lamdong", "hanoi", "nhadautu", "ctv"} <= set(personas)
    shots = pytestconfig.rootpath / "test-output" / "personas"
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    axe_source = AXE.read_text(encoding="utf-8")
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: console error: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: script error: {exc}"))
    for index, persona in enumerate(personas):
        page.context.clear_cookies()
        walk(page, live_server.url, persona, index, shots, axe_source, problems)
    print(f"screenshots: {shots}")
    assert not problems, "\n".join(problems)


def walk(page, base, persona, index, shots, axe_source, problems):
    def problem(text):
        problems.append(f"{persona}: {text}")

    page.set_viewport_size(DESKTOP)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", persona)
    page.fill("#id_password", "khuyencong-demo")
    page.click("button[type=submit]")
    page.wait_for_selector("main h1")

    # Desktop: the menu is one row under the top bar, the page keeps a margin, each group opens.
    links = page.eval_on_selector_all("#main-menu a", "links => links.map(a => a.getAttribute('href'))")
    assert links and len(links) == len(set(links)), persona
    assert page.locator("#main-menu > ul").bounding_box()["height"] < 60, f"{persona}: the menu wraps"
    assert page.locator("main h1").bounding_box()["x"] >= 16, f"{persona}: the content touches the edge"
    page.locator("#main-menu summary").first.click()
    page.screenshot(path=shots / f"{persona}-menu-1366.png")
    for url in links:
        status = page.request.get(base + url).status
        if status != 200:
            problem(f"menu link {url} answers {status}")

    pages = choose_pages(page, base, links, index)
    if len(pages) < 6:
        problem(f"walks only {[name for name, _ in pages]}")
    for name, url in pages:
        page.set_viewport_size(DESKTOP)
        page.goto(base + url)
        page.wait_for_load_state("load")
        page.screenshot(path=shots / f"{persona}-{name}-1366.png", full_page=True)
        check_language(page, url, ENGLISH, "english", problem)
        if name in ("list1", "record"):
            check_print(page, url, shots / f"{persona}-{name}.pdf", problem)
        check_axe(page, url, axe_source, "1366 px", problem)
        page.set_viewport_size(PHONE)
        page.goto(base + url)
        page.wait_for_load_state("load")
        page.screenshot(path=shots / f"{persona}-{name}-360.png", full_page=True)
        if page.evaluate(SCROLLS_SIDEWAYS):
            problem(f"{url} scrolls sideways at 360 px: {page.evaluate(WIDEST)}")
        check_axe(page, url, axe_source, "360 px", problem)

    # Phone: the menu hides behind a button; no page of the menu scrolls sideways.
    page.goto(base + "/")
    assert not page.locator("#main-menu").is_visible(), persona
    page.click(".menu-toggle")
    page.locator("#main-menu summary").first.click()
    page.screenshot(path=shots / f"{persona}-menu-360.png")
    for url in links:
        page.goto(base + url)
        if page.evaluate(SCROLLS_SIDEWAYS):
            problem(f"{url} scrolls sideways at 360 px: {page.evaluate(WIDEST)}")

    # The English home has no Vietnamese UI words; then back to Vietnamese for the next persona.
    page.set_viewport_size(DESKTOP)
    page.goto(base + "/")
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    page.screenshot(path=shots / f"{persona}-home-en-1366.png", full_page=True)
    check_language(page, "/", VIETNAMESE, "vietnamese", problem)
    page.select_option("select[name=language]", "vi")
    page.wait_for_selector("html[lang=vi]")


def choose_pages(page, base, links, index):
    """[(name, url)]: home, two lists of the persona's menu, a record of the first list with rows, a form
    (that record's edit page, else a list's add page, else the survey form), a report."""
    pages = [("home", "/")]
    report = next((url for url in REPORTS if url in links), None)
    lists = [url for url in LISTS if url in links]
    if lists:
        start = index % len(lists)
        lists = (lists[start:] + lists[:start])[:2]
    # A persona with one known list takes another page of its menu (its own registers, due items).
    others = [url for url in links if url not in NOT_LISTS and url not in lists and url != report]
    lists += others[: 2 - len(lists)]
    record = form = None
    for number, url in enumerate(lists, 1):
        pages.append((f"list{number}", url))
        page.goto(base + url)
        hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
        if record is None:
            record = next((h for h in hrefs if re.fullmatch(re.escape(url) + r"\d+/", h)), None)
        if form is None:
            form = next((h for h in hrefs if re.fullmatch(re.escape(url) + r"(new|add)/", h)), None)
    if record:
        pages.append(("record", record))
        page.goto(base + record)
        hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
        form = next((h for h in hrefs if h == record + "edit/"), form)
    form = form or next((url for url in FORMS if url in links or url.startswith("/accounts/")), None)
    if form:
        pages.append(("form", form))
    if report:
        pages.append(("report", report))
    return pages


def check_axe(page, url, source, width, problem):
    """Serious and critical axe-core violations of the page as it is now. The script goes in through the
    debugger protocol, which the page's Content-Security-Policy does not restrict."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(source)
    for violation in page.evaluate(RUN_AXE):
        if not known("axe", violation["id"], url):
            problem(
                f"{url}: axe {violation['impact']} {violation['id']} at {width} on {violation['count']} "
                f"elements, first {violation['first']} ({violation['why']})"
            )


PRINTED = """() => {
  const style = (e, pseudo) => getComputedStyle(e, pseudo);
  const shown = (e) => e && style(e).display !== "none";
  const rows = Array.from(document.querySelectorAll("main tr"));
  const links = Array.from(document.querySelectorAll("main a[href]"));
  return {
    header: shown(document.querySelector(".site-header")) || shown(document.querySelector("footer")),
    title: shown(document.querySelector("main h1")),
    tables: Array.from(document.querySelectorAll("main table")).filter(shown).length,
    splitRows: rows.filter((r) => style(r).breakInside !== "avoid").length,
    scrolling: Array.from(document.querySelectorAll("main .table-wrap")).filter(
      (w) => style(w).overflowX !== "visible").length,
    urls: links.filter((a) => !["none", "normal"].includes(style(a, "::after").content)).length,
  };
}"""


def check_print(page, url, pdf, problem):
    """print.css: no header or footer, the title and tables kept, rows unbroken, no URL after links."""
    page.emulate_media(media="print")
    printed = page.evaluate(PRINTED)
    page.pdf(path=pdf, format="A4")
    page.emulate_media(media="screen")
    expected = {"header": False, "title": True, "splitRows": 0, "scrolling": 0, "urls": 0}
    wrong = {key: printed[key] for key, value in expected.items() if printed[key] != value}
    if wrong or (page.locator("main table").count() and not printed["tables"]):
        problem(f"{url}: printed {printed}")


def check_language(page, url, pattern, kind, problem):
    text = unicodedata.normalize("NFC", page.evaluate(UI_TEXT))
    found = sorted({match.group(0) for match in pattern.finditer(text)})
    wrong = [word for word in found if not known(kind, word, url)]
    if wrong:
        lines = [line for line in text.splitlines() if any(word in line for word in wrong)][:5]
        problem(f"{url}: {kind} words {wrong} in {lines}")
