"""The event stream passes through as a stream: each event as the service sends it, the
reconnect's Last-Event-ID on to the service, and closed when the browser hangs up."""

import asyncio
import json
import re

from .rawhttp import RawConnection


def events_path(jp_base_url):
    return f"{jp_base_url}nbpromote/api/v1/events"


async def open_stream(lab_port, jp_base_url, jp_auth_header, service, user="ada", **headers):
    return await RawConnection.request(
        lab_port,
        "GET",
        events_path(jp_base_url),
        {
            **jp_auth_header,
            "X-Nbpromote-Token": service.tokens[user],
            "Accept": "text/event-stream",
            **headers,
        },
    )


def submit(service, title):
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "id": "c1",
                "metadata": {},
                "source": "x = 1",
                "outputs": [],
                "execution_count": None,
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    body = {"path": f"{title}.ipynb", "notebook": notebook, "title": title}
    return service.call("POST", "/promotions", body=body)["id"]


async def next_promotion(stream, request_id):
    """The id of the stream's promotion event about `request_id`."""
    pattern = rb"id: (\d+)\r?\nevent: promotion\r?\ndata: ([^\r\n]*" + str(
        request_id
    ).encode() + rb"[^\r\n]*)"
    while True:
        match = await stream.read_until(pattern)
        data = json.loads(match.group(2))
        if data.get("requestId") == request_id:
            return int(match.group(1))


async def test_events_arrive_while_the_stream_stays_open(
    lab_port, jp_base_url, jp_auth_header, service
):
    stream = await open_stream(lab_port, jp_base_url, jp_auth_header, service)
    try:
        await stream.read_until(rb": connected")
        assert stream.status == 200
        assert re.search(rb"(?i)content-type: text/event-stream", stream.received)
        # Submitted after the stream opened: it can only arrive if nothing is buffered.
        request_id = await asyncio.to_thread(submit, service, "live")
        assert await next_promotion(stream, request_id) > 0
    finally:
        stream.close()


async def test_last_event_id_reaches_the_service_and_the_missed_events_come_first(
    lab_port, jp_base_url, jp_auth_header, service
):
    stream = await open_stream(lab_port, jp_base_url, jp_auth_header, service)
    await stream.read_until(rb": connected")
    first = await asyncio.to_thread(submit, service, "first")
    first_id = await next_promotion(stream, first)
    stream.close()
    # Missed while no stream was open.
    missed = await asyncio.to_thread(submit, service, "missed")
    again = await open_stream(
        lab_port, jp_base_url, jp_auth_header, service, **{"Last-Event-ID": str(first_id)}
    )
    try:
        replayed_id = await next_promotion(again, missed)
        assert replayed_id > first_id
        assert f"id: {first_id}\r\n".encode() not in again.received
        assert f"id: {first_id}\n".encode() not in again.received
    finally:
        again.close()


async def test_the_service_stream_closes_when_the_browser_hangs_up(
    lab_port, jp_base_url, jp_auth_header, service, forwarder
):
    stream = await open_stream(lab_port, jp_base_url, jp_auth_header, service)
    await stream.read_until(rb": connected")
    assert forwarder.open_streams == 1
    stream.close()
    for _ in range(100):
        if forwarder.open_streams == 0:
            break
        await asyncio.sleep(0.05)
    assert forwarder.open_streams == 0


async def test_a_refused_stream_is_the_service_json_error(
    lab_port, jp_base_url, jp_auth_header, service
):
    stream = await RawConnection.request(
        lab_port,
        "GET",
        events_path(jp_base_url),
        {**jp_auth_header, "X-Nbpromote-Token": "nbp_not-a-token"},
    )
    try:
        match = await stream.read_until(rb"\{\"error\".*\}")
        assert stream.status == 401
        assert json.loads(match.group(0))["error"]["code"]
    finally:
        stream.close()


async def test_a_stream_to_an_unreachable_service_is_a_502(
    lab_port, jp_base_url, jp_auth_header, service, forwarder
):
    forwarder.config.service_url = "http://127.0.0.1:9"
    stream = await open_stream(lab_port, jp_base_url, jp_auth_header, service)
    try:
        match = await stream.read_until(rb"\{\"error\".*\}")
        assert stream.status == 502
        assert json.loads(match.group(0))["error"]["code"] == "service_unreachable"
    finally:
        stream.close()
