"""Sluice against n8n, side by side: `python -m bench.vs_n8n [--quick]` (issue 12 §3)."""
