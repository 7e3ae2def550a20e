"""Checks the chart's rendered manifests and deploy/z2jh-values.yaml (scripts/check-deploy.sh).

The rendered manifests: what a platform engineer relies on (one replica by default, probes on
/health, non-root and read-only, secrets by reference, the NetworkPolicy for user pods) and
each manifest against the Kubernetes schemas (again, through the library, for the pieces of
the z2jh values that are Kubernetes objects).

The z2jh values: the keys used against the shape Zero to JupyterHub 4.x's values schema
gives them (a subset written here: the chart's own values.schema.yaml is not in any package
registry), and against the chart: service name, token Secret key, URL, port and pod labels.
With NBPROMOTE_Z2JH_CHART naming a copy of that chart (`helm pull jupyterhub/jupyterhub
--untar`, or its source folder), the values are merged onto the chart's defaults, as Helm
does, and validated against its values schema.
"""

import argparse
import copy
import os
import sys

import jsonschema
import kubernetes_validate
import yaml

# What z2jh 4.x's values schema says about the keys these values use.
ROLE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "description": {"type": "string"},
        "scopes": {"type": "array", "items": {"type": "string"}},
        "users": {"type": "array", "items": {"type": "string"}},
        "groups": {"type": "array", "items": {"type": "string"}},
        "services": {"type": "array", "items": {"type": "string"}},
    },
}
Z2JH_SUBSET = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "hub": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "services": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "admin": {"type": "boolean"},
                            "url": {"type": "string"},
                            "display": {"type": "boolean"},
                            "api_token": {"type": ["string", "null"]},
                            "apiToken": {"type": ["string", "null"]},
                        },
                    },
                },
                "loadRoles": {"type": "object", "additionalProperties": ROLE},
                "config": {
                    "type": "object",
                    "additionalProperties": False,
                    "patternProperties": {"^[A-Z].*$": {"type": "object"}},
                },
            },
        },
        "singleuser": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "image": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "tag"],
                    "properties": {
                        "name": {"type": "string"},
                        "tag": {"type": "string"},
                        "pullPolicy": {"enum": [None, "", "IfNotPresent", "Always", "Never"]},
                        "pullSecrets": {"type": "array"},
                    },
                },
                "extraEnv": {
                    "type": "object",
                    "additionalProperties": {"type": ["string", "object"]},
                },
                "networkPolicy": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "enabled": {"type": "boolean"},
                        "ingress": {"type": "array"},
                        "egress": {"type": "array"},
                        "egressAllowRules": {"type": "object"},
                        "interNamespaceAccessLabels": {"enum": ["accept", "ignore"]},
                        "allowedIngressPorts": {"type": "array"},
                    },
                },
            },
        },
    },
}

failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)


def load_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def by_kind(docs):
    out = {}
    for d in docs:
        out.setdefault(d["kind"], []).append(d)
    return out


def validate_k8s(doc, version, what):
    try:
        kubernetes_validate.validate(doc, version, strict=True)
    except Exception as error:  # the library's errors have no common base but Exception
        failures.append(f"{what}: {error}")


def env_of(container):
    return {e["name"]: e for e in container.get("env", [])}


def secret_ref(env, name):
    ref = env.get(name, {}).get("valueFrom", {}).get("secretKeyRef", {})
    return ref.get("name"), ref.get("key")


