"""Fuzz the real service against its own OpenAPI document with schemathesis.

For each demo role (ada the data scientist, linus the reviewer, grace the admin) this starts
`nbpromote serve --demo-users` on a fresh data dir and SQLite database, seeds requests (one
with two revisions and a comment thread, one approved), and runs every schemathesis phase
(examples, coverage, fuzzing, stateful) with every check under that role's token, bounded in
examples per operation and in time; the admin's run is repeated on a fresh PostgreSQL database
when NBPROMOTE_TEST_POSTGRES_URL is set (npm test sets it). Any failure or error fails the
run; the figures are printed at the end.

The seed is fixed, so the test run draws the same cases every time: a failure is the code's,
not chance's. Other seeds are a choice (NBPROMOTE_FUZZ_SEED=1,2,3 runs every role with each).
Schemathesis's own output (pytest-style banners included) goes to a log file per run, kept in
NBPROMOTE_FUZZ_LOG_DIR; a failing run prints its log, each line marked as the fuzzer's.

Usage: python server/test/fuzz/run_fuzz.py  (from the repository root, with .venv's Python)
Environment: NBPROMOTE_FUZZ_PORT (18766), NBPROMOTE_FUZZ_EXAMPLES (10 per operation),
NBPROMOTE_FUZZ_SECONDS (a guard against a hang, 240 per run), NBPROMOTE_FUZZ_SEED (15, or a
comma-separated list), NBPROMOTE_FUZZ_ROLES, NBPROMOTE_FUZZ_DATABASES (sqlite,postgres: every
role on both; default: every role on SQLite and the admin on PostgreSQL),
NBPROMOTE_FUZZ_LOG_DIR (server/test-artifacts/fuzz), NBPROMOTE_FUZZ_REPORT (a JSON summary).
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
SECONDS = int(os.environ.get("NBPROMOTE_FUZZ_SECONDS", "240"))
SEEDS = [int(s) for s in os.environ.get("NBPROMOTE_FUZZ_SEED", "15").split(",")]
ROLES = os.environ.get("NBPROMOTE_FUZZ_ROLES", "ada,linus,grace").split(",")
DATABASES = os.environ.get("NBPROMOTE_FUZZ_DATABASES")
LOG_DIR = Path(os.environ.get("NBPROMOTE_FUZZ_LOG_DIR", ROOT / "server/test-artifacts/fuzz"))
REPORT = os.environ.get("NBPROMOTE_FUZZ_REPORT")
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
        # Every fuzzed submission would start a verification run (a Python process each).
        "NBPROMOTE_VERIFY_LOCAL": "off",
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


def fuzz_role(role: str, database: str, seed_value: int, work: Path) -> dict:
    run = f"{role}-{database}-seed{seed_value}"
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
                "--max-examples", str(EXAMPLES), "--seed", str(seed_value),
                "--workers", "1", "--request-timeout", "90", "--generation-database", "none",
                "--no-color", "--report", "json", "--report-json-path", str(report),
                *[arg for path in EXCLUDED_PATHS for arg in ("--exclude-path", path)],
            ]
            st_log = LOG_DIR / f"schemathesis-{run}.log"
            log(f"{role} on {database}, seed {seed_value}: {EXAMPLES} examples per operation "
                f"(schemathesis's output: {st_log.relative_to(ROOT) if st_log.is_relative_to(ROOT) else st_log})")
            # One worker: with several, schemathesis draws in threads, hypothesis parses lambda
            # source with ast.parse meanwhile, and this Python's ast can then raise a spurious
            # "recursion depth mismatch" SystemError (CPython gh-106905).
            # No --max-time: a time limit would make the cases drawn depend on the machine's
            # speed. The timeout only guards against a hang.
            started = time.monotonic()
            with open(st_log, "w") as out:
                try:
                    result = subprocess.run(command, cwd=work, timeout=SECONDS, stdout=out,
                                            stderr=subprocess.STDOUT)
                    exit_code = result.returncode
                except subprocess.TimeoutExpired:
                    out.write(f"\n[fuzz] schemathesis ran past {SECONDS} s and was stopped\n")
                    exit_code = -1
            seconds = time.monotonic() - started
        finally:
            stop_service(service)
            if db_name:
                drop_postgres_database(db_name)
    if report.exists():
        figures = json.loads(report.read_text())
    else:
        figures = {"operations": {"tested": 0, "total": 0}, "test_cases": {"generated": 0},
                   "failures": [], "errors": [{"message": "no report"}]}
    figures.update(role=role, database=database, seed=seed_value, process_exit=exit_code,
                   seconds=seconds)
    if exit_code != 0 or figures["failures"] or figures["errors"]:
        show(f"schemathesis's log ({st_log})", st_log.read_text(errors="replace")[-20000:])
        show("the service's log", service_log.read_text(errors="replace")[-4000:])
    return figures


def show(title: str, text: str) -> None:
    """Prints another tool's output marked as the fuzzer's, so no line of it reads as a runner's
    closing line (schemathesis prints pytest-style `=== ... in 45s ===` banners)."""
    log(f"{title}:")
    for line in text.splitlines():
        print(f"[fuzz] | {line}", flush=True)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="nbp-fuzz-"))
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        if DATABASES:
            runs = [(role, db) for db in DATABASES.split(",") for role in ROLES]
        else:
            runs = [(role, "sqlite") for role in ROLES] + [(ROLES[-1], "postgres")]
        if not POSTGRES_ADMIN_URL and any(db == "postgres" for _, db in runs):
            log("NBPROMOTE_TEST_POSTGRES_URL is not set (see scripts/postgres.sh)")
            return 1
        for seed_value in SEEDS:
            for role, database in runs:
                rows.append(fuzz_role(role, database, seed_value, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = 0
    log("seed  role   database  operations   cases  failures  errors  seconds")
    for r in rows:
        failures = sum(f["count"] for f in r["failures"])
        errors = len(r["errors"])
        r["ok"] = failures + errors == 0 and r["process_exit"] == 0
        failed += not r["ok"]
        log(f"{r['seed']:<5} {r['role']:<6} {r['database']:<9} "
            f"{r['operations']['tested']:>4}/{r['operations']['total']:<6} "
            f"{r['test_cases']['generated']:>7} {failures:>9} {errors:>7} {r['seconds']:>8.0f}")
    cases = sum(r["test_cases"]["generated"] for r in rows)
    failures = sum(sum(f["count"] for f in r["failures"]) + len(r["errors"]) for r in rows)
    # A run is one test: it passes when schemathesis found nothing.
    log(f"{len(rows)} runs ({len(rows) - failed} clean, {failed} with findings), "
        f"{cases} cases drawn, {failures} findings")
    if REPORT:
        Path(REPORT).write_text(json.dumps({
            "passed": len(rows) - failed, "failed": failed, "cases": cases, "findings": failures,
            "runs": [{k: r[k] for k in ("seed", "role", "database", "ok", "seconds")} for r in rows],
        }))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
