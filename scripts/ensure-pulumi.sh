#!/usr/bin/env bash
# Makes the Pulumi CLI, its Node.js language host and the dynamic-provider launcher available.
#
# Uses `pulumi` from PATH when present (a regular install has Pulumi's own language host). Otherwise
# builds the CLI from the Go module proxy into a cache directory outside the repo (reused on later
# runs), because the CLI's release binaries cannot be downloaded on our machines.
#
# The official Node.js language host (module .../sdk/nodejs/cmd/pulumi-language-nodejs/v3) is NOT
# served by the module proxy, so next to a CLI built here we install our own small one
# (tools/language-host/host.js, dev tooling, not part of the package). With it, `pulumi up` runs a
# TypeScript project directory as it does for users. It is installed NEXT TO the binary: found only
# on PATH, the engine would print "using pulumi-language-nodejs from $PATH" for every lookup.
#
# Prints the directory to put on PATH as its last line of stdout; progress goes to stderr.
#   PULUMI_DIR=$(scripts/ensure-pulumi.sh | tail -n1); export PATH="$PULUMI_DIR:$PATH"
#
# Env: PULUMI_VERSION (default v3.274.1), PULUMI_CODERD_CACHE (default ~/.cache/pulumi-coderd).
set -euo pipefail

VERSION="${PULUMI_VERSION:-v3.274.1}"
CACHE="${PULUMI_CODERD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-coderd}"
BIN="$CACHE/pulumi-$VERSION/bin"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { echo "[ensure-pulumi] $*" >&2; }

# The launcher the engine runs for dynamic providers; shipped inside @pulumi/pulumi.
install_launcher() {
  local dir="$1" src="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$src" ] && [ -w "$dir" ] && ! cmp -s "$src" "$dir/pulumi-resource-pulumi-nodejs"; then
    cp "$src" "$dir/pulumi-resource-pulumi-nodejs"
    chmod +x "$dir/pulumi-resource-pulumi-nodejs"
  fi
}

# Our language host: a launcher script next to the CLI, the host's code beside it, and the path of
# this checkout's node_modules as a fallback for the gRPC stubs (the host prefers the project's own
# @pulumi/pulumi, found from the directory the engine starts it in).
install_language_host() {
  local dir="$1" src="$REPO_ROOT/tools/language-host/host.js"
  mkdir -p "$dir/language-host"
  cmp -s "$src" "$dir/language-host/host.js" || cp "$src" "$dir/language-host/host.js"
  echo "$REPO_ROOT" > "$dir/language-host/deps-dir"
  if [ ! -x "$dir/pulumi-language-nodejs" ]; then
    printf '#!/bin/sh\nexec node "$(dirname "$0")/language-host/host.js" "$@"\n' > "$dir/pulumi-language-nodejs"
    chmod +x "$dir/pulumi-language-nodejs"
  fi
}

if [ -z "${PULUMI_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  dir="$(dirname "$(command -v pulumi)")"
  log "using pulumi from PATH: $(command -v pulumi) ($(pulumi version 2>/dev/null || echo '?'))"
  if [ "$dir" = "$BIN" ]; then
    install_language_host "$BIN"
  elif [ ! -x "$dir/pulumi-language-nodejs" ] && ! command -v pulumi-language-nodejs >/dev/null 2>&1; then
    log "WARNING: this pulumi has no Node.js language host next to it or on PATH; projects will not run"
  fi
  echo "$dir"
  exit 0
fi

if [ -x "$BIN/pulumi" ]; then
  install_launcher "$BIN"
  install_language_host "$BIN"
  log "using cached pulumi $VERSION in $BIN"
  echo "$BIN"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "ERROR: the Pulumi CLI is not on PATH and Go is not installed, so it cannot be built."
  log "Install the Pulumi CLI (https://www.pulumi.com/docs/install/) or Go >= 1.25, then re-run."
  exit 1
fi

export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS="${GOFLAGS:-} -mod=mod"
start=$(date +%s)
log "building pulumi $VERSION from the Go module proxy into $BIN (takes several minutes the first time)"
work="$CACHE/build-$VERSION"
mkdir -p "$work" "$BIN"
cd "$work"

pkg_dir="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$VERSION" | sed -n 's/.*"Dir": *"\([^"]*\)".*/\1/p' | head -n1)"
sdk_dir="$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@$VERSION" | sed -n 's/.*"Dir": *"\([^"]*\)".*/\1/p' | head -n1)"
[ -n "$pkg_dir" ] && [ -n "$sdk_dir" ] || { log "ERROR: could not download pulumi pkg/sdk $VERSION"; exit 1; }

# Non-local replace lines of the release's own go.mod files (path replaces like ../sdk are dropped):
# replaces in dependency modules are ignored by Go, so the wrapper must repeat them.
replaces="$( { sed -n '/^replace (/,/^)/p;/^replace [^(]/p' "$pkg_dir/go.mod" "$sdk_dir/go.mod"; } \
  | grep -E '=>' | sed -e 's/^replace //' -e 's/^[[:space:]]*//' | grep -vE '=>[[:space:]]*\.' | sort -u || true)"

cat > go.mod <<GOMOD
module pulumi-coderd-cli-wrapper

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 $VERSION
	github.com/pulumi/pulumi/sdk/v3 $VERSION
)
GOMOD
if [ -n "$replaces" ]; then
  { echo; echo "replace ("; printf '%s\n' "$replaces" | sed 's/^/\t/'; echo ")"; } >> go.mod
fi
log "wrapper go.mod:"; sed 's/^/    /' go.mod >&2

ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION"
log "downloading modules and compiling pulumi (cmd/pulumi)"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$BIN/pulumi.tmp" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
mv "$BIN/pulumi.tmp" "$BIN/pulumi"
install_launcher "$BIN"
install_language_host "$BIN"
log "built $("$BIN/pulumi" version) in $(( $(date +%s) - start ))s"
echo "$BIN"
