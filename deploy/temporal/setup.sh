#!/bin/sh
# One-shot, run in the temporalio/admin-tools image: wait for the Temporal server and the
# namespace, set the namespace's retention, and register Sluice's search attributes
# (arguments NAME=Type, the list in core/temporal.py SEARCH_ATTRIBUTES). Safe to rerun.
#
# Environment: TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE, TEMPORAL_RETENTION (e.g. 72h).
set -eu

: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_RETENTION:-72h}"
cli() { temporal --address "$TEMPORAL_ADDRESS" "$@"; }

echo "waiting for Temporal at $TEMPORAL_ADDRESS ..."
until cli operator cluster health 2>/dev/null | grep -q SERVING; do sleep 2; done

# auto-setup creates its default namespace in the background once the server is up; a
# namespace of our own naming (or a cluster without auto-setup) is created here.
tries=0
until cli operator namespace describe --namespace "$namespace" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -eq 5 ]; then
        echo "creating namespace $namespace"
        cli operator namespace create --namespace "$namespace" --retention "$retention" || true
    fi
    if [ "$tries" -gt 60 ]; then
        echo "namespace $namespace never appeared" >&2
        exit 1
    fi
    sleep 2
done
cli operator namespace update --namespace "$namespace" --retention "$retention" >/dev/null
echo "namespace $namespace: retention $retention"

registered="$(cli operator search-attribute list --namespace "$namespace")"
probe=""
for spec in "$@"; do
    name="${spec%%=*}"
    kind="${spec#*=}"
    if printf '%s\n' "$registered" | grep -qw "$name"; then
        echo "search attribute $name already registered"
    else
        cli operator search-attribute create --namespace "$namespace" --name "$name" --type "$kind"
        echo "search attribute $name ($kind) registered"
        case "$kind" in
            Keyword | Text) probe="$name = 'sluice-setup-probe'" ;;
            Int | Double) probe="$name = 0" ;;
        esac
    fi
done

# A new attribute reaches every frontend's cache within seconds; wait until a query that
# uses it is accepted, so the API never starts a run the server would refuse.
if [ -n "$probe" ]; then
    tries=0
    until cli workflow list --namespace "$namespace" --limit 1 --query "$probe" >/dev/null 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -gt 60 ]; then
            echo "new search attributes are registered but not yet queryable ($probe)" >&2
            exit 1
        fi
        sleep 2
    done
fi
echo "Temporal is ready for Sluice"
