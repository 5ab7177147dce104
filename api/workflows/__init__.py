"""Workflows and their versions, and the node-type catalog the editor reads."""
