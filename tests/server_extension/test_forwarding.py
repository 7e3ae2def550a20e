"""Calls through the server extension reach the real service and come back unchanged."""

import json

import pytest
from tornado.httpclient import HTTPClientError

API = ("nbpromote", "api", "v1")


def as_user(service, user):
    return {"X-Nbpromote-Token": service.tokens[user]}


async def fetch(jp_fetch, *path, **kwargs):
    """jp_fetch that returns error answers instead of raising them."""
    try:
        return await jp_fetch(*API, *path, **kwargs)
    except HTTPClientError as error:
        if error.response is None:
            raise
        return error.response


NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "id": "load",
            "metadata": {},
            "source": "rows = [1, 2, 3]",
            "outputs": [],
            "execution_count": None,
        }
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


async def test_the_browser_token_reaches_the_service_as_a_bearer_token(jp_fetch, service):
    answer = await fetch(jp_fetch, "me", headers=as_user(service, "linus"))
    assert answer.code == 200
    assert json.loads(answer.body)["name"] == "linus"


async def test_the_server_token_is_used_when_the_browser_sends_none(jp_fetch, service, forwarder):
    forwarder.config.token = service.tokens["grace"]
    assert json.loads((await fetch(jp_fetch, "me")).body)["name"] == "grace"
    # The Settings Editor's token, when there is one, wins.
    answer = await fetch(jp_fetch, "me", headers=as_user(service, "ada"))
    assert json.loads(answer.body)["name"] == "ada"


async def test_a_post_body_and_its_answer_pass_through(jp_fetch, service):
    answer = await fetch(
        jp_fetch,
        "check",
        method="POST",
        body=json.dumps({"notebook": NOTEBOOK, "path": "load.ipynb"}),
        headers={**as_user(service, "ada"), "Content-Type": "application/json"},
    )
    assert answer.code == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    direct = service.call("POST", "/check", body={"notebook": NOTEBOOK, "path": "load.ipynb"})
    assert json.loads(answer.body) == direct


async def test_every_method_and_the_query_string_pass_through(jp_fetch, service):
    created = service.call(
        "POST",
        "/promotions",
        body={"notebook": NOTEBOOK, "path": "methods.ipynb", "title": "Methods"},
    )
    request_id = created["id"]
    headers = {**as_user(service, "linus"), "Content-Type": "application/json"}
    mine = await fetch(jp_fetch, "promotions", params={"mine": "true"}, headers=as_user(service, "ada"))
    assert request_id in [item["id"] for item in json.loads(mine.body)["items"]]
    theirs = await fetch(jp_fetch, "promotions", params={"mine": "true"}, headers=headers)
    assert request_id not in [item["id"] for item in json.loads(theirs.body)["items"]]

    detail = await fetch(jp_fetch, "promotions", str(request_id), headers=headers)
    assert json.loads(detail.body)["id"] == request_id
    cell = "load"
    rev = created["revision"]
    put = await fetch(
        jp_fetch,
        "promotions",
        str(request_id),
        "viewed",
        method="PUT",
        body=json.dumps({"revision": rev, "cellIds": [cell]}),
        headers=headers,
    )
    assert put.code == 200, put.body
    assert cell in json.dumps(json.loads(put.body))
    deleted = await fetch(
        jp_fetch, "promotions", str(request_id), "viewed", cell, method="DELETE", headers=headers
    )
    assert deleted.code == 200, deleted.body
    assert service.call("GET", f"/promotions/{request_id}/viewed", user="linus") == json.loads(
        deleted.body
    )

    comment = await fetch(
        jp_fetch,
        "promotions",
        str(request_id),
        "comments",
        method="POST",
        body=json.dumps({"revision": rev, "cellId": cell, "body": "Why a list?"}),
        headers=headers,
    )
    assert comment.code == 201, comment.body
    comment_id = json.loads(comment.body)["id"]
    patched = await fetch(
        jp_fetch,
        "promotions",
        str(request_id),
        "comments",
        str(comment_id),
        method="PATCH",
        body=json.dumps({"resolved": True}),
        headers=headers,
    )
    assert patched.code == 200, patched.body
    assert json.loads(patched.body)["resolved"] is True


@pytest.mark.parametrize(
    "path, status",
    [(("promotions", "987654"), 404), (("me",), 401)],
)
async def test_the_service_error_status_and_json_body_pass_through(jp_fetch, service, path, status):
    headers = as_user(service, "ada") if status != 401 else {"X-Nbpromote-Token": "nbp_not-a-token"}
    answer = await fetch(jp_fetch, *path, headers=headers)
    assert answer.code == status
    body = json.loads(answer.body)
    assert set(body) == {"error"}
    assert body["error"]["code"] and body["error"]["message"]


async def test_an_invalid_body_is_the_service_400_with_its_details(jp_fetch, service):
    answer = await fetch(
        jp_fetch,
        "check",
        method="POST",
        body="{not json",
        headers={**as_user(service, "ada"), "Content-Type": "application/json"},
    )
    assert answer.code == 400
    assert "error" in json.loads(answer.body)


async def test_an_unreachable_service_is_a_502_that_says_so(jp_fetch, service, forwarder):
    forwarder.config.service_url = "http://127.0.0.1:9"
    answer = await fetch(jp_fetch, "health")
    assert answer.code == 502
    error = json.loads(answer.body)["error"]
    assert error["code"] == "service_unreachable"
    assert "http://127.0.0.1:9 is not reachable" in error["message"]
    assert "npm start" in error["message"]


async def test_under_a_hub_an_unreachable_service_is_not_the_users_to_start(
    jp_fetch, service, forwarder
):
    forwarder.config.service_url = "http://127.0.0.1:9"
    forwarder.config.hub_api_token = "a-single-user-server-token"
    answer = await fetch(jp_fetch, "health")
    assert answer.code == 502
    message = json.loads(answer.body)["error"]["message"]
    assert "http://127.0.0.1:9 is not reachable from the JupyterHub server" in message
    assert "whoever runs your JupyterHub" in message
    assert "npm start" not in message
