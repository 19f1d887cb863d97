"""Benchmark the cohort dashboard on a large generated data set (``make
bench-dashboard`` or ``python -m portal.benchmark_dashboard --help``).

Builds 5,000 participants × 12 modules with 100,000 attempts in a temporary SQLite
database (and, when ``DATABASE_URL`` names a PostgreSQL server, in a temporary database
created there and dropped afterwards), then renders the dashboard in-process through
the test client and prints the server time (median, p95) and the number of queries;
then, once, the view that recomputes every participant's summary, as the first view
after a change of the course's shape does.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, update
from sqlalchemy.engine import make_url

ADMIN, PASSWORD = "bench-admin@example.org", "dashboard-timing-passphrase"


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


def build(url: str, args) -> dict:
    """Migrate and fill the database at ``url``; returns what was made."""
    from flask_migrate import upgrade

    from portal.devdata.generator import generate
    from portal.services.users import create_user
    from portal.timeutil import utcnow

    app = _app(url)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        began = time.perf_counter()
        made = generate(args.participants, args.modules, args.attempts, utcnow())
        create_user(ADMIN, "Benchmark Admin", PASSWORD, "admin")
    return {**vars(made), "build_seconds": time.perf_counter() - began}


def _app(url: str):
    from portal import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret",
            "WTF_CSRF_ENABLED": False,
            "MFA_REQUIRED": False,  # it measures the dashboard, not the sign-in
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
        }
    )


def run(url: str, args) -> dict:
    """Build the data set in a child process, then measure here, in a process that
    has done nothing but serve, like a worker."""
    from portal.extensions import db
    from portal.models import ProgressSummary

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        made = pool.apply(build, (url, args))
    app = _app(url)
    with app.app_context():
        engine = db.engine
    client = app.test_client()
    client.post("/login", data={"email": ADMIN, "password": PASSWORD})
    path = f"/analytics/cohorts/{made['cohort_id']}"
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def measure(runs: int) -> list[float]:
        timings = []
        for _ in range(runs):
            statements.clear()
            began = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
        return sorted(timings)

    measure(args.warmup)
    timings = measure(args.runs)
    queries = len(statements)
    response = client.get(path)
    with app.app_context():  # as after a change of the course's shape
        db.session.execute(update(ProgressSummary).values(outline_key="stale"))
        db.session.commit()
    restale = measure(1)
    return {
        "database": make_url(url).get_backend_name(),
        "build_seconds": made["build_seconds"],
        "participants": made["participants"],
        "attempts": made["attempts"],
        "lessons": made["lessons"],
        "median_ms": statistics.median(timings),
        "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)],
        "queries": queries,
        "bytes": len(response.data),
        "restale_ms": restale[0],
    }


def report(result: dict) -> None:
    print(
        f"{result['database']}: {result['participants']} participants, "
        f"{result['lessons']} lessons done, {result['attempts']} attempts "
        f"(generated in {result['build_seconds']:.1f} s)\n"
        f"  dashboard: median {result['median_ms']:.0f} ms, "
        f"p95 {result['p95_ms']:.0f} ms, {result['queries']} queries, "
        f"{result['bytes'] // 1024} KiB of HTML\n"
        f"  once after the course's shape changed (every summary recomputed): "
        f"{result['restale_ms']:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--modules", type=int, default=12)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report(run("sqlite:///" + str(Path(folder) / "bench.db"), args))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        with scratch_postgres(url) as scratch:
            report(run(scratch, args))


if __name__ == "__main__":
    main()
