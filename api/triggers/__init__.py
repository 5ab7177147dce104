"""Triggers: webhooks, schedules and the token-guarded hooks that start runs."""
