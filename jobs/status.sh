#!/bin/sh
# Print feed health; exit 1 (so cron mails) when a feed needs attention.
. "$(dirname "$0")/env.sh"
exec aggregator status
