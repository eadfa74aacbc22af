"""Browser test: a Lâm Đồng officer uploads a large file, sees the preview, confirms, watches the progress
bar move, and gets the result.

Why a thread and not `db_worker`: under pytest-django the SQLite test database lives in memory
("file:memorydb_default?mode=memory&cache=shared"), which a worker subprocess cannot open; so the job's
`dispatch` is replaced by a thread in this process that runs exactly what the worker runs (`jobs.run`).
Like the live server's request threads, the thread opens its own connection: to the same shared-cache
in-memory database on SQLite, to the test database on PostgreSQL. Robust on both.
"""

import threading
import time

import pytest
from django.db import connections

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ROWS = 3000


@pytest.fixture
def threaded_jobs(monkeypatch):
    from khuyencong.imports import jobs

    threads = []

    def dispatch(job):
        def target():
            try:
                jobs.run(job.pk)
            finally:
                connections.close_all()

        thread = threading.Thread(target=target, daemon=True)
        threads.append(thread)
        thread.start()

    monkeypatch.setattr(jobs, "dispatch", dispatch)
    yield threads
    for thread in threads:
        thread.join(timeout=120)


def test_large_import_shows_progress_and_result(
    live_server, page, geo, settings, tmp_path, threaded_jobs, monkeypatch
):
    from khuyencong.accounts.tests.factories import PASSWORD, PersonaFactory
    from khuyencong.imports import jobs
    from khuyencong.programs.models import Project
    from khuyencong.programs.reference import load

    from .workbooks import large_workbook_file

    # The import runs thousands of rows a second: the job is slowed to a few seconds (0.5 ms a row) so
    # that the page, polling every 700 ms, sees the bar between empty and full.
    run_import = jobs.import_workbook

    def slowly(*args, progress=None, **kwargs):
        def tick(n):
            time.sleep(0.0005)
            progress(n)

        return run_import(*args, progress=progress and tick, **kwargs)

    monkeypatch.setattr(jobs, "import_workbook", slowly)
    settings.MEDIA_ROOT = tmp_path / "media"
    load()
    PersonaFactory()
    path = large_workbook_file(tmp_path / "de-an-lam-dong-2026.xlsx", ROWS)

    page.goto(live_server.url + "/imports/")
    page.fill("#id_username", "lamdong")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/imports/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-submit")
    page.wait_for_selector("#preview", timeout=120_000)
    assert page.locator('[data-sheet="Đề án khuyến công"] [data-created]').inner_text().replace(
        ".", ""
    ) == str(ROWS)
    assert Project.objects.count() == 0

    page.click("#confirm-import")
    seen = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        status = page.locator("#job-status, #result")
        if page.locator("#result").count():
            break
        if status.count():
            percent = page.locator("#job-status").first.get_attribute("data-percent")
            if percent is not None and (not seen or seen[-1] != int(percent)):
                seen.append(int(percent))
        time.sleep(0.05)
    page.wait_for_selector("#result", timeout=60_000)
    # The bar was seen between empty and full, moving forward.
    assert any(0 < p < 100 for p in seen), seen
    assert seen == sorted(seen), seen
    assert page.locator('[data-sheet="Đề án khuyến công"] [data-created]').inner_text().replace(
        ".", ""
    ) == str(ROWS)
    assert page.locator("#job-progress").get_attribute("value") == "100"
    assert Project.objects.count() == ROWS
