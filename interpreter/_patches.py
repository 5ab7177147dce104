"""`workflow.patched` ids shared by several modules."""

RUN_SHAPE_PATCH = "origin-trigger-outputs"
"""One id for three changes that shipped together: idempotency keys from the retry chain's
origin (_keys.py), only the fired trigger's branch runs (_trigger_nodes.py), outputs by
reference (_output_budget.py). One id, because each costs every run's history a marker and a
search-attribute upsert. Runs recorded before it replay with none of the three."""
