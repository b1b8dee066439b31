#!/usr/bin/env bash
# Make sure a PostgreSQL server is installed for the storage tests.
# Installs Debian's package when running as root (as CI does); otherwise says what to do.
# The tests start and stop their own throwaway cluster on 127.0.0.1.
set -euo pipefail
if [ "${COMMPLAN_SKIP_POSTGRES:-}" = "1" ]; then
  echo "ensure-postgres: skipped (COMMPLAN_SKIP_POSTGRES=1); PostgreSQL tests will be skipped"
  exit 0
fi
if compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || command -v initdb > /dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null; then
  echo "ensure-postgres: installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql > /dev/null
  # The package may start a cluster of its own; the tests do not use it.
  (command -v service > /dev/null && service postgresql stop > /dev/null 2>&1) || true
  exit 0
fi
echo "ensure-postgres: no PostgreSQL server found. Install it (Debian: sudo apt-get install" \
     "postgresql) or run with COMMPLAN_SKIP_POSTGRES=1 to skip those tests." >&2
exit 1
