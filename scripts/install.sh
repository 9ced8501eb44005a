#!/bin/sh
# Installs what this machine lacks to run and test openlive, then builds it.
#   - Debian packages: ffmpeg (+ffprobe), srt-tools, chromium (the test player), postgresql (cluster store; the
#     tests start throwaway servers), iproute2 and iputils-arping (cluster workers move endpoint addresses and
#     announce them; the namespace tests), awscli only if no `aws` exists
#     (an old one: it needs AWS_DATA_PATH=tools/model for newer MediaLive commands, see the end)
#   - moto's S3 server (the tests' S3-compatible store) into .tools/moto, a Python venv, when no `moto_server` exists
#   - g++, make and python3 when missing (node-gyp: better-sqlite3 compiles from source, and so does the UDP output's
#     native batched sender)
#   - npm packages from package-lock.json (npm ci), skipped when node_modules already matches the lock file
#   - the UDP output's native batched sender (native/udp-batch, with npm's bundled node-gyp); without it UDP outputs
#     still work, sent with Node's dgram (more CPU per datagram)
#   - the TypeScript build (dist/)
# Safe to run again: it only installs what is missing. Needs root (or sudo) for apt.
set -eu
cd "$(dirname "$0")/.."

say() { printf 'openlive install: %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  say "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

missing=""
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing="$missing ffmpeg"
command -v srt-live-transmit >/dev/null 2>&1 || missing="$missing srt-tools"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v aws >/dev/null 2>&1 || missing="$missing awscli"
# PostgreSQL: the cluster-mode store; the tests start throwaway servers with its initdb/pg_ctl.
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
# Cluster workers add endpoint addresses with ip and announce them with arping -U (gratuitous ARP).
command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing="$missing iproute2"
command -v arping >/dev/null 2>&1 || [ -x /usr/sbin/arping ] || missing="$missing iputils-arping"
# node-gyp's tools: a C/C++ compiler, make and Python.
command -v g++ >/dev/null 2>&1 || missing="$missing g++"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
# moto's server goes into a venv of its own (Debian's Python refuses pip installs outside one, PEP 668).
MOTO_VERSION=5.2.1
need_moto=""
command -v moto_server >/dev/null 2>&1 || [ -x .tools/moto/bin/moto_server ] || need_moto=yes
[ -z "$need_moto" ] || python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$missing python3-venv"
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    say "missing Debian packages:$missing; run this script as root to install them" >&2
    exit 1
  fi
  say "installing Debian packages:$missing"
  $sudo apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
else
  say "Debian packages present (ffmpeg, srt-tools, chromium, postgresql, iproute2, iputils-arping, aws, g++, make, python3)"
fi

if [ -n "$need_moto" ]; then
  say "installing moto[server]==$MOTO_VERSION into .tools/moto (the tests' S3 server)"
  python3 -m venv .tools/moto
  .tools/moto/bin/pip install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
else
  say "moto_server present"
fi

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.openlive-lock-hash ] && [ "$(cat node_modules/.openlive-lock-hash)" = "$lock_hash" ]; then
  say "npm packages up to date"
else
  say "npm ci (better-sqlite3 compiles from source: about a minute)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.openlive-lock-hash
fi

addon=native/udp-batch/build/Release/udp_batch.node
if [ -f "$addon" ] && [ -z "$(find native/udp-batch -maxdepth 1 -newer "$addon" -type f)" ]; then
  say "native batched UDP sender up to date"
else
  say "building the native batched UDP sender (node-gyp)"
  build_log=$(mktemp)
  if ! npm run --silent build:native >"$build_log" 2>&1; then
    cat "$build_log" >&2
    say "the native batched UDP sender did not build (above): UDP outputs will be sent with Node's dgram" >&2
  fi
  rm -f "$build_log"
fi

say "building"
npm run --silent build
# Debian bookworm's awscli (2.9.19) predates list-alerts, --srt-settings and more; the model
# vendored in tools/model/ gives any aws CLI every MediaLive operation (tools/model/README.md).
if ! aws medialive list-alerts --generate-cli-skeleton >/dev/null 2>&1; then
  say "your aws CLI ($(aws --version 2>&1 | cut -d' ' -f1)) lacks newer MediaLive commands: export AWS_DATA_PATH=$PWD/tools/model (README, walk-through)"
fi
say "ready: ./openlive serve   |   npm test"
