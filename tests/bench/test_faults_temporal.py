"""The small chaos runs (bench/faults/): worker kills, dev server kills, approval across a
full restart. Each starts its own stack on loopback."""

from bench.faults import approval_restart, server_kill, worker_kill


def test_runs_survive_worker_sigkills_without_losing_or_doubling_email() -> None:
    outcome = worker_kill.run(full=False)
    figures = outcome["figures"]
    assert outcome["passed"], outcome
    assert figures["worker SIGKILLs"] >= 1
    assert figures["completed"] == figures["runs"] == 12
    assert figures["emails lost"] == 0
    assert (
        figures["emails duplicated (same Message-ID)"]
        <= figures["crashes inside the send (email attempts > 1)"]
    )


def test_runs_survive_two_dev_server_sigkills() -> None:
    outcome = server_kill.run(full=False)
    figures = outcome["figures"]
    assert outcome["passed"], outcome
    assert figures["server SIGKILLs"] == 2
    assert figures["completed"] == figures["runs"] == 12
    assert figures["runs in the API run list"] == 12
    assert figures["workers alive at the end"] == "2/2"


def test_approval_decided_after_everything_restarted_completes_the_run() -> None:
    outcome = approval_restart.run(full=False)
    assert outcome["passed"], outcome
    assert outcome["figures"]["decision answer"] == 200
    assert outcome["figures"]["run status"] == "completed"
