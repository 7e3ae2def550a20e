"""The real nbpromote service (built `server/`, demo users, a temporary data dir) for the server
extension's tests, and a Jupyter server (pytest-jupyter) with the extension forwarding to it."""

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from tornado import web
from tornado.httpserver import HTTPServer

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def node_binary():
    # The project's Node.js (scripts/lib.sh puts .node/bin first), never the machine's own.
    local = ROOT / ".node" / "bin" / "node"
    return str(local) if local.exists() else shutil.which("node")


class Service:
    def __init__(self, url, tokens):
        self.url = url
        self.tokens = tokens

    def call(self, method, path, user="ada", body=None):
        """A direct call to the service (what another client would do), as a demo user."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/api/v1{path}",
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.tokens[user]}",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")


@pytest.fixture(scope="session")
def service(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("nbpromote-service")
    port = free_port()
    log = open(data_dir / "service.log", "wb")
    process = subprocess.Popen(
        [
            node_binary(),
            str(ROOT / "server" / "bin" / "nbpromote.js"),
            "serve",
            "--demo-users",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the service exited; see {data_dir / 'service.log'}")
            try:
                with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the service did not start in 60 s") from None
                time.sleep(0.3)
        tokens = json.loads((data_dir / "demo-tokens.json").read_text())
        yield Service(url, tokens)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def jp_server_config(service, monkeypatch):
    # Outside any Hub unless a test says otherwise.
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    monkeypatch.delenv("NBPROMOTE_TOKEN", raising=False)
    return {
        "ServerApp": {"jpserver_extensions": {"nbpromote": True}},
        "Nbpromote": {"service_url": service.url},
    }


@pytest.fixture
def forwarder(jp_serverapp):
    """The extension's live configuration (tests point it elsewhere)."""
    return jp_serverapp.web_app.settings["nbpromote_forwarder"]


class _Echo(web.RequestHandler):
    """Answers every request with what arrived: method, path, query, headers, body."""

    def _echo(self, *args):
        self.application.settings["seen"].append(self.request)
        self.set_header("Content-Type", "application/json")
        self.finish(
            json.dumps(
                {
                    "method": self.request.method,
                    "path": self.request.path,
                    "query": self.request.query,
                    "headers": dict(self.request.headers),
                    "body": self.request.body.decode(),
                }
            )
        )

    get = post = put = patch = delete = _echo


@pytest.fixture
def echo(jp_serverapp, forwarder):
    """A stand-in service that only reports what the extension sent it: for what the real
    service does not show (every header, whether a request arrived at all). The server
    extension forwards to it for the test."""
    seen = []
    server = HTTPServer(web.Application([(r".*", _Echo)], seen=seen))
    port = free_port()
    server.listen(port, "127.0.0.1")
    forwarder.config.service_url = f"http://127.0.0.1:{port}"
    yield seen
    server.stop()


@pytest.fixture
def lab_port(http_server, jp_http_port):
    """The Jupyter server's port, listening (for connections made by hand)."""
    return jp_http_port
