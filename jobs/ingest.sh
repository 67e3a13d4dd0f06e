#!/bin/sh
# Ingest the live feeds, then cluster what arrived. Exit code of ingest wins (75 = overlap).
. "$(dirname "$0")/env.sh"
aggregator ingest
code=$?
if [ "$code" -eq 0 ] || [ "$code" -eq 1 ]; then
    aggregator cluster || exit $?
fi
exit "$code"
