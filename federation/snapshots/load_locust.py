"""The HTTP side of ``sokoguru bench load``: a kelurahan's morning, run by Locust as a library
(headless, bounded) against a running server. Started by the bench as its own process —
``python -m sokoguru.federation.snapshots.load_locust CONFIG.json OUT.json`` — because Locust
patches the process for gevent; this module imports nothing of Django.

Counters (one kasir per cooperative) log in with the API token login on their cooperative's host,
read their members and active loans once, then post sukarela deposits and loan repayments through
the cooperative GraphQL API. Officials log in to the dashboard (form and session cookie) and get
an API token on the platform host, then read the kelurahan dashboard and the federation API.
First a baseline: the same requests one after the other by one client (and ``/healthz``).
OUT.json gets per request kind the count, errors, p50/p95/p99 (seconds) and throughput, the
baseline's figures and the rupiah each cooperative's counter had accepted (for the books check).
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import itertools  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import defaultdict  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.clients import HttpSession  # noqa: E402
from locust.env import Environment  # noqa: E402

DEPOSIT = """mutation($input: SukarelaDepositInput!) {
  sukarelaDeposit(input: $input) { errors { field code message } movement { amount } }
}"""
REPAY = """mutation($input: LoanRepayInput!) {
  loanRepay(input: $input) { errors { field code message } repayment { id } }
}"""
BOOKS = """{ members(first: 100) { edges { node { id } } }
  loans(status: [ACTIVE], first: 100) { edges { node { id } } } }"""
BODIES = "{ federationBodies { id key } }"
FEDERATION = """query($body: ID!) {
  federationAggregate(body: $body) { membersActive savings { sukarela total }
    loans { count outstanding nplRatio } }
  supervisedCooperatives(body: $body, first: 30) {
    edges { node { slug snapshot { savings { total } loans { outstanding } } } } }
}"""

# Rupiah each cooperative's counter had accepted: {slug: {"deposits": int, "repayments": int}}.
ACCEPTED: dict[str, dict[str, int]] = defaultdict(lambda: {"deposits": 0, "repayments": 0})
# At the end no new posting starts and the ones under way finish (their answers are counted).
STATE = {"stopping": False, "in_flight": 0, "ready": 0}


class Failed(Exception):
    pass


def _graphql_errors(body: dict, field: str | None) -> str:
    if body.get("errors"):
        return json.dumps(body["errors"])[:300]
    payload = (body.get("data") or {}).get(field) if field else body.get("data")
    if payload is None:
        return "no data"
    if isinstance(payload, dict) and payload.get("errors"):
        return json.dumps(payload["errors"])[:300]
    return ""


def graphql(client, headers: dict, query: str, variables: dict, *, name: str, field: str):
    """POST one GraphQL operation; a transport error, a non-200 or any GraphQL or typed error
    counts as a failure of ``name``. Returns the ``data`` object (None on failure)."""
    STATE["in_flight"] += 1
    try:
        return _graphql(client, headers, query, variables, name=name, field=field)
    finally:
        STATE["in_flight"] -= 1


def _graphql(client, headers: dict, query: str, variables: dict, *, name: str, field: str):
    with client.post(
        "/graphql/",
        json={"query": query, "variables": variables},
        headers=headers,
        name=name,
        catch_response=True,
    ) as response:
        if response.status_code != 200:
            response.failure(f"HTTP {response.status_code}")
            return None
        try:
            body = response.json()
        except ValueError:
            response.failure("not JSON")
            return None
        problem = _graphql_errors(body, field)
        if problem:
            response.failure(problem)
            return None
        response.success()
        return body["data"]


class Counter:
    """One cooperative's counter: its host, token, members and loans."""

    def __init__(self, coop: dict, client):
        self.coop = coop
        self.client = client
        host = {"Host": coop["host"]}
        response = client.post(
            "/api/token/",
            json={"email": coop["email"], "password": coop["password"], "name": "bench load"},
            headers=host,
            name="token login",
        )
        if response.status_code != 201:
            raise Failed(f"token login on {coop['host']}: HTTP {response.status_code}")
        self.headers = {**host, "Authorization": f"Bearer {response.json()['token']}"}
        data = graphql(client, self.headers, BOOKS, {}, name="members + loans", field=None)
        if data is None:
            raise Failed(f"members and loans of {coop['host']} not readable")
        self.members = [e["node"]["id"] for e in data["members"]["edges"]]
        self.loans = [e["node"]["id"] for e in data["loans"]["edges"]]

    def deposit(self) -> None:
        if STATE["stopping"]:
            return
        amount = random.randrange(5, 101) * 1000  # noqa: S311
        variables = {
            "input": {
                "memberId": random.choice(self.members),  # noqa: S311
                "amount": f"{amount}.00",
                "date": self.coop["today"],
                "idempotencyKey": f"load:{uuid.uuid4()}",
            }
        }
        if graphql(
            self.client, self.headers, DEPOSIT, variables, name="deposit", field="sukarelaDeposit"
        ):
            ACCEPTED[self.coop["slug"]]["deposits"] += amount

    def repay(self) -> None:
        if STATE["stopping"]:
            return
        amount = random.randrange(5, 16) * 1000  # noqa: S311
        variables = {
            "input": {
                "loanId": random.choice(self.loans),  # noqa: S311
                "amount": f"{amount}.00",
                "date": self.coop["today"],
                "idempotencyKey": f"load:{uuid.uuid4()}",
            }
        }
        if graphql(
            self.client, self.headers, REPAY, variables, name="repayment", field="loanRepay"
        ):
            ACCEPTED[self.coop["slug"]]["repayments"] += amount


