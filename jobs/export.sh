#!/bin/sh
# Nightly exports for the researchers into $EXPORT_DIR/YYYY-MM-DD/ (UTC day): every kind of
# docs/codebook.md, the tables as CSV and the full texts as JSONL. The day's folder appears
# whole or not at all (written beside it, then renamed; a rerun the same day replaces it), and
# only the newest $AGGREGATOR_EXPORT_KEEP day folders (default 7) are kept, so the disk stays
# bounded. One `aggregator export all` writes them from one consistent read of the database
# (a cluster run meanwhile cannot make the files disagree), each event's framing analysis done
# once for the five framing kinds. Every kind covers the whole database unless
# AGGREGATOR_EXPORT_DAYS limits it to the articles (and events) of the last N days: the
# framing reads every event's texts each night, so the job's time grows with the database.
# Summaries go to the log; errors to stderr (cron mails).
. "$(dirname "$0")/env.sh"
EXPORT_DIR=${AGGREGATOR_EXPORT_DIR:-exports}
KEEP=${AGGREGATOR_EXPORT_KEEP:-7}
DAYS=${AGGREGATOR_EXPORT_DAYS:-}
case $KEEP in
    '' | *[!0-9]* | 0)
        echo "export.sh: AGGREGATOR_EXPORT_KEEP must be a whole number of days >= 1, not '$KEEP'" >&2
        exit 2 ;;
esac
case $DAYS in
    '') since= ;;
    *[!0-9]* | 0)
        echo "export.sh: AGGREGATOR_EXPORT_DAYS must be a whole number of days >= 1, not '$DAYS'" >&2
        exit 2 ;;
    *) since=$(date -u -d "$DAYS days ago" +%Y-%m-%dT00:00:00Z) || exit 2 ;;
esac
day=$(date -u +%Y-%m-%d)
mkdir -p "$EXPORT_DIR" || exit 2

# every kind from one read of the database, each event's framing computed once; the command
# writes .DAY.XXXXXX.part beside the day's folder and renames it when complete (SIGTERM or a
# failure removes it), so the day's folder is whole or absent, an earlier one replaced whole.
# What a killed night left (SIGKILL, OOM, power cut) it removes itself, saying so on stderr
# (cron mails it), and it leaves alone the folders of an export still running (an overlapping
# slow night): this job removes no temporary folder of its own
aggregator export all --out "$EXPORT_DIR/$day" ${since:+--since "$since"} >>"$LOG_DIR/export.log"
code=$?
if [ "$code" -ne 0 ]; then
    echo "export.sh: \`aggregator export all\` exited $code; $EXPORT_DIR/$day not written" \
        "(earlier days kept)" >&2
    exit "$code"
fi

# keep the newest $KEEP day folders; only folders named as days are ever removed
ls -1 "$EXPORT_DIR" | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' | sort -r | tail -n +"$((KEEP + 1))" |
    while read -r old; do
        rm -rf "${EXPORT_DIR:?}/$old" && echo "export.sh: removed $EXPORT_DIR/$old (keeping $KEEP days)" \
            >>"$LOG_DIR/export.log"
    done
echo "export.sh: $EXPORT_DIR/$day written" >>"$LOG_DIR/export.log"
