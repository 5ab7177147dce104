#!/bin/sh
# The database roles, created once by the PostgreSQL superuser: `sluice` owns the app
# database `sluice`, `temporal` owns Temporal's `temporal` and `temporal_visibility`. Neither
# is a superuser, creates roles or databases, or can reach the other's data.
#
# docker compose runs it from /docker-entrypoint-initdb.d on an empty data directory. Against
# a server of your own (Kubernetes, a managed PostgreSQL), run it once as an administrator:
#   PGHOST=db.internal PGUSER=postgres POSTGRES_SLUICE_PASSWORD=... POSTGRES_TEMPORAL_PASSWORD=... \
#     sh deploy/postgres/init-roles.sh
#
# Environment: POSTGRES_SLUICE_PASSWORD, POSTGRES_TEMPORAL_PASSWORD (required); POSTGRES_SLUICE_ROLE and
# POSTGRES_TEMPORAL_ROLE (default sluice and temporal: each role's database is named after it,
# plus <temporal role>_visibility); PGHOST, PGUSER, PGPASSWORD as psql reads them
# (POSTGRES_USER inside the postgres image).
set -eu

: "${POSTGRES_SLUICE_PASSWORD:?set POSTGRES_SLUICE_PASSWORD, the password of the app role}"
: "${POSTGRES_TEMPORAL_PASSWORD:?set POSTGRES_TEMPORAL_PASSWORD, the password of Temporal's role}"
app="${POSTGRES_SLUICE_ROLE:-sluice}"
temporal="${POSTGRES_TEMPORAL_ROLE:-temporal}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-${PGUSER:-postgres}}" --dbname postgres \
    -v app="$app" -v app_password="$POSTGRES_SLUICE_PASSWORD" \
    -v temporal="$temporal" -v temporal_visibility="${temporal}_visibility" \
    -v temporal_password="$POSTGRES_TEMPORAL_PASSWORD" <<'SQL'
CREATE ROLE :"app" LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE ROLE :"temporal" LOGIN PASSWORD :'temporal_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE :"app" OWNER :"app";
CREATE DATABASE :"temporal" OWNER :"temporal";
CREATE DATABASE :"temporal_visibility" OWNER :"temporal";
REVOKE ALL ON DATABASE :"app" FROM PUBLIC;
REVOKE ALL ON DATABASE :"temporal" FROM PUBLIC;
REVOKE ALL ON DATABASE :"temporal_visibility" FROM PUBLIC;
SQL
echo "roles $app and $temporal created, each owning only its own databases"
