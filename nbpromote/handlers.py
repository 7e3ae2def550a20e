"""Handlers under `<base_url>nbpromote/api/v1/` that forward the labextension's calls to the
nbpromote service: same method, body, status and JSON error body; the event stream as a stream."""

import asyncio
import json

import httpx
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.iostream import StreamClosedError

from .config import Nbpromote
from .forwarding import RESPONSE_HEADERS, api_path, browser_username, upstream_headers

AUTH_RESOURCE = "nbpromote"


class Forwarder:
    """The extension's configuration and its one HTTP client to the service."""

    def __init__(self, config):
        self.config = config
        self._client = None
        # Event streams open to the service now (each closes with its browser connection).
        self.open_streams = 0

    @property
    def service_url(self):
        return self.config.service_url.rstrip("/")

    def client(self):
        # Created on first use, inside the server's event loop. trust_env is off: the service
        # runs beside the Hub, and a proxy meant for the internet must not carry our tokens.
        if self._client is None:
            self._client = httpx.AsyncClient(trust_env=False, follow_redirects=False)
        return self._client


class ForwardHandler(APIHandler):
    """Every method of `/nbpromote/api/v1/<path>` to `<service>/api/v1/<path>`."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, forwarder):
        self.forwarder = forwarder

    def _target(self):
        prefix = url_path_join(self.base_url, "nbpromote/api/v1/")
        path = api_path(self.request.path, prefix)
        if path is None:
            raise web.HTTPError(404)
        query = f"?{self.request.query}" if self.request.query else ""
        return f"{self.forwarder.service_url}{path}{query}"

    def _upstream_headers(self):
        return upstream_headers(
            self.request.headers, self.forwarder.config, browser_username(self.current_user)
        )

    def _pass_headers(self, upstream):
        for name in RESPONSE_HEADERS:
            value = upstream.headers.get(name)
            if value is not None:
                self.set_header(name, value)

    def _fail(self, status, code, message):
        self.set_status(status)
        self.finish(json.dumps({"error": {"code": code, "message": message}}))

    def _unreachable(self):
        where = f"The nbpromote service at {self.forwarder.service_url} is not reachable from the "
        if self.forwarder.config.hub_api_token:
            # Under a Hub the service is the platform's to run: starting it is not the user's job.
            hint = (
                "JupyterHub server. Tell whoever runs your JupyterHub; it may be restarting, so "
                "try again in a minute."
            )
        else:
            hint = (
                "Jupyter server. Start it with `npm start` (or `npx nbpromote serve`), or set its "
                "URL in the Jupyter server's configuration (NBPROMOTE_SERVICE_URL)."
            )
        self._fail(502, "service_unreachable", where + hint)

    async def _forward(self):
        target = self._target()
        body = self.request.body or None
        try:
            upstream = await self.forwarder.client().request(
                self.request.method,
                target,
                headers=self._upstream_headers(),
                content=body,
                timeout=self.forwarder.config.request_timeout,
            )
        except httpx.TimeoutException:
            return self._fail(
                504,
                "service_timeout",
                f"The nbpromote service at {self.forwarder.service_url} did not answer in time.",
            )
        except httpx.TransportError:
            return self._unreachable()
        self.set_status(upstream.status_code, upstream.reason_phrase or None)
        self._pass_headers(upstream)
        content_type = upstream.headers.get("Content-Type", "application/json")
        if upstream.status_code in (204, 304):
            return self.finish(set_content_type=content_type)
        return self.finish(upstream.content, set_content_type=content_type)

    @web.authenticated
    @authorized
    async def get(self, path=""):
        await self._forward()

    @web.authenticated
    @authorized
    async def post(self, path=""):
        await self._forward()

    @web.authenticated
    @authorized
    async def put(self, path=""):
        await self._forward()

    @web.authenticated
    @authorized
    async def patch(self, path=""):
        await self._forward()

    @web.authenticated
    @authorized
    async def delete(self, path=""):
        await self._forward()


class EventsHandler(ForwardHandler):
    """The service's event stream, passed on chunk by chunk as it arrives; the upstream
    connection closes as soon as the browser's does."""

    _closed = None

    def on_connection_close(self):
        if self._closed is not None:
            self._closed.set()

    @web.authenticated
    @authorized
    async def get(self, path=""):
        self._closed = asyncio.Event()
        if self.request.connection.stream is None or self.request.connection.stream.closed():
            return
        pump = asyncio.ensure_future(self._pump())
        closed = asyncio.ensure_future(self._closed.wait())
        await asyncio.wait({pump, closed}, return_when=asyncio.FIRST_COMPLETED)
        closed.cancel()
        if not pump.done():
            pump.cancel()  # the browser went away: leaving `stream()` closes the upstream
        try:
            await pump
        except (asyncio.CancelledError, StreamClosedError):
            pass

    async def _pump(self):
        timeout = httpx.Timeout(10.0, read=None)  # heartbeats come when the service wants
        started = False
        self.forwarder.open_streams += 1
        try:
            async with self.forwarder.client().stream(
                "GET", self._target(), headers=self._upstream_headers(), timeout=timeout
            ) as upstream:
                self.set_status(upstream.status_code, upstream.reason_phrase or None)
                self._pass_headers(upstream)
                content_type = upstream.headers.get("Content-Type", "text/event-stream")
                if upstream.status_code != 200:
                    body = await upstream.aread()
                    return self.finish(body, set_content_type=content_type)
                self.set_header("Content-Type", content_type)
                self.set_header("Cache-Control", "no-cache, no-transform")
                self.set_header("X-Accel-Buffering", "no")
                await self.flush()
                started = True
                async for chunk in upstream.aiter_bytes():
                    self.write(chunk)
                    await self.flush()
        except httpx.TransportError:
            if not started:
                return self._unreachable()
        finally:
            self.forwarder.open_streams -= 1
        if not self._finished:
            self.finish(set_content_type="text/event-stream")


def setup_handlers(server_app):
    """Register the handlers on the Jupyter server, configured from its config."""
    config = Nbpromote(parent=server_app)
    forwarder = Forwarder(config)
    server_app.web_app.settings["nbpromote_forwarder"] = forwarder
    base_url = server_app.web_app.settings["base_url"]
    api = url_path_join(base_url, "nbpromote/api/v1")
    server_app.web_app.add_handlers(
        ".*$",
        [
            (url_path_join(api, "events"), EventsHandler, {"forwarder": forwarder}),
            (url_path_join(api, "(.*)"), ForwardHandler, {"forwarder": forwarder}),
        ],
    )
    server_app.log.info("nbpromote: forwarding %s/ to %s", api, forwarder.service_url)
