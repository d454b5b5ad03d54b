#!/usr/bin/env bash
# PostgreSQL for the server tests on a clean machine (and again on a used one: every step is idempotent):
# Debian's package, its default cluster started (containers start no services), and one role the tests
# log in as over loopback. Each test server makes its own database as that role and drops it after
# (test/server/harness/postgres.ts), so test files run in parallel. Installs and starts only as root;
# otherwise it checks a server is there, or says how to get one, as scripts/ensure-browser.sh does.
set -euo pipefail

# A server of the tester's own (SCHOOL_ENDPOINT_TEST_PG_URL, a role with CREATEDB) needs nothing from here.
if [ -n "${SCHOOL_ENDPOINT_TEST_PG_URL:-}" ]; then exit 0; fi

if [ "$(id -u)" != 0 ]; then
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then exit 0; fi
  cat >&2 <<MSG
No PostgreSQL for the server tests on 127.0.0.1:5432.
  On Debian or Ubuntu, as root:  bash scripts/postgres-for-tests.sh
  Anywhere else:                 set SCHOOL_ENDPOINT_TEST_PG_URL to a database URL whose role may CREATE DATABASE.
MSG
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)

# The package makes cluster "main" but a container has no init to start it.
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')

role=school_endpoint_test
password=school-endpoint-test-only
# CREATEDB: a database per test server. Commits need not wait for the disk in tests (the role only).
su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" <<SQL
SELECT format('CREATE ROLE %I LOGIN CREATEDB', '$role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') \gexec
ALTER ROLE $role PASSWORD '$password';
ALTER ROLE $role SET synchronous_commit = off;
SQL
echo "postgres-for-tests: PostgreSQL $version on 127.0.0.1:$port, role $role"
