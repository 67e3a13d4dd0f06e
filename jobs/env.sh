# Sourced by the job wrappers: run from the checkout, with its virtualenv.
cd "$(dirname "$0")/.." || exit 2
export PATH="$PWD/.venv/bin:$PATH"
[ -f jobs/local.env ] && . jobs/local.env   # AGGREGATOR_DATABASE_URL etc., not committed
