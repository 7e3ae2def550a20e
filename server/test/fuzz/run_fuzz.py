"""Fuzz the real service against its own OpenAPI document with schemathesis.

For each demo role (ada the data scientist, linus the reviewer, grace the admin) this starts
`nbpromote serve --demo-users` on a fresh data dir and SQLite database, seeds requests (one
with two revisions and a comment thread, one approved), and runs every schemathesis phase
(examples, coverage, fuzzing, stateful) with every check under that role's token, bounded in
examples per operation and in time; the admin's run is repeated on a fresh PostgreSQL database
when NBPROMOTE_TEST_POSTGRES_URL is set (npm test sets it). Any failure or error fails the
run; the figures are printed at the end.

Usage: python server/test/fuzz/run_fuzz.py  (from the repository root, with .venv's Python)
Environment: NBPROMOTE_FUZZ_PORT (18766), NBPROMOTE_FUZZ_EXAMPLES (10 per operation),
NBPROMOTE_FUZZ_SECONDS (45 per run), NBPROMOTE_FUZZ_SEED (15), NBPROMOTE_FUZZ_ROLES.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
PORT = int(os.environ.get("NBPROMOTE_FUZZ_PORT", "18766"))
EXAMPLES = int(os.environ.get("NBPROMOTE_FUZZ_EXAMPLES", "10"))
SECONDS = int(os.environ.get("NBPROMOTE_FUZZ_SECONDS", "45"))
SEED = int(os.environ.get("NBPROMOTE_FUZZ_SEED", "15"))
ROLES = os.environ.get("NBPROMOTE_FUZZ_ROLES", "ada,linus,grace").split(",")
POSTGRES_ADMIN_URL = os.environ.get("NBPROMOTE_TEST_POSTGRES_URL")
BASE = f"http://127.0.0.1:{PORT}/api/v1"
# Server-Sent Events never end; their stream is tested by the service's jest suite.
EXCLUDED_PATHS = ["/events"]


def log(message: str) -> None:
    print(f"[fuzz] {message}", flush=True)


def call(method: str, path: str, token: str | None = None, body: object = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            return json.loads(res.read() or b"null")
    except urllib.error.HTTPError as err:
        raise SystemExit(f"[fuzz] seeding failed: {method} {path} -> {err.code} {err.read()[:300]!r}")


def wait_for_health(service: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if service.poll() is not None:
            raise SystemExit(f"[fuzz] the service exited with {service.returncode} before it answered")
        try:
            with urllib.request.urlopen(BASE + "/health", timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    raise SystemExit(f"[fuzz] the service did not answer on port {PORT} within {seconds} s")


def seed(tokens: dict[str, str]) -> None:
    """Request 1: two revisions and a comment thread (open); request 2: approved."""
    document = call("GET", "/openapi.json")
    example = document["paths"]["/promotions"]["post"]["requestBody"]["content"]["application/json"]["example"]
    comment = document["paths"]["/promotions/{id}/comments"]["post"]["requestBody"]["content"]["application/json"]["example"]
    ada, linus = tokens["ada"], tokens["linus"]
    first = call("POST", "/promotions", ada, example)
    revised = copy.deepcopy(example["notebook"])
    revised["cells"][-1]["source"] += "\nthreshold += 1"
    call("POST", f"/promotions/{first['id']}/revisions", ada, {"notebook": revised})
    thread = call("POST", f"/promotions/{first['id']}/comments", linus, comment)
    call("POST", f"/promotions/{first['id']}/comments", ada, {**comment, "parentId": thread["id"], "body": "The median."})
    second = call("POST", "/promotions", ada, {**example, "title": "Approved example"})
    call("POST", f"/promotions/{second['id']}/reviews", linus, {"verdict": "approve"})
    log(f"seeded request {first['id']} (2 revisions, a thread) and approved request {second['id']}")


def psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)


def create_postgres_database() -> tuple[str, str]:
    """A fresh database on the test cluster: (its name, its URL)."""
    name = f"nbpromote_fuzz_{os.getpid()}_{int(time.time())}"
    psql(POSTGRES_ADMIN_URL, f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(POSTGRES_ADMIN_URL)
    return name, urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def drop_postgres_database(name: str) -> None:
    # A background worker (autovacuum) may hold the database for a moment.
    for attempt in range(10):
        try:
            psql(POSTGRES_ADMIN_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            return
        except subprocess.CalledProcessError:
            time.sleep(0.3)
    log(f"could not drop database {name}")


def start_service(data_dir: Path, log_file, database_url: str | None) -> subprocess.Popen:
    env = {
        **os.environ,
        # The fuzzer writes far faster than a person; the limiter is tested on its own.
        "NBPROMOTE_WRITE_RATE_LIMIT": "1000000",
    }
    return subprocess.Popen(
        ["node", str(ROOT / "server/bin/nbpromote.js"), "serve", "--demo-users",
         "--port", str(PORT), "--data-dir", str(data_dir),
         *(["--database-url", database_url] if database_url else [])],
        cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
    )


def stop_service(service: subprocess.Popen) -> None:
    if service.poll() is None:
        os.killpg(service.pid, signal.SIGTERM)
        try:
            service.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(service.pid, signal.SIGKILL)
            service.wait()


def fuzz_role(role: str, database: str, work: Path) -> dict:
    run = f"{role}-{database}"
    data_dir = work / f"data-{run}"
    data_dir.mkdir()
    service_log = work / f"service-{run}.log"
    report = work / f"report-{run}.json"
    db_name, database_url = create_postgres_database() if database == "postgres" else (None, None)
    with open(service_log, "w") as log_file:
        service = start_service(data_dir, log_file, database_url)
        try:
            wait_for_health(service)
            tokens = json.loads((data_dir / "demo-tokens.json").read_text())
            seed(tokens)
            st = Path(sys.executable).parent / "st"
            command = [
                str(st), "--config-file", str(HERE / "schemathesis.toml"), "run", BASE + "/openapi.json",
                "--url", BASE, "--header", f"Authorization: Bearer {tokens[role]}",
                "--phases", "examples,coverage,fuzzing,stateful", "--checks", "all",
                "--max-examples", str(EXAMPLES), "--max-time", str(SECONDS), "--seed", str(SEED),
                "--workers", "1", "--request-timeout", "90", "--generation-database", "none",
                "--no-color", "--report", "json", "--report-json-path", str(report),
                *[arg for path in EXCLUDED_PATHS for arg in ("--exclude-path", path)],
            ]
            log(f"── {role} on {database}: schemathesis, {EXAMPLES} examples per operation, "
                f"at most {SECONDS} s")
            # One worker: with several, schemathesis draws in threads, hypothesis parses lambda
            # source with ast.parse meanwhile, and this Python's ast can then raise a spurious
            # "recursion depth mismatch" SystemError (CPython gh-106905).
            # The outer limit only guards against a hang: --max-time ends the run itself.
            result = subprocess.run(command, cwd=work, timeout=SECONDS + 240)
        finally:
            stop_service(service)
            if db_name:
                drop_postgres_database(db_name)
    if not report.exists():
        raise SystemExit(f"[fuzz] schemathesis wrote no report for {role} (exit {result.returncode})")
    figures = json.loads(report.read_text())
    figures["role"] = role
    figures["database"] = database
    figures["process_exit"] = result.returncode
    if result.returncode != 0:
        log(f"{role}: the service's log follows")
        print(service_log.read_text()[-4000:], flush=True)
    return figures


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="nbp-fuzz-"))
    rows = []
    try:
        runs = [(role, "sqlite") for role in ROLES]
        if POSTGRES_ADMIN_URL:
            runs.append((ROLES[-1], "postgres"))
        else:
            log("NBPROMOTE_TEST_POSTGRES_URL is not set: PostgreSQL is not fuzzed (see scripts/postgres.sh)")
        for role, database in runs:
            rows.append(fuzz_role(role, database, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = 0
    log("role   database  operations  cases  failures  errors")
    for r in rows:
        failures = sum(f["count"] for f in r["failures"])
        errors = len(r["errors"])
        bad = failures + errors > 0 or r["process_exit"] != 0
        failed += bad
        log(f"{r['role']:<6} {r['database']:<9} {r['operations']['tested']:>4}/{r['operations']['total']:<5} "
            f"{r['test_cases']['generated']:>6} {failures:>9} {errors:>7}")
    cases = sum(r["test_cases"]["generated"] for r in rows)
    failures = sum(sum(f["count"] for f in r["failures"]) + len(r["errors"]) for r in rows)
    log(f"{len(rows)} runs, {cases} cases generated, {failures} failures")
    # The closing line counts runs: one passes when schemathesis found nothing.
    print(f"fuzz: {len(rows) - failed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
