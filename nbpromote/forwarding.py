"""What crosses the server extension: which headers go to the service and which come back.

Only a short list passes either way, so the browser's Jupyter cookies and Authorization never
reach the service, and nothing of the service's transport (encodings, connection) leaks back.
"""

from urllib.parse import unquote

# Sent on from the browser's request.
REQUEST_HEADERS = ("Accept", "Content-Type", "Last-Event-ID", "If-None-Match")
# Passed back from the service's answer.
RESPONSE_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Location",
    "Retry-After",
)
# The header the labextension puts the Settings Editor's token in (for a service outside a Hub).
BROWSER_TOKEN_HEADER = "X-Nbpromote-Token"
# The header naming the browser user to the service under JupyterHub.
USER_HEADER = "X-Nbpromote-User"


def upstream_headers(request_headers, config, username):
    """The headers for the service: content negotiation plus how this server authenticates."""
    headers = {}
    for name in REQUEST_HEADERS:
        value = request_headers.get(name)
        if value is not None:
            headers[name] = value
    if config.hub_api_token:
        # Under JupyterHub the service resolves the server's token with the Hub and decides
        # whether the named browser user (maybe not the owner, on a shared server) may act.
        headers["Authorization"] = f"token {config.hub_api_token}"
        if username:
            headers[USER_HEADER] = username
    else:
        token = (request_headers.get(BROWSER_TOKEN_HEADER) or "").strip() or config.token
        if token:
            headers["Authorization"] = f"Bearer {token}"
    return headers


def api_path(request_path, prefix):
    """The service path for a request under `prefix`, or None when it is not an API path.

    Dot segments (even percent-encoded) are refused so no request escapes `/api/v1/`.
    """
    if not request_path.startswith(prefix):
        return None
    rest = request_path[len(prefix) :]
    segments = rest.split("/")
    if any(unquote(s) in (".", "..") or "\\" in unquote(s) for s in segments):
        return None
    return "/api/v1/" + rest


def browser_username(user):
    """The name of the user Jupyter authenticated (a User object, or a dict on old servers)."""
    if user is None:
        return ""
    if isinstance(user, dict):
        return str(user.get("name") or user.get("username") or "")
    return str(getattr(user, "username", None) or getattr(user, "name", None) or "")
