"""Benchmark the cohort dashboard on a large generated data set (``make
bench-dashboard`` or ``python -m portal.benchmark_dashboard --help``).

Builds 5,000 participants × 12 modules with 100,000 attempts in a temporary SQLite
database (and, when ``DATABASE_URL`` names a PostgreSQL server, in a temporary database
created there and dropped afterwards), then renders the dashboard in-process through
the test client and prints the server time (median, p95) and the number of queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url

ADMIN, PASSWORD = "bench-admin@example.org", "benchmark-password"


@contextmanager
def scratch_postgres(url: str):
    """A fresh database on the server of ``url``, dropped afterwards."""
    import psycopg

    base = make_url(url).set(drivername="postgresql")
    name = f"bench_dashboard_{os.getpid()}"
    admin_url = base.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(url: str, args) -> dict:
    from flask_migrate import upgrade

    from portal import create_app
    from portal.analytics.generator import generate
    from portal.extensions import db
    from portal.services.users import create_user
    from portal.timeutil import utcnow

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret",
            "WTF_CSRF_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
        }
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        began = time.perf_counter()
        made = generate(args.participants, args.modules, args.attempts, utcnow())
        built = time.perf_counter() - began
        create_user(ADMIN, "Benchmark Admin", PASSWORD, "admin")
        engine = db.engine
    client = app.test_client()
    client.post("/login", data={"email": ADMIN, "password": PASSWORD})
    path = f"/analytics/cohorts/{made.cohort_id}"
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def measure(runs: int, cold: bool) -> list[float]:
        timings = []
        for _ in range(runs):
            if cold:  # drop the per-process copy: recompute from the database
                cache = app.extensions.get("dashboard_cache")
                if cache is not None:
                    cache.entries.clear()
            statements.clear()
            began = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
        return sorted(timings)

    cold = measure(args.cold, cold=True)
    cold_queries = len(statements)
    measure(args.warmup, cold=False)
    timings = measure(args.runs, cold=False)
    response = client.get(path)
    return {
        "cold_median_ms": statistics.median(cold),
        "cold_queries": cold_queries,
        "database": make_url(url).get_backend_name(),
        "build_seconds": built,
        "participants": made.participants,
        "attempts": made.attempts,
        "lessons": made.lessons,
        "median_ms": statistics.median(timings),
        "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)],
        "queries": len(statements),
        "bytes": len(response.data),
    }


def report(result: dict) -> None:
    print(
        f"{result['database']}: {result['participants']} participants, "
        f"{result['lessons']} lessons done, {result['attempts']} attempts "
        f"(generated in {result['build_seconds']:.1f} s)\n"
        f"  computed from the database: median {result['cold_median_ms']:.0f} ms, "
        f"{result['cold_queries']} queries\n"
        f"  unchanged data (cached copy checked by one query): "
        f"median {result['median_ms']:.0f} ms, "
        f"p95 {result['p95_ms']:.0f} ms, {result['queries']} queries, "
        f"{result['bytes'] // 1024} KiB of HTML"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--modules", type=int, default=12)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--cold", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report(run("sqlite:///" + str(Path(folder) / "bench.db"), args))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        with scratch_postgres(url) as scratch:
            report(run(scratch, args))


if __name__ == "__main__":
    main()
