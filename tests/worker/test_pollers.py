"""WORKER_TASK_POLLERS: autoscaling pollers by default, or at most N; bad values refused."""

import pytest
from pydantic import ValidationError
from temporalio.worker import PollerBehaviorAutoscaling, PollerBehaviorSimpleMaximum

from core.config import Settings
from worker import build_worker


@pytest.mark.parametrize("value", ["1", "101", "many", "-3", ""])
def test_a_bad_poller_count_is_refused_naming_the_setting(monkeypatch, value):
    monkeypatch.setenv("WORKER_TASK_POLLERS", value)
    with pytest.raises(ValidationError) as error:
        Settings(_env_file=None)  # type: ignore[call-arg]
    assert {e["loc"][0] for e in error.value.errors()} == {"worker_task_pollers"}


async def test_the_worker_polls_as_the_setting_says(client, settings):
    for value, expected in (("auto", PollerBehaviorAutoscaling()),
                            (8, PollerBehaviorSimpleMaximum(8))):  # fmt: skip
        # a queue of its own: a second worker of one build on a queue is refused
        queue = f"{settings.temporal_task_queue}-pollers-{value}"
        variant = settings.model_copy(
            update={"worker_task_pollers": value, "temporal_task_queue": queue}
        )
        async with build_worker(client, variant) as worker:
            config = worker.config()
        assert config["workflow_task_poller_behavior"] == expected, value
        assert config["activity_task_poller_behavior"] == expected, value
