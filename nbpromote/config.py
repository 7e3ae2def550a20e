"""Where the nbpromote service runs and how the server extension authenticates to it."""

import os

from traitlets import Float, Unicode, default
from traitlets.config import Configurable


class Nbpromote(Configurable):
    """Settings of the server extension (`c.Nbpromote.<name>`), each with an env fallback."""

    service_url = Unicode(
        help="Base URL of the nbpromote service (env NBPROMOTE_SERVICE_URL).",
    ).tag(config=True)

    token = Unicode(
        help=(
            "API token sent to a service outside any JupyterHub when the browser sends none "
            "(env NBPROMOTE_TOKEN)."
        ),
    ).tag(config=True)

    hub_api_token = Unicode(
        help=(
            "The single-user server's JupyterHub API token (env JUPYTERHUB_API_TOKEN). When set, "
            "it is what the service sees, with the browser user's name beside it."
        ),
    ).tag(config=True)

    request_timeout = Float(
        120.0,
        help="Seconds a forwarded request may take (promotions commit to git); streams have none.",
    ).tag(config=True)

    @default("service_url")
    def _default_service_url(self):
        return os.environ.get("NBPROMOTE_SERVICE_URL", "http://127.0.0.1:8765")

    @default("token")
    def _default_token(self):
        return os.environ.get("NBPROMOTE_TOKEN", "")

    @default("hub_api_token")
    def _default_hub_api_token(self):
        return os.environ.get("JUPYTERHUB_API_TOKEN", "")
