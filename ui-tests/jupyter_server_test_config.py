"""JupyterLab server configuration for the Galata tests.

Galata's own settings (no token, a temporary root dir, in-memory workspaces) plus what this
machine needs: running as root is allowed. The nbpromote server extension (installed by
scripts/setup.sh) forwards to the service at NBPROMOTE_SERVICE_URL, which playwright.config.js
sets to the test service started beside JupyterLab.
"""
import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821

c.ServerApp.allow_root = True  # noqa: F821
c.ServerApp.port = int(os.environ.get("NBPROMOTE_TEST_LAB_PORT", "18888"))  # noqa: F821
c.ServerApp.port_retries = 0  # noqa: F821
