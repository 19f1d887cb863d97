"""Benchmark: a signed-in lesson page and a quiz submission under gunicorn, each against
a bare Flask route on the same server. Run with ``make bench`` (or
``python -m portal.benchmark --help``). Prints requests/s, p50 and p99, and the ratios.

GET pages are loaded with ``wrk`` when it is installed (``apt-get install wrk``), else
with a Python client; quiz submissions always use the Python client, since each one
needs a fresh attempt (start, then submit).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from portal.config import ROOT

FIXTURE = ROOT / "tests" / "data" / "course"
EMAIL, PASSWORD = "bench@example.org", "benchmark-password"
CLIENT_EMAIL = "bench{}@example.org"  # one participant per submitting client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Session:
    """A minimal HTTP client that keeps the session cookie and the CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode({**form, "csrf_token": self.token}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', text)
        if found:
            self.token = found.group(1)
        connection.close()
        return response.status, response.getheader("Location") or "", text


def prepare(workdir: Path, clients: int) -> dict[str, str]:
    """A database with the fixture course (unlimited attempts) and the participants."""
    course = workdir / "course"
    shutil.copytree(FIXTURE, course)
    quiz = course / "quizzes" / "basics.yaml"
    quiz.write_text(quiz.read_text().replace("attempts: 3", "attempts: 0"))
    env = {
        **os.environ,
        "PORTAL_SECRET_KEY": "benchmark-secret-key-of-enough-length-0123456789",
        "PORTAL_MODULES_DIR": str(course / "modules"),
        "PORTAL_QUIZZES_DIR": str(course / "quizzes"),
        "PORTAL_MEDIA_DIR": str(course / "content" / "media"),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.db'}")
    flask = [sys.executable, "-m", "flask", "--app", "portal"]
    subprocess.run([*flask, "setup"], env=env, check=True, capture_output=True)
    for email in [EMAIL, *(CLIENT_EMAIL.format(i) for i in range(clients))]:
        subprocess.run(
            [
                *flask,
                "users",
                "create",
                email,
                "--name",
                "Bench Participant",
                "--password",
                PASSWORD,
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    return env


def python_load(port: int, cookie: str, path: str, clients: int, seconds: float):
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker():
        own = []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            connection.close()
            assert response.status == 200, (path, response.status)
            own.append(time.perf_counter() - started)
        with lock:
            latencies.extend(own)

    return run_clients(lambda _: worker(), clients, latencies)


def wrk_load(port: int, cookie: str, path: str, clients: int, seconds: float):
    output = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(clients),
            "-d",
            f"{int(seconds)}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            f"http://127.0.0.1:{port}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw error responses for {path}:\n{output}")

    def millis(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"rps": rate, "p50": millis("50"), "p99": millis("99")}


def run_clients(worker, clients: int, latencies: list[float]) -> dict[str, float]:
    """Run ``worker(number)`` in ``clients`` threads at once; summarise the timings."""
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    begun = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise(latencies, time.perf_counter() - begun)


def summarise(latencies: list[float], elapsed: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "rps": len(ordered) / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


def submission_load(port: int, clients: int, seconds: float):
    """Each client starts an attempt and submits answers; only the submit is timed."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(number: int):
        session = Session(port)
        session.request("GET", "/login")
        session.request(
            "POST",
            "/login",
            {"email": CLIENT_EMAIL.format(number), "password": PASSWORD},
        )
        session.request("GET", "/quizzes/basics")
        own = []
        while time.perf_counter() < stop:
            status, location, _ = session.request("POST", "/quizzes/basics/start", {})
            assert status == 302 and "/attempts/" in location, status
            path = location.split("127.0.0.1:" + str(port))[-1]
            answers = {
                "q-twelve-months": "12",
                "q-usual-residence": "residence",
                "q-no-treaty-definition": "false",
            }
            started = time.perf_counter()
            status, _, _ = session.request("POST", path, answers)
            own.append(time.perf_counter() - started)
            assert status == 302, status
        with lock:
            latencies.extend(own)

    return run_clients(worker, clients, latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp), args.clients)
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "portal:create_app()",
            ],
            env=env,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            session = Session(port)
            session.request("GET", "/login")
            status, _, _ = session.request(
                "POST", "/login", {"email": EMAIL, "password": PASSWORD}
            )
            assert status == 302, "could not sign in"
            load = wrk_load if use_wrk else python_load
            lesson = "/modules/basics/who-is-a-migrant"
            results = {
                "bare route (/healthz)": load(
                    port, session.cookie, "/healthz", args.clients, args.seconds
                ),
                "lesson page": load(
                    port, session.cookie, lesson, args.clients, args.seconds
                ),
            }
            bare_python = (
                python_load(
                    port, session.cookie, "/healthz", args.clients, args.seconds
                )
                if use_wrk
                else results["bare route (/healthz)"]
            )
            results["bare route, Python client"] = bare_python
            results["quiz submission, Python client"] = submission_load(
                port, args.clients, args.seconds
            )
        finally:
            server.terminate()
            server.wait(10)
    print(
        f"gunicorn {args.workers} workers, {args.clients} concurrent clients, "
        f"{args.seconds:g} s each, GET load by {'wrk' if use_wrk else 'Python'}, "
        f"{os.cpu_count()} cores"
    )
    print(f"{'':36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, figures in results.items():
        print(
            f"{name:36} {figures['rps']:9.0f} {figures['p50']:8.1f} "
            f"{figures['p99']:8.1f}"
        )
    bare = results["bare route (/healthz)"]
    lesson_figures = results["lesson page"]
    print(f"lesson / bare throughput: {lesson_figures['rps'] / bare['rps']:.2f}")
    print(
        f"submission / bare throughput (Python client): "
        f"{results['quiz submission, Python client']['rps'] / bare_python['rps']:.2f}"
    )


if __name__ == "__main__":
    main()
