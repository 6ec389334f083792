#!/usr/bin/env bash
# The production stack on one machine: a Celery worker, Celery beat and gunicorn (in front).
# Called by `make run-prod`; see docs/deployment.md. Reads the environment (or .env).
# Stops all three when one of them stops or on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-makerhub.settings.prod}

"$VENV/bin/python" manage.py migrate --noinput
"$VENV/bin/python" manage.py collectstatic --noinput -v0
"$VENV/bin/python" manage.py compilemessages --ignore=.venv -v0

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

if [ -n "${CELERY_BROKER_URL:-}" ]; then
  "$VENV/bin/celery" -A makerhub worker --loglevel=INFO \
    --concurrency="${CELERY_CONCURRENCY:-2}" --hostname="worker@%h" &
  pids+=($!)
  # Exactly one beat in the whole installation (docs/deployment.md).
  if [ "${CELERY_BEAT:-1}" = 1 ]; then
    "$VENV/bin/celery" -A makerhub beat --loglevel=INFO \
      --schedule="${CELERY_BEAT_SCHEDULE_FILE:-var/celerybeat-schedule}" &
    pids+=($!)
  fi
else
  echo "CELERY_BROKER_URL is not set: background tasks run inside the web processes." >&2
fi

"$VENV/bin/gunicorn" makerhub.wsgi:application --config ops/gunicorn.conf.py &
pids+=($!)
wait -n "${pids[@]}"
