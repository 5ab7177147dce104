"""Importers: workflows from other platforms converted into Sluice graphs (pure, no I/O)."""
