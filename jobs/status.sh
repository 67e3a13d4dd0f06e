#!/bin/sh
# Feed and run health: quiet when all is well; when something needs attention (exit 1) the
# report goes to stderr, so cron mails it.
. "$(dirname "$0")/env.sh"
report=$(aggregator status)
code=$?
if [ "$code" -ne 0 ]; then
    printf '%s\n' "$report" >&2
fi
exit "$code"
