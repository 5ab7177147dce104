"""Runs: start, cancel and retry them, record their outcome, stream their events."""
