"""Sluice HTTP gateway: stores graphs, starts and controls runs on Temporal."""
