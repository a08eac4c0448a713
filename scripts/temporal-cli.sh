#!/usr/bin/env bash
# Prints the path of a working `temporal` CLI (which embeds the Temporal dev server).
# Tries, in order: $TEMPORAL_CLI_PATH, `temporal` on PATH, the cached build under
# .temporal/bin, a build from source with Go, and the official binary download.
# Progress goes to stderr so `$(bash scripts/temporal-cli.sh)` captures only the path.
set -euo pipefail

# The one place the CLI version lives. v1.5.1 is the newest tag whose go.mod has no
# replace directive, so `go install ...@version` can build it straight from the module proxy.
TEMPORAL_CLI_VERSION="v1.5.1"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache_dir="$root/.temporal/bin"
cached="$cache_dir/temporal"

say() { echo "temporal-cli: $*" >&2; }

works() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  if works "$TEMPORAL_CLI_PATH"; then echo "$TEMPORAL_CLI_PATH"; exit 0; fi
  say "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not a working temporal binary"; exit 1
fi

if on_path="$(command -v temporal 2>/dev/null)" && works "$on_path"; then
  echo "$on_path"; exit 0
fi

if works "$cached"; then echo "$cached"; exit 0; fi

if command -v go >/dev/null 2>&1; then
  say "building the Temporal CLI $TEMPORAL_CLI_VERSION from source with $(go version | cut -d' ' -f3)."
  say "this takes several minutes the first time (later runs reuse $cached) ..."
  mkdir -p "$cache_dir"
  started=$SECONDS
  if GOBIN="$cache_dir" GOFLAGS="${GOFLAGS:-} -trimpath" \
      go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2 && works "$cached"; then
    say "built $cached in $((SECONDS - started)) s"
    echo "$cached"; exit 0
  fi
  say "the Go build failed (see above)"
fi

say "trying the official prebuilt binary (needs internet access) ..."
if downloaded="$(cd "$root" && TEMPORAL_CLI_VERSION="$TEMPORAL_CLI_VERSION" npx --no-install tsx scripts/download-temporal-cli.ts)" \
    && works "$downloaded"; then
  echo "$downloaded"; exit 0
fi

cat >&2 <<MSG
temporal-cli: no Temporal CLI could be found or made. Provide one in any of these ways:
  1. set TEMPORAL_CLI_PATH to a temporal binary ($TEMPORAL_CLI_VERSION or newer);
  2. put \`temporal\` on your PATH (https://docs.temporal.io/cli#install, e.g. \`brew install temporal\`);
  3. install Go 1.24+ and re-run: the project builds $TEMPORAL_CLI_VERSION into $cache_dir;
  4. allow internet access so the official binary can be downloaded.
MSG
exit 1
