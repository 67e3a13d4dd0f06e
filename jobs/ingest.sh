#!/bin/sh
# Ingest the live feeds, then cluster what arrived. Exit code of ingest wins (75 = overlap).
# Summary lines go to the log; failures (and their exit codes) to stderr, which cron mails.
. "$(dirname "$0")/env.sh"
aggregator ingest >>"$LOG_DIR/ingest.log"
code=$?
if [ "$code" -eq 0 ] || [ "$code" -eq 1 ]; then
    aggregator cluster >>"$LOG_DIR/cluster.log" || exit $?
fi
if [ "$code" -ne 0 ]; then
    echo "aggregator ingest exited $code (docs/status.md lists the exit codes)" >&2
fi
exit "$code"
