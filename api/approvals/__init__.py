"""Approvals: the human decisions a run waits for."""