def check_common(kinds, label):
    (deploy,) = kinds["Deployment"]
    (service,) = kinds["Service"]
    (policy,) = kinds["NetworkPolicy"]
    pod = deploy["spec"]["template"]
    labels = pod["metadata"]["labels"]
    spec = pod["spec"]
    (container,) = spec["containers"]
    selector = deploy["spec"]["selector"]["matchLabels"]
    expect(selector.items() <= labels.items(), f"{label}: the Deployment selects its pods")
    expect(service["spec"]["selector"].items() <= labels.items(), f"{label}: the Service selects the pods")
    expect(
        labels.get("hub.jupyter.org/network-access-hub") == "true",
        f"{label}: pods carry z2jh's label that lets them reach the Hub",
    )
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        get = container.get(probe, {}).get("httpGet", {})
        expect(get.get("path") == "/api/v1/health" and get.get("port") == "http", f"{label}: {probe} on /health")
    ctx, pod_ctx = container["securityContext"], spec["securityContext"]
    expect(pod_ctx.get("runAsNonRoot") is True and pod_ctx.get("runAsUser") == 1000, f"{label}: runs as node (1000)")
    expect(ctx.get("readOnlyRootFilesystem") is True, f"{label}: read-only root file system")
    expect(ctx.get("allowPrivilegeEscalation") is False, f"{label}: no privilege escalation")
    expect(ctx.get("capabilities", {}).get("drop") == ["ALL"], f"{label}: drops all capabilities")
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    expect({"/data", "/tmp"} <= mounts, f"{label}: writable /data and /tmp")
    expect(spec.get("automountServiceAccountToken") is False, f"{label}: no Kubernetes API token")
    sleep = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    env = env_of(container)
    grace_ms = int(env["NBPROMOTE_SHUTDOWN_GRACE_MS"]["value"])
    expect(
        spec["terminationGracePeriodSeconds"] >= sleep + grace_ms / 1000 + 1,
        f"{label}: Kubernetes waits longer than preStop + the service's own 25 s",
    )
    expect(
        secret_ref(env, "JUPYTERHUB_API_TOKEN") == ("hub", "hub.services.nbpromote.apiToken"),
        f"{label}: the Hub API token comes from z2jh's hub Secret",
    )
    expect(
        container["resources"].get("requests") and container["resources"].get("limits"),
        f"{label}: resources set",
    )
    (rule,) = policy["spec"]["ingress"]
    peers = [p.get("podSelector", {}).get("matchLabels") for p in rule["from"]]
    expect({"component": "singleuser-server"} in peers, f"{label}: user pods may reach the service")
    expect(policy["spec"]["podSelector"]["matchLabels"].items() <= labels.items(), f"{label}: the policy covers the pods")
    return deploy, service, container, env


def check_default(docs):
    kinds = by_kind(docs)
    expect(sorted(kinds) == ["Deployment", "NetworkPolicy", "PersistentVolumeClaim", "Service"], f"default: kinds {sorted(kinds)}")
    expect("Secret" not in kinds, "default: the chart creates no Secret")
    deploy, service, container, env = check_common(kinds, "default")
    expect(deploy["spec"]["replicas"] == 1, "default: one replica")
    expect(deploy["spec"].get("strategy", {}).get("type") == "Recreate", "default: Recreate (one ReadWriteOnce volume)")
    expect("DATABASE_URL" not in env, "default: SQLite in the data dir")
    volumes = {v["name"]: v for v in deploy["spec"]["template"]["spec"]["volumes"]}
    expect("persistentVolumeClaim" in volumes["data"], "default: the data dir is a PVC")
    return deploy, service, container, env


def check_team(docs):
    kinds = by_kind(docs)
    expect("PersistentVolumeClaim" not in kinds, "team: no PVC")
    (pdb,) = kinds.get("PodDisruptionBudget", [{}])
    expect(pdb.get("spec", {}).get("maxUnavailable") == 1, "team: replicas go down one at a time")
    deploy, _, container, env = check_common(kinds, "team")
    expect(deploy["spec"]["replicas"] == 3, "team: replicaCount")
    expect("strategy" not in deploy["spec"], "team: rolling updates")
    expect(secret_ref(env, "DATABASE_URL") == ("nbpromote-db", "database-url"), "team: PostgreSQL URL from its Secret")
    expect(
        secret_ref(env, "NBPROMOTE_GIT_REMOTE_URL") == ("nbpromote-git", "remote-url"),
        "team: git remote from its Secret",
    )
    expect(env.get("NBPROMOTE_ALLOWED_ORIGINS", {}).get("value") == "https://hub.example.org", "team: allowed origins")
    expect(
        container["image"] == "registry.example.org/data-science/nbpromote-service:0.1.0",
        "team: image repository and tag",
    )
    volumes = {v["name"]: v for v in deploy["spec"]["template"]["spec"]["volumes"]}
    expect("emptyDir" in volumes["data"], "team: each replica has its own data dir")
    ssh = volumes.get("ssh", {}).get("secret", {})
    expect(ssh.get("secretName") == "nbpromote-git-ssh", "team: ssh key from its Secret")
    expect(
        {i["path"] for i in ssh.get("items", [])} == {"id_ed25519", "known_hosts"},
        "team: ssh key and known hosts",
    )


