#!/bin/bash
# sql/docker/postgres-init.sh — bootstrap for the postgres container of
# docker-compose.yml (mounted into /docker-entrypoint-initdb.d/).
#
# The postgres image runs it once, as the superuser, when it creates a fresh
# data volume; later starts skip it. It makes what `ansinhd migrate` needs
# before it can run — the same roles as sql/cluster.sh's bootstrap:
#
#   ansinh_daemon   NOLOGIN group role of the daemon (the migrations grant to it)
#   ansinh_analyst  NOLOGIN group role of read-only analysts
#   ansinh_owner    LOGIN CREATEROLE, owns database `ansinh`, runs migrations
#                   and `ansinhd token …`      password $ANSINH_OWNER_PASSWORD
#                                              (or the file $ANSINH_OWNER_PASSWORD_FILE;
#                                              the same _FILE twin for each)
#   ansinhd         LOGIN, member of ansinh_daemon   $ANSINH_DAEMON_PASSWORD
#   analyst         LOGIN, member of ansinh_analyst, read-only sessions
#                                                    $ANSINH_ANALYST_PASSWORD
#
# and the database `ansinh` owned by ansinh_owner. Everything else (schemas,
# tables, grants, row-level security) is the migrations' job.
#
# Changing a password in .env later does not reach an existing volume: run
#   docker compose exec postgres psql -U postgres -c "ALTER ROLE ansinhd PASSWORD '…'"
#
# Written to work whether the image executes it or sources it (it does the
# latter when the file is not executable): no `exit` on success, no set -u.
set -eo pipefail

# Each password from VAR, or from the file VAR_FILE names (a Docker secret,
# as docker-compose.yml gives them; its first line).
for ansinh_init_var in ANSINH_OWNER_PASSWORD ANSINH_DAEMON_PASSWORD ANSINH_ANALYST_PASSWORD; do
	ansinh_init_file=${ansinh_init_var}_FILE
	if [ -n "${!ansinh_init_file:-}" ]; then
		if [ ! -r "${!ansinh_init_file}" ]; then
			echo "postgres-init.sh: $ansinh_init_file ${!ansinh_init_file}: cannot be read by uid $(id -u)" >&2
			exit 1
		fi
		IFS= read -r "${ansinh_init_var?}" <"${!ansinh_init_file}" || true
		export "${ansinh_init_var?}"
	fi
	if [ -z "${!ansinh_init_var:-}" ]; then
		echo "postgres-init.sh: $ansinh_init_var is empty; set it or $ansinh_init_file (see docker-compose.yml)" >&2
		exit 1
	fi
done
unset ansinh_init_var ansinh_init_file

psql -X -q -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres <<'SQL'
-- Create only what is missing (a volume restored from elsewhere may have
-- some of it). The group roles come first: the login roles join them. The
-- migrations create the group roles too when they are missing.
SELECT 'CREATE ROLE ansinh_daemon NOLOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_daemon')
\gexec
SELECT 'CREATE ROLE ansinh_analyst NOLOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_analyst')
\gexec
SELECT 'CREATE ROLE ansinh_owner LOGIN CREATEROLE'
 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_owner')
\gexec
SELECT 'CREATE ROLE ansinhd LOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinhd')
\gexec
SELECT 'CREATE ROLE analyst LOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'analyst')
\gexec

-- The passwords come from the environment (\getenv, psql 15+), so they are
-- on no command line; :'var' is substituted as a quoted literal.
\getenv owner_pw ANSINH_OWNER_PASSWORD
\getenv daemon_pw ANSINH_DAEMON_PASSWORD
\getenv analyst_pw ANSINH_ANALYST_PASSWORD
ALTER ROLE ansinh_owner LOGIN CREATEROLE PASSWORD :'owner_pw';
ALTER ROLE ansinhd LOGIN PASSWORD :'daemon_pw';
ALTER ROLE analyst LOGIN PASSWORD :'analyst_pw';

SET client_min_messages = warning; -- "already a member" is not news
GRANT ansinh_daemon TO ansinhd;
GRANT ansinh_analyst TO analyst;
RESET client_min_messages;

-- Analysts get a read-only session and the schema on their search path.
ALTER ROLE analyst SET default_transaction_read_only = on;
ALTER ROLE analyst SET search_path = ansinh, public;

SELECT 'CREATE DATABASE ansinh OWNER ansinh_owner'
 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = 'ansinh')
\gexec
SQL

echo "postgres-init.sh: roles ansinh_owner, ansinhd, analyst and database ansinh are ready"
