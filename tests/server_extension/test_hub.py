"""Under JupyterHub: the single-user server's Hub token goes to the service, with the name of
the user in the browser (on a shared server, not necessarily the owner)."""

import json

import pytest
from jupyter_server.auth.identity import IdentityProvider, User


class SharedServerIdentity(IdentityProvider):
    """Whoever holds the server's token is margaret here, as a Hub user visiting a server
    someone shared with her would be."""

    def generate_anonymous_user(self, handler):
        return User(username="margaret", name="Margaret Hamilton")


@pytest.fixture
def jp_server_config(service, monkeypatch):
    # What JupyterHub's spawner sets in a single-user server's environment.
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "hub-server-token")
    monkeypatch.delenv("NBPROMOTE_TOKEN", raising=False)
    return {
        "ServerApp": {
            "jpserver_extensions": {"nbpromote": True},
            "identity_provider_class": SharedServerIdentity,
        },
        "Nbpromote": {"service_url": service.url},
    }


async def test_the_hub_token_and_the_browser_user_are_what_the_service_sees(
    jp_fetch, jp_auth_header, echo
):
    answer = await jp_fetch(
        "nbpromote",
        "api",
        "v1",
        "me",
        # A token pasted in the Settings Editor does not apply under a Hub: the Hub says who.
        headers={"X-Nbpromote-Token": "nbp_pasted", **jp_auth_header},
    )
    headers = {name.lower(): value for name, value in json.loads(answer.body)["headers"].items()}
    assert headers["authorization"] == "token hub-server-token"
    assert headers["x-nbpromote-user"] == "margaret"
    assert "x-nbpromote-token" not in headers
    assert "cookie" not in headers


async def test_the_hub_token_comes_from_the_environment(forwarder):
    assert forwarder.config.hub_api_token == "hub-server-token"
