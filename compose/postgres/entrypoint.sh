#!/bin/bash
# Starts PostgreSQL as the postgres user; on an empty data directory first runs initdb and creates
# POSTGRES_USER (superuser, password POSTGRES_PASSWORD) and the database POSTGRES_DB it owns.
# Clients on the network authenticate with scram-sha-256; local socket connections are trusted
# (only processes inside this container reach the socket).
set -euo pipefail
: "${POSTGRES_USER:?set POSTGRES_USER}" "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}

if [[ $(id -u) == 0 ]]; then
	# a bind mount or an old volume may be owned by someone else
	mkdir -p "$PGDATA" /run/postgresql
	chown postgres:postgres "$PGDATA" /run/postgresql
	chmod 0700 "$PGDATA"
	exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [[ ! -s $PGDATA/PG_VERSION ]]; then
	echo "bpfforge-postgres: initialising $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
	pwfile=$(mktemp)
	printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
	initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
		--auth-local=trust --auth-host=scram-sha-256 >/dev/null
	rm -f "$pwfile"
	{
		echo "listen_addresses = '*'"
		echo "password_encryption = 'scram-sha-256'"
	} >>"$PGDATA/postgresql.conf"
	echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
	# a socket-only server for the set-up, so nobody connects before it is done
	pg_ctl -D "$PGDATA" -w -t 60 -o "-c listen_addresses=''" start >/dev/null
	if [[ $POSTGRES_DB != postgres ]]; then
		createdb -h /run/postgresql -U "$POSTGRES_USER" -O "$POSTGRES_USER" "$POSTGRES_DB"
	fi
	pg_ctl -D "$PGDATA" -w -t 60 -m fast stop >/dev/null
	echo "bpfforge-postgres: initialised"
fi
exec postgres -D "$PGDATA" "$@"