def check_z2jh(values, deploy, service, env, version):
    try:
        jsonschema.validate(values, Z2JH_SUBSET)
    except jsonschema.ValidationError as error:
        failures.append(f"z2jh values: {error.message} at {list(error.absolute_path)}")
        return
    name = env["JUPYTERHUB_SERVICE_NAME"]["value"]
    hub = values["hub"]
    expect(name in hub["services"], f"z2jh values: hub.services.{name} is registered")
    expect(
        secret_ref(env, "JUPYTERHUB_API_TOKEN")[1] == f"hub.services.{name}.apiToken",
        "z2jh values: the chart reads the token z2jh generates for that service",
    )
    port = service["spec"]["ports"][0]["port"]
    url = f"http://{service['metadata']['name']}:{port}"
    expect(hub["services"][name].get("url") == url, f"z2jh values: the service URL is {url}")
    expect(values["singleuser"]["extraEnv"].get("NBPROMOTE_SERVICE_URL") == url, "z2jh values: user servers forward to it")
    access = f"access:services!service={name}"
    user_scopes = hub["loadRoles"]["user"]["scopes"]
    expect("self" in user_scopes and access in user_scopes, "z2jh values: the user role keeps self and gains access")
    token_scopes = hub["config"]["Spawner"]["server_token_scopes"]
    expect(access in token_scopes, "z2jh values: server tokens may call the service")
    expect(
        {"users:activity!user", "access:servers!server"} <= set(token_scopes),
        "z2jh values: server tokens keep JupyterHub's default scopes",
    )
    declared = set(hub["config"]["JupyterHub"]["custom_scopes"])
    used = {s for role in hub["loadRoles"].values() for s in role.get("scopes", [])} | set(token_scopes)
    undeclared = {s for s in used if s.startswith("custom:")} - declared
    expect(not undeclared, f"z2jh values: custom scopes declared ({sorted(undeclared)})")
    pod_labels = deploy["spec"]["template"]["metadata"]["labels"]
    container_port = deploy["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"]
    egress = values["singleuser"]["networkPolicy"]["egress"]
    reaches = [
        rule
        for rule in egress
        for peer in rule.get("to", [])
        if peer.get("podSelector", {}).get("matchLabels", {}).items() <= pod_labels.items()
        and any(p.get("port") == container_port for p in rule.get("ports", []))
    ]
    expect(reaches, "z2jh values: the egress rule reaches the service's pods on its port")
    # The egress rules are Kubernetes NetworkPolicyEgressRules: validate them as such.
    validate_k8s(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "singleuser-egress"},
            "spec": {"podSelector": {}, "policyTypes": ["Egress"], "egress": egress},
        },
        version,
        "z2jh values: singleuser.networkPolicy.egress",
    )


def merged(defaults, values):
    """Helm's merge of a values file onto a chart's defaults."""
    out = copy.deepcopy(defaults)
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def check_against_chart(values, chart):
    """Validates the values, merged onto the z2jh chart's defaults, with its values schema."""
    schema_file = os.path.join(chart, "values.schema.json")
    if not os.path.exists(schema_file):
        schema_file = os.path.join(chart, "values.schema.yaml")
    with open(schema_file, encoding="utf-8") as f:
        schema = yaml.safe_load(f)  # JSON is YAML too
    with open(os.path.join(chart, "values.yaml"), encoding="utf-8") as f:
        defaults = yaml.safe_load(f)
    for error in jsonschema.Draft7Validator(schema).iter_errors(merged(defaults, values)):
        failures.append(f"z2jh chart schema ({schema_file}): {error.message} at {list(error.absolute_path)}")
    print(f"validated against {schema_file}, merged onto that chart's values.yaml")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kubernetes-version", required=True)
    parser.add_argument("--default", required=True)
    parser.add_argument("--team", required=True)
    parser.add_argument("z2jh_values")
    args = parser.parse_args()
    default_docs, team_docs = load_all(args.default), load_all(args.team)
    for label, docs in (("default", default_docs), ("team", team_docs)):
        for doc in docs:
            validate_k8s(doc, args.kubernetes_version, f"{label}: {doc['kind']} {doc['metadata']['name']}")
    deploy, service, _, env = check_default(default_docs)
    check_team(team_docs)
    with open(args.z2jh_values, encoding="utf-8") as f:
        values = yaml.safe_load(f)
    check_z2jh(values, deploy, service, env, args.kubernetes_version)
    if os.environ.get("NBPROMOTE_Z2JH_CHART"):
        check_against_chart(values, os.environ["NBPROMOTE_Z2JH_CHART"])
    for failure in failures:
        print(f"FAILED {failure}")
    print(f"checked: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
