#!/usr/bin/env bash
# Production-like roles, each of which can run alone, on a machine of its own:
#
#   scripts/serve.sh migrate   migrations and collectstatic, then exits (run it first,
#                              once per release, from one machine)
#   scripts/serve.sh web       gunicorn on $BIND
#   scripts/serve.sh worker    a Celery worker
#   scripts/serve.sh beat      Celery beat; start one on each of two machines if you
#                              like: one sends the periodic jobs, the other stands by
#   scripts/serve.sh [all]     migrate, then web, worker and beat together (make serve)
#
# web, worker and beat are supervised: a process that exits is started again after
# 1 s, then 2, 4... up to 30 s between tries (back to 1 s once it ran for 60 s), and
# every restart is logged. Ctrl-C or SIGTERM stops everything. Configure with the
# environment (see .env.example): at least DJANGO_SECRET_KEY, FIELD_ENCRYPTION_KEYS,
# DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis or RabbitMQ) and REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV_BIN=.venv/bin
BIND="${BIND:-127.0.0.1:8000}"
export DJANGO_STATIC_MANIFEST="${DJANGO_STATIC_MANIFEST:-true}"
RESTART_MIN=1       # seconds before the first restart
RESTART_MAX=30      # the longest wait between restarts
STABLE_AFTER=60     # a process up this long starts again from RESTART_MIN

role="${1:-all}"
case "$role" in
  web | worker | beat | migrate | all) ;;
  *)
    echo "usage: $0 [web|worker|beat|migrate|all]   (no argument: all)" >&2
    exit 2
    ;;
esac

log() { printf '[serve %s] %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$*" >&2; }

for name in DATABASE_URL CELERY_BROKER_URL REDIS_URL; do
  if [ -z "${!name:-}" ] && ! grep -qs "^$name=" .env; then
    echo "WARNING: $name is not set: see .env.example (serve is meant for PostgreSQL, a broker and Redis)." >&2
  fi
done

run_migrate() {
  "$VENV_BIN/python" manage.py migrate --no-input
  "$VENV_BIN/python" manage.py collectstatic --no-input -v 0
}

set_command() {  # the command line of one role, into the array `command`
  case "$1" in
    web)
      command=("$VENV_BIN/gunicorn" servicedesk.wsgi --bind "$BIND"
        --workers "${WEB_CONCURRENCY:-2}" --access-logfile -)
      ;;
    worker)
      command=("$VENV_BIN/celery" -A servicedesk worker --loglevel INFO
        --concurrency "${CELERY_CONCURRENCY:-2}" --hostname "${CELERY_WORKER_NAME:-celery@%h}")
      ;;
    beat)
      command=("$VENV_BIN/celery" -A servicedesk beat --loglevel INFO
        --schedule "${CELERY_BEAT_SCHEDULE_FILE:-${TMPDIR:-/tmp}/servicedesk-beat-schedule}")
      ;;
  esac
}

# Run one role until SIGTERM (or SIGINT): start it, wait for it to exit, log that and
# start it again after the backoff. On the signal: stop the process, wait for it.
supervise() {
  local name="$1" delay="$RESTART_MIN" child="" started status stopping=""
  local command=()
  set_command "$name"
  # shellcheck disable=SC2317  # called by the trap
  on_stop() {
    stopping=1
    if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; fi
  }
  trap on_stop TERM INT
  while [ -z "$stopping" ]; do
    started=$SECONDS
    "${command[@]}" &
    child=$!
    if [ -n "$stopping" ]; then kill -TERM "$child"; fi  # the signal came just now
    log "$name started (pid $child)"
    status=0
    wait "$child" || status=$?
    # After the signal's trap `wait` returns at once: wait for the process to end.
    while [ -n "$stopping" ] && kill -0 "$child" 2>/dev/null; do
      wait "$child" || true
    done
    child=""
    if [ -n "$stopping" ]; then break; fi
    if [ $((SECONDS - started)) -ge "$STABLE_AFTER" ]; then delay=$RESTART_MIN; fi
    log "$name exited (status $status) after $((SECONDS - started)) s; restarting in $delay s"
    sleep "$delay" &
    child=$!
    wait "$child" || true  # cut short by the signal: the loop ends
    child=""
    delay=$((delay * 2 > RESTART_MAX ? RESTART_MAX : delay * 2))
  done
  log "$name stopped"
}

if [ "$role" = migrate ]; then
  run_migrate
  exit 0
fi
if [ "$role" != all ]; then
  supervise "$role"
  exit 0
fi

# During the migrations a signal ends the script once the current command returns.
trap 'exit 130' INT
trap 'exit 143' TERM
run_migrate
supervisors=()
# shellcheck disable=SC2317  # called by the trap
stop_all() {
  trap - INT TERM
  for pid in "${supervisors[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
  exit 0
}
trap stop_all INT TERM
for name in worker beat web; do
  supervise "$name" &
  supervisors+=($!)
done
echo "Serving on http://$BIND (gunicorn, Celery worker and beat); Ctrl-C stops all three."
wait
