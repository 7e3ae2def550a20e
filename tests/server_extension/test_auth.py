"""Who may call through the server extension, and what the service learns about them."""

import json
import re

from .rawhttp import RawConnection


def api_path(jp_base_url, path):
    return f"{jp_base_url}nbpromote/api/v1/{path}"


async def call(lab_port, method, path, headers, body=b""):
    connection = await RawConnection.request(lab_port, method, path, headers, body)
    try:
        await connection.read_until(rb"\r\n\r\n")
        return connection.status, connection.received
    finally:
        connection.close()


async def test_a_caller_jupyter_does_not_know_is_refused_before_the_service(
    lab_port, jp_base_url, echo
):
    for method in ("GET", "POST", "DELETE"):
        status, _ = await call(lab_port, method, api_path(jp_base_url, "me"), {})
        assert status == 403, method
    assert echo == []


async def test_a_post_with_the_login_cookie_but_no_xsrf_token_is_refused(
    lab_port, jp_base_url, jp_auth_header, echo
):
    # Signing in with the token leaves the login cookie, as in a browser.
    status, head = await call(
        lab_port, "GET", api_path(jp_base_url, "health"), jp_auth_header
    )
    assert status == 200
    cookie = re.search(rb"(?i)set-cookie: (username-[^=]+=[^;]+)", head).group(1).decode()
    echo.clear()

    body = b"{}"
    json_type = {"Content-Type": "application/json"}
    status, _ = await call(
        lab_port, "POST", api_path(jp_base_url, "check"), {"Cookie": cookie, **json_type}, body
    )
    assert status == 403
    assert echo == []

    # With the XSRF token JupyterLab sends (cookie and header), the same call goes through.
    xsrf = "c0ffee" * 4
    status, _ = await call(
        lab_port,
        "POST",
        api_path(jp_base_url, "check"),
        {"Cookie": f"{cookie}; _xsrf={xsrf}", "X-XSRFToken": xsrf, **json_type},
        body,
    )
    assert status == 200
    assert len(echo) == 1
    # Jupyter's own cookies stay on the Jupyter server.
    assert "Cookie" not in echo[0].headers


async def test_jupyter_credentials_never_reach_the_service(
    jp_fetch, jp_auth_header, echo, service
):
    answer = await jp_fetch(
        "nbpromote",
        "api",
        "v1",
        "promotions",
        params={"mine": "true"},
        headers={"X-Nbpromote-Token": "nbp_abc", "Cookie": "_xsrf=x; other=y", **jp_auth_header},
    )
    seen = json.loads(answer.body)
    assert seen["path"] == "/api/v1/promotions"
    assert seen["query"] == "mine=true"
    headers = {name.lower(): value for name, value in seen["headers"].items()}
    assert headers["authorization"] == "Bearer nbp_abc"
    assert "cookie" not in headers
    assert "x-nbpromote-token" not in headers
    assert "x-nbpromote-user" not in headers


async def test_dot_segments_cannot_leave_the_api(lab_port, jp_base_url, jp_auth_header, echo):
    for path in ("../health", "%2e%2e/health", "promotions/%2E%2E/%2e%2e/x"):
        status, _ = await call(lab_port, "GET", api_path(jp_base_url, path), jp_auth_header)
        assert status == 404, path
    assert all(request.path.startswith("/api/v1/") for request in echo)
