"""The training lists through the API test client: query counts for two page sizes, and latency."""

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from rest_framework.test import APIClient

from backend.people.access import access_forget

# (label, URL name, fallback path): the catalog and the enrollments, as a coordinator lists them.
LISTS = (
    ("courses", "api:course-list", "/api/v1/courses/"),
    ("offerings", "api:offering-list", "/api/v1/offerings/"),
    ("enrollments", "api:enrollment-list", "/api/v1/enrollments/"),
)
PAGE_SIZES = (5, 50)
BENCH_USER = "koordinator"


def url_of(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0]


def measure(client, user, url: str, params: dict, requests: int) -> dict:
    """Status, results, the queries of one request, and median and p95 milliseconds over ``requests``."""

    def get():
        # A real request loads its user afresh; force_authenticate reuses one object and its cached access.
        access_forget(user)
        return client.get(url, params, secure=True)

    response = get()
    if response.status_code != 200:
        return {"status": response.status_code, "error": "The endpoint did not answer 200."}
    # Each request empties the query log when it starts; the context must start from an empty log too.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        get()
    timings = []
    for _index in range(requests):
        started = time.perf_counter()
        get()
        timings.append((time.perf_counter() - started) * 1000)
    data = response.data
    return {
        "status": 200,
        "results": len(data) if isinstance(data, list) else data.get("count"),
        "page": len(data.get("results", [])) if isinstance(data, dict) else len(data),
        "queries": len(queries.captured_queries),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95(timings), 1),
    }


def list_figures(requests: int) -> dict:
    """Each training list with page sizes 5 and 50: the query count must not depend on the page size."""
    user = get_user_model().objects.get(username=BENCH_USER)
    client = APIClient()
    client.force_authenticate(user=user)
    figures = {"user": BENCH_USER, "requests": requests, "lists": {}}
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for label, name, fallback in LISTS:
            url = url_of(name, fallback)
            cases = {
                f"page_size={size}": measure(client, user, url, {"page_size": size}, requests) for size in PAGE_SIZES
            }
            counts = {case.get("queries") for case in cases.values()}
            figures["lists"][label] = {
                "url": url,
                "cases": cases,
                "constant_queries": len(counts) == 1 and None not in counts,
            }
    return figures
