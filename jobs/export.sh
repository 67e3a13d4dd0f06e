#!/bin/sh
# Nightly exports for the researchers into $EXPORT_DIR/YYYY-MM-DD/ (UTC day): every kind of
# docs/codebook.md, the tables as CSV and the full texts as JSONL. The day's folder appears
# whole or not at all (written beside it, then renamed; a rerun the same day replaces it), and
# only the newest $AGGREGATOR_EXPORT_KEEP day folders (default 7) are kept, so the disk stays
# bounded. Every kind is computed from the whole database unless AGGREGATOR_EXPORT_DAYS
# limits it to the articles (and events) of the last N days: the framing kinds (comparison,
# terms, quotes, entities, translations) read every event's texts again each night, so the
# job's time grows with the database. Summaries go to the log; errors to stderr (cron mails).
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
part="$EXPORT_DIR/.$day.part"
rm -rf "$part"
mkdir -p "$part" || exit 2
trap 'rm -rf "$part"; exit 143' TERM
trap 'rm -rf "$part"; exit 130' INT

run() {
    aggregator export "$@" ${since:+--since "$since"} >>"$LOG_DIR/export.log" && return 0
    code=$?
    rm -rf "$part"
    echo "export.sh: \`aggregator export $1\` exited $code; $EXPORT_DIR/$day not written" \
        "(earlier days kept)" >&2
    exit "$code"
}

for kind in articles events comparison terms quotes entities revisions translations; do
    run "$kind" --format csv --out "$part/$kind.csv"
done
run texts --format jsonl --out "$part/texts.jsonl"

rm -rf "$EXPORT_DIR/$day" && mv "$part" "$EXPORT_DIR/$day" || exit 1
trap - TERM INT

# keep the newest $KEEP day folders; only folders named as days are ever removed
ls -1 "$EXPORT_DIR" | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' | sort -r | tail -n +"$((KEEP + 1))" |
    while read -r old; do
        rm -rf "${EXPORT_DIR:?}/$old" && echo "export.sh: removed $EXPORT_DIR/$old (keeping $KEEP days)" \
            >>"$LOG_DIR/export.log"
    done
echo "export.sh: $EXPORT_DIR/$day written" >>"$LOG_DIR/export.log"
