"""The audit trail: who did what, and its admin route."""
