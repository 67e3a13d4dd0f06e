# Sourced by the job wrappers: run from the checkout, with its virtualenv. Summaries of healthy
# runs are appended to $LOG_DIR/<job>.log; failures go to stderr, which cron mails.
cd "$(dirname "$0")/.." || exit 2
export PATH="$PWD/.venv/bin:$PATH"
[ -f jobs/local.env ] && . jobs/local.env   # AGGREGATOR_DATABASE_URL etc., not committed
LOG_DIR=${AGGREGATOR_LOG_DIR:-data/logs}
mkdir -p "$LOG_DIR" || exit 2
