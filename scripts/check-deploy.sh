#!/usr/bin/env bash
# Checks what ships the service: hadolint on the Dockerfiles, `helm lint` and `helm template`
# on the chart (defaults and a team's values), every rendered manifest against the schemas of
# a current Kubernetes (kubernetes-validate, strict), the chart's refusals, and the Zero to
# JupyterHub values (scripts/check_deploy.py). No image is built: there is no Docker engine.
# The tools are installed once into .deploy-tools/ (registries only: PyPI, the Go module proxy).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

TOOLS="$ROOT/.deploy-tools"
HELM_VERSION=v4.3.2
KUBERNETES_VERSION=1.37.0
CHART=deploy/helm/nbpromote

ensure_venv "$TOOLS/venv" requirements-deploy.txt "the deployment checkers (hadolint, kubernetes-validate)"
# `go install` leaves Helm's own version string unset ("v4.3"): a stamp says which one it is.
if [ ! -x "$TOOLS/bin/helm" ] || [ "$(cat "$TOOLS/bin/.helm-version" 2>/dev/null)" != "$HELM_VERSION" ]; then
  command -v go >/dev/null || apt_install golang-go || die "Go is needed once, to build Helm"
  log "building Helm $HELM_VERSION into .deploy-tools/bin (Go module proxy; minutes, once)"
  # GOTOOLCHAIN=auto: an older Go fetches the toolchain Helm asks for from the module proxy.
  GOBIN="$TOOLS/bin" GOTOOLCHAIN=auto \
    go install "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" || die "could not build Helm $HELM_VERSION"
  echo "$HELM_VERSION" >"$TOOLS/bin/.helm-version"
fi
export PATH="$TOOLS/venv/bin:$TOOLS/bin:$PATH"
# Helm keeps its settings and caches with the tools, not in the home folder.
export HELM_CONFIG_HOME="$TOOLS/helm/config" HELM_CACHE_HOME="$TOOLS/helm/cache" \
  HELM_DATA_HOME="$TOOLS/helm/data"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
failures=0
check() {
  local name=$1
  shift
  if "$@" >"$out/log" 2>&1; then
    log "  ✓ $name"
  else
    log "  ✗ $name"
    sed 's/^/      /' "$out/log" >&2
    failures=$((failures + 1))
  fi
}
render() {
  local file=$1
  shift
  helm template nbpromote "$CHART" "$@" >"$file"
}
# Rendering that must be refused, with the chart's message.
refused() {
  local message=$1
  shift
  if helm template nbpromote "$CHART" "$@" >"$out/refused.yaml" 2>"$out/refused.err"; then
    echo "rendered although it should not: $*"
    return 1
  fi
  grep -F -- "$message" "$out/refused.err" || { cat "$out/refused.err"; return 1; }
}

# A team's values: PostgreSQL, a git remote over ssh, its own image; replicaCount left at
# `auto`, which makes that three replicas (check_deploy.py checks the count).
team=(--set persistence.enabled=false
  --set database.existingSecret=nbpromote-db --set git.remote.existingSecret=nbpromote-git
  --set git.ssh.existingSecret=nbpromote-git-ssh
  --set image.repository=registry.example.org/data-science/nbpromote-service
  --set image.tag=0.1.0 --set-json 'allowedOrigins=["https://hub.example.org"]')

check "hadolint server/Dockerfile deploy/singleuser/Dockerfile" \
  hadolint server/Dockerfile deploy/singleuser/Dockerfile
check "helm lint --strict (defaults)" helm lint --strict "$CHART"
check "helm lint --strict (team values)" helm lint --strict "$CHART" "${team[@]}"
check "helm template (defaults)" render "$out/default.yaml"
check "helm template (team values)" render "$out/team.yaml" "${team[@]}"
check "the chart refuses several replicas on SQLite" \
  refused "replicaCount > 1 needs PostgreSQL" --set replicaCount=2 --set persistence.enabled=false
check "the chart refuses several replicas without a shared git remote" \
  refused "replicaCount > 1 needs a shared git remote" --set replicaCount=2 \
  --set persistence.enabled=false --set database.existingSecret=nbpromote-db
check "the chart refuses SQLite without persistence" \
  refused "the SQLite database would be lost" --set persistence.enabled=false
check "kubernetes-validate --strict (Kubernetes $KUBERNETES_VERSION), defaults" \
  kubernetes-validate --strict --kubernetes-version "$KUBERNETES_VERSION" "$out/default.yaml"
check "kubernetes-validate --strict (Kubernetes $KUBERNETES_VERSION), team values" \
  kubernetes-validate --strict --kubernetes-version "$KUBERNETES_VERSION" "$out/team.yaml"
check "rendered manifests and deploy/z2jh-values.yaml agree (scripts/check_deploy.py)" \
  python scripts/check_deploy.py --kubernetes-version "$KUBERNETES_VERSION" \
  --default "$out/default.yaml" --team "$out/team.yaml" deploy/z2jh-values.yaml

if [ "$failures" -gt 0 ]; then
  log "deployment checks: $failures failed"
  exit 1
fi
log "deployment checks: all passed"
