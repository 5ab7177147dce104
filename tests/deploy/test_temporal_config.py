"""Temporal's dynamic config for the compose server keeps the dispatch tuning we measured."""

import yaml

from tests.deploy.files import DYNAMIC_CONFIG
from worker.dev_server import TUNING


def values() -> dict[str, object]:
    config = yaml.safe_load(DYNAMIC_CONFIG.read_text())
    return {key: entries[0]["value"] for key, entries in config.items()}


def test_transfer_poll_rate_matches_the_dev_server():
    [dev_value] = [v.split("=")[1] for v in TUNING if "transferProcessorMaxPollRPS" in v]
    assert values()["history.transferProcessorMaxPollRPS"] == int(dev_value)
    assert values()["history.transferProcessorMaxPollRPS"] >= 1000  # the default is 20


def test_the_why_is_written_beside_it():
    text = DYNAMIC_CONFIG.read_text()
    assert "default is 20" in text and "50 ms" in text


def test_features_sluice_uses_are_on():
    assert values()["frontend.enableUpdateWorkflowExecution"] is True  # approvals
    assert values()["system.enableActivityEagerExecution"] is True
