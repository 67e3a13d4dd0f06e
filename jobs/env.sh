# Sourced by the job wrappers: run from the checkout that holds jobs/ (its data/ and exports/
# are written there). Summaries of healthy runs are appended to $LOG_DIR/<job>.log; failures
# go to stderr, which cron mails.
cd "$(dirname "$0")/.." || exit 2
[ -f jobs/local.env ] && . jobs/local.env   # AGGREGATOR_DATABASE_URL etc., not committed
# the aggregator command: the virtualenv $AGGREGATOR_VENV (a production install, README), else
# the checkout's own .venv (`make install`), else whatever PATH finds
if [ -n "${AGGREGATOR_VENV:-}" ]; then
    export PATH="$AGGREGATOR_VENV/bin:$PATH"
elif [ -d .venv/bin ]; then
    export PATH="$PWD/.venv/bin:$PATH"
fi
if ! command -v aggregator >/dev/null 2>&1; then
    echo "$(basename "$0"): no aggregator command in ${AGGREGATOR_VENV:-$PWD/.venv}/bin or" \
        "on PATH; set AGGREGATOR_VENV (in jobs/local.env or the crontab) to its virtualenv" >&2
    exit 2
fi
LOG_DIR=${AGGREGATOR_LOG_DIR:-data/logs}
mkdir -p "$LOG_DIR" || exit 2
