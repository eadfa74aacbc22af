"""Load test of bench/run.py: signed-in officers and central staff, mixed reads and writes.

Each simulated user signs in through the login page (as the province officer or the central user that
bench/run.py created in the throw-away database), then, with a short think time, mostly reads (list
pages with filters and paging, detail pages, API lists, the report page) and sometimes writes: the
officer registers a rural industrial establishment through the API (a real insert with its history
row). Any answer other than the expected status counts as an error.
"""

import itertools
import os
import random
import re
from collections import defaultdict

from gevent.lock import Semaphore
from locust import HttpUser, between, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "khuyencong-bench")
_counter = itertools.count(1)
_SESSIONS = {}  # username → cookies of its signed-in session, shared by the simulated users of that account
_SIGNING_IN = defaultdict(Semaphore)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_LINK = re.compile(r'href="/(programs|clusters|facilities)/(\d+)/"')


class Officer(HttpUser):
    """A user of the province officer (3 of 4 users) or the central agency (1 of 4)."""

    wait_time = between(0.5, 2.0)

    def on_start(self):
        number = next(_counter)
        self.username = "bench-central" if number % 4 == 0 else "bench-lamdong"
        self.province = None
        self.details = []
        # Sign in once per account and share its session: a password check costs ~0.5 s of CPU by design
        # (PBKDF2), and 50 simultaneous sign-ins in the first seconds would measure nothing but that
        # queue. Real officers sign in once a day, not 50 at the same second.
        with _SIGNING_IN[self.username]:  # the users who arrive meanwhile wait for the first one's session
            cookies = _SESSIONS.get(self.username)
            if cookies:
                self.client.cookies.update(cookies)
                return
            self._sign_in()

    def _sign_in(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = _CSRF.search(page.text)
        response = self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
        )
        if response.status_code != 200 or "/accounts/login/" in response.url:
            raise RuntimeError(f"login failed for {self.username}: {response.status_code}")
        _SESSIONS[self.username] = self.client.cookies.get_dict()

    def _remember(self, response):
        for kind, pk in _LINK.findall(response.text)[:10]:
            self.details.append(f"/{kind}/{pk}/")
        self.details = self.details[-30:]

    @task(4)
    def project_list(self):
        year = random.randint(2010, 2026)
        response = self.client.get(f"/programs/?year={year}&level=local", name="/programs/?year&level")
        self._remember(response)

    @task(2)
    def project_list_page(self):
        self.client.get(f"/programs/?page={random.randint(1, 5)}", name="/programs/?page")

    @task(3)
    def cluster_list(self):
        status = random.choice(["operating", "planned", "established", ""])
        response = self.client.get(f"/clusters/?status={status}", name="/clusters/?status")
        self._remember(response)

    @task(2)
    def facility_search(self):
        word = random.choice(["ca phe", "may tre", "co khi", "gom", "det may"])
        response = self.client.get(f"/facilities/?q={word}", name="/facilities/?q")
        self._remember(response)

    @task(4)
    def detail(self):
        if self.details:
            url = random.choice(self.details)
            self.client.get(url, name="/" + url.split("/")[1] + "/<id>/")

    @task(2)
    def api_list(self):
        path = random.choice(["programs/projects", "clusters/clusters", "facilities", "clusters/tenants"])
        self.client.get(f"/api/v1/{path}/", name=f"/api/v1/{path}/")

    @task(1)
    def reports(self):
        self.client.get("/reports/", name="/reports/")

    @task(1)
    def register_facility(self):
        if self.username == "bench-central":
            self.client.get("/facilities/?kind=cooperative", name="/facilities/?kind")
            return
        if self.province is None:
            data = self.client.get("/api/v1/facilities/?page_size=1", name="/api/v1/facilities/").json()
            results = data.get("results", data) if isinstance(data, dict) else data
            self.province = results[0]["province"] if results else None
            if self.province is None:
                return
        token = self.client.cookies.get("csrftoken", "")
        number = random.randint(1, 10**9)
        with self.client.post(
            "/api/v1/facilities/",
            json={
                "name": f"Cơ sở tải thử {number}",
                "kind": "household",
                "province": self.province,
                "allow_duplicate": True,
            },
            headers={"X-CSRFToken": token, "Referer": f"{self.host}/facilities/"},
            name="POST /api/v1/facilities/",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
