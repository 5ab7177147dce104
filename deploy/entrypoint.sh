#!/bin/sh
# The image's entry point: `docker run IMAGE <command>` with one of the commands below;
# anything else runs as given (e.g. `docker run IMAGE python -c '...'`).
set -eu

usage() {
    cat <<'EOF'
usage: IMAGE <command> [args]
  api            serve the API and the editor (uvicorn on API_HOST:API_PORT)
  worker         run one Temporal worker (GraphWorkflow and every node activity)
  migrate        bring the app database's schema up to date, then exit
  rotate-keys    re-seal every credential with CREDENTIAL_ACTIVE_KEY, then exit
  blobs-cleanup  delete claim-check blobs older than BLOB_RETENTION_DAYS, then exit
  sluice         the command-line client (e.g. `sluice --api URL runs list`)
EOF
}

what="${1:-api}"
if [ "$#" -gt 0 ]; then shift; fi

case "$what" in
    api) exec python -m api "$@" ;;
    worker) exec python -m worker "$@" ;;
    migrate) exec python -m api.migrate "$@" ;;
    rotate-keys) exec python -m api.rotate_keys "$@" ;;
    blobs-cleanup) exec python -m core.blobs cleanup "$@" ;;
    help | -h | --help) usage ;;
    *) exec "$what" "$@" ;;
esac
