"""Locust users for the load benchmark (``lms.bench.load``): ASN browsing the catalog,
opening their home page, and enrolling into (then leaving) an open offering.

Run only by ``lms.bench.load``, which prepares the logins and the offering and passes them
in ``BANGKOM_LOAD_PLAN`` (a JSON file). Locust monkey-patches the standard library with
gevent when it starts, so this module is never imported by Django or by the tests.
"""

import itertools
import json
import os
import re
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["BANGKOM_LOAD_PLAN"]).read_text(encoding="utf-8"))
LOGINS = itertools.cycle(PLAN["usernames"])
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Asn(HttpUser):
    """One civil servant with a login of their own (never shared between users)."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.username = next(LOGINS)
        page = self._send("GET", PLAN["login_path"], name="login page")
        token = CSRF_FIELD.search(page.text)
        with self._send(
            "POST",
            PLAN["login_path"],
            data={"username": self.username, "password": PLAN["password"], "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": self.host + PLAN["login_path"]},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} answered {response.status_code}")

    def _send(self, method: str, path: str, **options):
        # Production settings mark the session and CSRF cookies Secure; TLS ends at the proxy in front of
        # gunicorn, so on this loopback the client sends them over plain HTTP as that proxy would.
        for cookie in self.client.cookies:
            cookie.secure = False
        return self.client.request(method, path, **options)

    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    @task(3)
    def catalog(self) -> None:
        self._send("GET", PLAN["catalog_path"], name="catalog page")

    @task(2)
    def catalog_api(self) -> None:
        self._send("GET", PLAN["offerings_api_path"], name="catalog API (offerings)")

    @task(3)
    def home(self) -> None:
        self._send("GET", PLAN["home_path"], name="ASN home page")

    @task(1)
    def enroll_and_leave(self) -> None:
        headers = {"X-CSRFToken": self._csrf(), "Referer": self.host + PLAN["catalog_path"]}
        with self._send(
            "POST",
            PLAN["enroll_path"],
            json={"offering": PLAN["offering_id"]},
            headers=headers,
            name="enroll",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"enroll answered {response.status_code}: {response.text[:200]}")
                return
            enrollment_id = response.json()["id"]
        with self._send(
            "POST",
            PLAN["cancel_path"].format(id=enrollment_id),
            json={"reason": "load test"},
            headers=headers,
            name="cancel enrollment",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"cancel answered {response.status_code}: {response.text[:200]}")
