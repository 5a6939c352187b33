#!/usr/bin/env bash
# Runs once, when the PostgreSQL volume is created: the read-only role the query service logs in with. The schema
# migration (V2) grants lngossip_reader SELECT on every table.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE lngossip_reader NOLOGIN;
CREATE ROLE lngossip_query LOGIN PASSWORD '${LNGOSSIP_QUERY_DB_PASSWORD}' IN ROLE lngossip_reader;
SQL
