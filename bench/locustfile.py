"""Load test of the roles' daily paths (issue 18 §3): home, the team's queue, the client
list and a client's page, the assessment form, the encounter form and a recorded
encounter, and the statistics.

Against gunicorn on loopback with the demo data (or grown with bench/load_data.py):
  DEBUG=1 tyonjako runserver …  # or, as measured: gunicorn -c deploy/gunicorn.conf.py tyonjako.wsgi
  locust -f bench/locustfile.py --host http://127.0.0.1:8001 --headless \
         -u 32 -r 8 -t 5m --csv /tmp/load --only-summary
The statistics are asked as a lead or director does: the first unit of the form, from
the start of the year to today (the blank form alone reads nothing).
Every request must answer 200 (a 403/404/500 is counted as a failure). The demo users
all have the password "demo" (DEBUG installations only).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

PASSWORD = "demo"
CLIENT_LINK = re.compile(r'href="/clients/(?!new/|find/)([A-Za-z0-9_-]+)/"')
QUEUE_LINK = re.compile(r'href="/caseload/([A-Za-z0-9_-]+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UNIT_OPTION = re.compile(r'<option value="([A-Za-z0-9_-]+)"')


def behind_proxy(client: Any, host: str) -> None:
    """With LOAD_BEHIND_PROXY=1 the server runs with DEBUG off, as in production behind
    the reverse proxy (deploy/nginx.conf): every request says it came over HTTPS
    (X-Forwarded-Proto, SECURE_PROXY_SSL_HEADER), forms name their HTTPS origin for the
    CSRF check, and the Secure session and CSRF cookies are sent back."""
    if os.environ.get("LOAD_BEHIND_PROXY") != "1":
        return
    origin = host.replace("http://", "https://", 1).rstrip("/")
    client.headers.update({"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/"})
    send = client.request

    def request(*args: Any, **kwargs: Any) -> Any:
        # requests copies the jar for each request (its policy with it would be lost),
        # so the cookies the server marked Secure are unmarked as they arrive.
        response = send(*args, **kwargs)
        for cookie in client.cookies:
            cookie.secure = False
        return response

    client.request = request


def statistics_url(client: Any) -> str:
    """The year-to-date report of the first unit the statistics form offers."""
    form = client.get("/encounters/statistics/", name="statistics form").text
    units = UNIT_OPTION.findall(form)
    day = dt.date.today()
    if not units:
        return "/encounters/statistics/"
    return f"/encounters/statistics/?units={units[0]}&start={day.year}-01-01&end={day.isoformat()}"


class Worker(HttpUser):
    """A user of one role; subclasses name the demo user and weigh the paths."""

    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        behind_proxy(self.client, self.host)
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text)
        self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="log in",
        )
        self.teams = sorted(
            set(QUEUE_LINK.findall(self.client.get("/caseload/", name="caseload").text))
        )
        self.clients = CLIENT_LINK.findall(self.client.get("/clients/", name="client list").text)

    def get(self, url: str, name: str) -> Any:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    @task(3)
    def home(self) -> None:
        self.get("/", "home")

    @task(2)
    def client_page(self) -> None:
        if self.clients:
            self.get(f"/clients/{random.choice(self.clients)}/", "client page")

    @task(1)
    def client_list(self) -> None:
        self.get("/clients/", "client list")


class Counsellor(Worker):
    """Sosiaaliohjaaja: own clients, records encounters."""

    weight = 4
    username = "ohjaaja"

    @task(3)
    def record_form(self) -> None:
        self.get("/encounters/", "encounter form")

    @task(1)
    def assessment(self) -> None:
        if self.clients:
            self.get(f"/clients/{random.choice(self.clients)}/assessment/", "assessment form")


class SocialWorker(Counsellor):
    weight = 3
    username = "sosiaalityontekija"


class Lead(Worker):
    """Johtava sosiaalityöntekijä: the queue, assigning, the statistics."""

    weight = 2
    username = "johtava"

    @task(3)
    def queue(self) -> None:
        if self.teams:
            self.get(f"/caseload/{random.choice(self.teams)}/", "queue")

    @task(1)
    def assign_page(self) -> None:
        if self.clients:
            self.get(f"/clients/{random.choice(self.clients)}/assign/", "assign page")

    @task(1)
    def statistics(self) -> None:
        if not hasattr(self, "statistics_url"):
            self.statistics_url = statistics_url(self.client)
        self.get(self.statistics_url, "statistics")


class Director(HttpUser):
    """Palvelualueen johtaja: aggregates only."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        behind_proxy(self.client, self.host)
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text)
        self.client.post(
            "/accounts/login/",
            {"username": "johtaja", "password": PASSWORD,
             "csrfmiddlewaretoken": token.group(1) if token else ""},
            name="log in",
        )  # fmt: skip
        self.statistics_url = statistics_url(self.client)

    @task
    def statistics(self) -> None:
        with self.client.get(
            self.statistics_url, name="statistics", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