class Official:
    """A kelurahan official: a dashboard session and a federation API token."""

    def __init__(self, config: dict, web, api):
        self.web, self.api = web, api
        official = config["official"]
        self.host = {"Host": config["platform_host"]}
        self.path = official["dashboard"]
        page = web.get("/login/", headers=self.host, name="dashboard login")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status_code != 200 or match is None:
            raise Failed(f"dashboard login page: HTTP {page.status_code}")
        response = web.post(
            "/login/",
            data={
                "username": official["email"],
                "password": official["password"],
                "csrfmiddlewaretoken": match.group(1),
            },
            headers=self.host,
            name="dashboard login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise Failed(f"dashboard login: HTTP {response.status_code}")
        response = api.post(
            "/api/token/",
            json={"email": official["email"], "password": official["password"]},
            headers=self.host,
            name="token login",
        )
        if response.status_code != 201:
            raise Failed(f"federation token login: HTTP {response.status_code}")
        self.headers = {**self.host, "Authorization": f"Bearer {response.json()['token']}"}
        data = graphql(api, self.headers, BODIES, {}, name="federation bodies", field=None)
        bodies = {b["key"]: b["id"] for b in (data or {}).get("federationBodies", [])}
        if official["body_key"] not in bodies:
            raise Failed(f"{official['body_key']} not among the official's bodies: {bodies}")
        self.body = bodies[official["body_key"]]

    def dashboard(self) -> None:
        with self.web.get(
            self.path, headers=self.host, name="dashboard", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif self.path not in response.url:
                response.failure(f"redirected to {response.url}")
            else:
                response.success()

    def federation(self) -> None:
        graphql(
            self.api,
            self.headers,
            FEDERATION,
            {"body": self.body},
            name="federation API",
            field="federationAggregate",
        )


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def baseline(config: dict, environment: Environment) -> dict:
    """Each request kind ``rounds`` times, one after the other, by one client."""
    base = config["base_url"]
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)

    def on_request(request_type, name, response_time, response_length, exception=None, **kw):
        if exception is not None:
            errors[name] += 1
        else:
            times[name].append(response_time / 1000)

    events = environment.events.request
    events.add_listener(on_request)
    client = HttpSession(base, request_event=events, user=None)
    web = HttpSession(base, request_event=events, user=None)
    counter = Counter(config["cooperatives"][0], client)
    official = Official(config, web, HttpSession(base, request_event=events, user=None))
    for _ in range(config["rounds"]):
        counter.deposit()
        counter.repay()
        official.dashboard()
        official.federation()
        client.get("/healthz", headers={"Host": config["platform_host"]}, name="healthz")
    events.remove_listener(on_request)
    kinds = ("deposit", "repayment", "dashboard", "federation API", "healthz")
    return {
        kind: {
            "requests": len(times[kind]) + errors[kind],
            "errors": errors[kind],
            "p50": round(statistics.median(times[kind]), 4) if times[kind] else 0.0,
            "p95": round(_percentile(times[kind], 0.95), 4),
        }
        for kind in kinds
    }


def main(config_path: str, out_path: str) -> int:
    with open(config_path, encoding="utf-8") as fh:
        config = json.load(fh)
    cooperatives = itertools.cycle(config["cooperatives"])
    think = config["think_seconds"]

    class CounterUser(HttpUser):
        host = config["base_url"]
        fixed_count = config["counters"]
        wait_time = between(think / 2, think * 1.5)

        def on_start(self):
            self.counter = Counter(next(cooperatives), self.client)
            STATE["ready"] += 1

        @task(3)
        def deposit(self):
            self.counter.deposit()

        @task(1)
        def repay(self):
            self.counter.repay()

    class OfficialUser(HttpUser):
        host = config["base_url"]
        fixed_count = config["officials"]
        wait_time = between(think, think * 3)

        def on_start(self):
            api = HttpSession(self.host, request_event=self.environment.events.request, user=self)
            self.official = Official(config, self.client, api)
            self.reads = itertools.cycle((self.official.dashboard, self.official.federation))
            STATE["ready"] += 1

        @task
        def read(self):
            """The dashboard and the federation API in turn."""
            next(self.reads)()

    environment = Environment(user_classes=[CounterUser, OfficialUser], catch_exceptions=True)
    base = baseline(config, environment)
    environment.stats.reset_all()
    runner = environment.create_local_runner()
    users = config["counters"] + config["officials"]
    runner.start(users, spawn_rate=config["spawn_rate"])
    spawn_deadline = time.monotonic() + users / config["spawn_rate"] + 120
    while STATE["ready"] < users and time.monotonic() < spawn_deadline:
        gevent.sleep(0.2)  # every client logged in and read its lists
    environment.stats.reset_all()  # measure the steady morning, not the logins
    started = time.monotonic()
    gevent.sleep(config["seconds"])
    STATE["stopping"] = True
    elapsed = time.monotonic() - started
    drain_deadline = time.monotonic() + 120
    while STATE["in_flight"] and time.monotonic() < drain_deadline:
        gevent.sleep(0.05)
    unfinished = STATE["in_flight"]
    runner.quit()
    stats = {}
    for (name, _method), entry in environment.stats.entries.items():
        stats[name] = {
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "p50": round(entry.get_response_time_percentile(0.5) / 1000, 4),
            "p95": round(entry.get_response_time_percentile(0.95) / 1000, 4),
            "p99": round(entry.get_response_time_percentile(0.99) / 1000, 4),
            "rps": round(entry.num_requests / elapsed, 2) if elapsed else 0.0,
        }
    failures = [
        {"name": f.name, "error": str(f.error)[:300], "count": f.occurrences}
        for f in environment.stats.errors.values()
    ]
    exceptions = [str(e["msg"])[:300] for e in environment.runner.exceptions.values()]
    result = {
        "seconds": round(elapsed, 2),
        "users": users,
        "stats": stats,
        "baseline": base,
        "failures": failures[:20],
        "exceptions": exceptions[:20],
        "accepted": dict(ACCEPTED),
        "unfinished": unfinished,
    }
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
