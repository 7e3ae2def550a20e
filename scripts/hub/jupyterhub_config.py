"""A local JupyterHub with nbpromote beside it: `npm run start:hub` and the tests share it.

The users and groups, the service registration and the scopes are the ones "Deploy for a team"
in the README describes. What differs between a run and another comes from the environment:

NBPROMOTE_LOCAL_HUB_ followed by:
  DIR               state (database, cookie secret, pid files, users' homes); required
  PORT              where the browser reaches the Hub (its proxy)
  API_PORT          the Hub itself (its REST API, which the service asks about tokens)
  PROXY_API_PORT    the proxy's own API
  PASSWORD          the one password every user logs in with
  SERVICE_TOKEN     nbpromote's Hub API token (the external service's api_token)
  SERVICE_URL       where nbpromote listens (the proxy serves it at /services/nbpromote)
  ADMIN_TOKEN       optional: a test service with admin scopes holds it
  SINGLEUSER        "jupyterlab" (default) or a Python script to spawn instead
  EXPOSE_APP        "1": JupyterLab exposes `window.jupyterapp` (browser tests)
and NBPROMOTE_SERVICE_URL, passed to each user's server: its nbpromote extension forwards there.
"""

import os
import secrets
import sys
from pathlib import Path

c = get_config()  # noqa: F821

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
STATE = Path(os.environ["NBPROMOTE_LOCAL_HUB_DIR"])


def port(name):
    return int(os.environ[name])


# Data scientists, a reviewer and an admin by group; katherine reviews through a custom scope;
# eve is in no nbpromote group, so nbpromote refuses her.
GROUPS = {
    "nbpromote-users": ["ada", "bob"],
    "nbpromote-reviewers": ["linus"],
    "nbpromote-admins": ["grace"],
}
USERS = ["ada", "bob", "linus", "grace", "katherine", "eve"]

c.JupyterHub.bind_url = f"http://127.0.0.1:{port('NBPROMOTE_LOCAL_HUB_PORT')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{port('NBPROMOTE_LOCAL_HUB_API_PORT')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port('NBPROMOTE_LOCAL_HUB_PROXY_API_PORT')}"
c.ConfigurableHTTPProxy.command = [str(ROOT / "node_modules/.bin/configurable-http-proxy")]
c.ConfigurableHTTPProxy.auth_token = secrets.token_hex(24)
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "cookie_secret")
c.JupyterHub.pid_file = str(STATE / "hub.pid")

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["NBPROMOTE_LOCAL_HUB_PASSWORD"]
c.Authenticator.allowed_users = set(USERS)
c.JupyterHub.load_groups = {group: {"users": users} for group, users in GROUPS.items()}

# Each user's server is a local process with its home under the state directory.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home/{username}")
c.Spawner.http_timeout = 90
c.Spawner.start_timeout = 120
singleuser = os.environ.get("NBPROMOTE_LOCAL_HUB_SINGLEUSER", "jupyterlab")
if singleuser == "jupyterlab":
    c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
    c.Spawner.default_url = "/lab"
    args = []
    if os.getuid() == 0:
        args.append("--allow-root")
    if os.environ.get("NBPROMOTE_LOCAL_HUB_EXPOSE_APP") == "1":
        args.append("--LabApp.expose_app_in_browser=True")
    c.Spawner.args = args
else:
    c.Spawner.cmd = [str(VENV_BIN / "python"), singleuser]
c.Spawner.environment = {
    name: os.environ[name]
    for name in ("NBPROMOTE_SERVICE_URL", "NBPROMOTE_TEST_TOKEN_DIR")
    if name in os.environ
}

# As "Deploy for a team" says: each server's token reaches nbpromote, with the custom scopes
# its user holds (the Hub drops the others).
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "access:services!service=nbpromote",
    "custom:nbpromote:promote",
    "custom:nbpromote:review",
    "custom:nbpromote:admin",
]
c.JupyterHub.custom_scopes = {
    "custom:nbpromote:promote": {"description": "Promote notebooks with nbpromote"},
    "custom:nbpromote:review": {"description": "Review promotion requests in nbpromote"},
    "custom:nbpromote:admin": {"description": "Administer nbpromote"},
}
# Every user's server may call nbpromote with its own token.
c.JupyterHub.extra_user_scopes = ["access:services!service=nbpromote"]

c.JupyterHub.services = [
    {
        "name": "nbpromote",
        "url": os.environ.get("NBPROMOTE_LOCAL_HUB_SERVICE_URL", "http://127.0.0.1:9"),
        "api_token": os.environ["NBPROMOTE_LOCAL_HUB_SERVICE_TOKEN"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "nbpromote",
        "services": ["nbpromote"],
        "scopes": ["read:users:shares", "read:users:groups", "read:users:name"],
    },
    {
        "name": "nbpromote-review-by-scope",
        "users": ["katherine"],
        "scopes": ["custom:nbpromote:review"],
    },
]
admin_token = os.environ.get("NBPROMOTE_LOCAL_HUB_ADMIN_TOKEN")
if admin_token:
    c.JupyterHub.services.append({"name": "nbpromote-test", "api_token": admin_token})
    c.JupyterHub.load_roles.append(
        {
            "name": "nbpromote-test",
            "services": ["nbpromote-test"],
            "scopes": [
                "admin:users",
                "tokens",
                "shares",
                "admin:groups",
                "admin:servers",
                "read:users:name",
                "read:groups:name",
                "access:servers",
            ],
        }
    )
