#!/usr/bin/env bash
# Production-like: gunicorn + a Celery worker + Celery beat, stopped together (Ctrl-C).
# Configure with the environment (see .env.example): at least DJANGO_SECRET_KEY,
# FIELD_ENCRYPTION_KEYS, DATABASE_URL (PostgreSQL), CELERY_BROKER_URL and REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV_BIN=.venv/bin
BIND="${BIND:-127.0.0.1:8000}"
export DJANGO_STATIC_MANIFEST="${DJANGO_STATIC_MANIFEST:-true}"

for name in DATABASE_URL CELERY_BROKER_URL REDIS_URL; do
  if [ -z "${!name:-}" ] && ! grep -qs "^$name=" .env; then
    echo "WARNING: $name is not set: see .env.example (serve is meant for PostgreSQL + Redis)." >&2
  fi
done

"$VENV_BIN/python" manage.py migrate --no-input
"$VENV_BIN/python" manage.py collectstatic --no-input -v 0

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait
}
trap stop EXIT INT TERM

"$VENV_BIN/celery" -A servicedesk worker --loglevel INFO --concurrency "${CELERY_CONCURRENCY:-2}" &
pids+=($!)
"$VENV_BIN/celery" -A servicedesk beat --loglevel INFO \
  --schedule "${CELERY_BEAT_SCHEDULE_FILE:-${TMPDIR:-/tmp}/servicedesk-beat-schedule}" &
pids+=($!)
"$VENV_BIN/gunicorn" servicedesk.wsgi --bind "$BIND" --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - &
pids+=($!)
echo "Serving on http://$BIND (gunicorn, Celery worker and beat); Ctrl-C stops all three."
wait -n  # when one of the three stops, stop the others
