"""Workflow templates shipped with Sluice: ready-made graphs to start a workflow from."""
