"""A stand-in single-user server for the service's JupyterHub tests.

The Hub spawns it as it would spawn JupyterLab, with the JUPYTERHUB_API_TOKEN that
`Spawner.server_token_scopes` gives; it hands that token to the test (a file in the test's
temporary directory) and answers the Hub's readiness checks.
"""

import os
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import urlparse

token_file = Path(os.environ["NBPROMOTE_TEST_TOKEN_DIR"]) / os.environ["JUPYTERHUB_USER"]
token_file.touch(mode=0o600)
token_file.write_text(os.environ["JUPYTERHUB_API_TOKEN"])


class Ready(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
HTTPServer((url.hostname, url.port), Ready).serve_forever()
