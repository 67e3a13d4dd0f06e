#!/bin/sh
# Nightly exports into exports/YYYY-MM-DD/; errors go to stderr, which cron mails.
. "$(dirname "$0")/env.sh"
day=$(date -u +%Y-%m-%d)
mkdir -p "exports/$day"
for kind in articles events; do
    aggregator export "$kind" --format csv --out "exports/$day/$kind.csv" >>"$LOG_DIR/export.log" \
        || exit $?
done
