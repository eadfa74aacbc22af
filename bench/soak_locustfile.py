"""Workload of `make soak` (bench/soak.py): the demo personas, mixed reads and writes, for a long run.

Users are the demo personas of `khuyencong setup --demo` (password `khuyencong-demo`, a throw-away
database only): in every ten users three act as the Lâm Đồng officer, three as the Hà Nội officer, two as
the central agency, one as the investor and one as the collaborator. Each signs in through the login
page, then, with a think time of 1-3 s, reads the pages and API lists its role uses (lists with filters
and paging, detail and history pages it finds in those lists, reports, the public catalogue) and, for the
officers, writes: registers an establishment through the API and through the web form, and corrects the
worker count of one it registered (API PATCH), each write leaving its history row.

Every request states the status it must get; any other answer (and any 5xx) is a failure. soak.py passes
the officers' province ids in SOAK_PROVINCES (JSON: {"lamdong": id, "hanoi": id}).
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("SOAK_PASSWORD", "khuyencong-demo")
PROVINCES = json.loads(os.environ.get("SOAK_PROVINCES", "{}"))
# Ten users: 3 Lâm Đồng officers, 3 Hà Nội officers, 2 central, 1 investor, 1 collaborator.
ROLES = [
    "lamdong",
    "hanoi",
    "trunguong",
    "lamdong",
    "hanoi",
    "nhadautu",
    "lamdong",
    "hanoi",
    "trunguong",
    "ctv",
]
OFFICERS = {"lamdong", "hanoi"}
_counter = itertools.count()
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_LINK = re.compile(r'href="/(programs|clusters|facilities)/(\d+)/"')

# (url, name in the statistics) read by each role; every one must answer 200.
READS = {
    "lamdong": [
        ("/", "/"),
        ("/programs/", "/programs/"),
        ("/programs/?status=in_progress", "/programs/?status"),
        ("/programs/plans/", "/programs/plans/"),
        ("/clusters/", "/clusters/"),
        ("/clusters/?status=operating", "/clusters/?status"),
        ("/facilities/", "/facilities/"),
        ("/facilities/?q=ca phe", "/facilities/?q"),
        ("/reports/", "/reports/"),
        ("/api/v1/programs/projects/", "/api/v1/programs/projects/"),
        ("/api/v1/clusters/clusters/", "/api/v1/clusters/clusters/"),
        ("/api/v1/facilities/", "/api/v1/facilities/"),
    ],
    "trunguong": [
        ("/", "/"),
        ("/programs/", "/programs/"),
        ("/programs/?level=national", "/programs/?level"),
        ("/clusters/", "/clusters/"),
        ("/facilities/?kind=household", "/facilities/?kind"),
        ("/reports/", "/reports/"),
        ("/api/v1/programs/projects/", "/api/v1/programs/projects/"),
        ("/api/v1/clusters/clusters/", "/api/v1/clusters/clusters/"),
    ],
    "nhadautu": [
        ("/", "/"),
        ("/clusters/", "/clusters/"),
        ("/api/v1/clusters/clusters/", "/api/v1/clusters/clusters/"),
    ],
    "ctv": [
        ("/", "/"),
        ("/surveys/", "/surveys/"),
    ],
}
READS["hanoi"] = READS["lamdong"]
PUBLIC = [("/catalogue/", "/catalogue/ (public)")]


class Persona(HttpUser):
    wait_time = between(1.0, 3.0)

    def on_start(self):
        self.role = ROLES[next(_counter) % len(ROLES)]
        self.details = []
        self.mine = []  # establishments this user registered (pk)
        page = self.client.get("/accounts/login/", name="login page")
        token = _CSRF.search(page.text)
        response = self.client.post(
            "/accounts/login/",
            data={
                "username": self.role,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
        )
        if response.status_code != 200 or "/accounts/login/" in response.url:
            raise RuntimeError(f"login failed for {self.role}: {response.status_code}")

    # -- helpers -------------------------------------------------------------------------------------

    def _get(self, url, name, remember=False):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {self.role} {response.error or ''}")
                return
            if remember:
                for kind, pk in _LINK.findall(response.text)[:10]:
                    self.details.append(f"/{kind}/{pk}/")
                self.details = self.details[-40:]

    def _write_headers(self, referer):
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": f"{self.host}{referer}"}

    # -- reads ---------------------------------------------------------------------------------------

    @task(10)
    def read_page(self):
        url, name = random.choice(READS[self.role])
        self._get(url, name, remember=not url.startswith("/api/"))

    @task(5)
    def read_detail(self):
        if not self.details:
            return self.read_page()
        url = random.choice(self.details)
        kind = url.split("/")[1]
        self._get(url, f"/{kind}/<id>/")
        if random.random() < 0.25:
            self._get(f"{url}history/", f"/{kind}/<id>/history/")
        return None

    @task(1)
    def public_catalogue(self):
        url, name = random.choice(PUBLIC)
        self._get(url, name)

    # -- writes (officers) ---------------------------------------------------------------------------

    @task(2)
    def register_through_api(self):
        if self.role not in OFFICERS:
            return
        number = random.randint(1, 10**9)
        with self.client.post(
            "/api/v1/facilities/",
            json={
                "name": f"Cơ sở chạy bền {number}",
                "kind": "household",
                "province": PROVINCES[self.role],
                "workers": random.randint(1, 50),
                "allow_duplicate": True,
            },
            headers=self._write_headers("/facilities/"),
            name="POST /api/v1/facilities/",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.error or response.text[:200]}")
                return
            self.mine.append(response.json()["id"])
            self.mine = self.mine[-20:]

    @task(1)
    def register_through_form(self):
        if self.role not in OFFICERS:
            return
        page = self.client.get("/facilities/new/", name="/facilities/new/")
        token = _CSRF.search(page.text)
        number = random.randint(1, 10**9)
        with self.client.post(
            "/facilities/new/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "name": f"Cơ sở nhập tay {number}",
                "kind": "household",
                "province": PROVINCES[self.role],
                "workers": str(random.randint(1, 50)),
                "allow_duplicate": "on",
            },
            headers={"Referer": f"{self.host}/facilities/new/"},
            name="POST /facilities/new/",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}: {response.error or 'form refused'}")

    @task(2)
    def correct_workers(self):
        if self.role not in OFFICERS or not self.mine:
            return
        pk = random.choice(self.mine)
        with self.client.patch(
            f"/api/v1/facilities/{pk}/",
            json={"workers": random.randint(1, 80)},
            headers=self._write_headers(f"/facilities/{pk}/"),
            name="PATCH /api/v1/facilities/<id>/",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.error or response.text[:200]}")
