#!/usr/bin/env bash
# Installs what the tests need on a fresh machine: Debian's Chromium (the end-to-end tests
# drive it with playwright-core, which cannot download its own browser here) and the npm tree.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium (Debian package) for the end-to-end tests…"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
npm ci --no-audit --no-fund
