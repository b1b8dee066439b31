#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the real-browser tests
# (a test tool's own browser download cannot work here). Installs as root.
set -euo pipefail
if command -v chromium > /dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null; then
  echo "ensure-chromium: installing Debian's chromium package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core > /dev/null
  exit 0
fi
echo "ensure-chromium: Chromium not found; install Debian's chromium package." >&2
exit 1
