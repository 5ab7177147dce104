"""The small app-database outage chaos run (bench/faults/db_outage.py) on its own stack."""

from bench.faults import db_outage


def test_db_outage_answers_503_then_recovers_without_losing_runs() -> None:
    outcome = db_outage.run(full=False)
    figures = outcome["figures"]
    assert outcome["passed"], outcome
    assert figures["requests during outage"] > 0
    assert figures["503s naming the database"] == figures["requests during outage"]
    assert figures["5xx other than 503 (whole run)"] == 0
    assert figures["timeouts (whole run)"] == 0
    assert figures["acknowledged runs"] > 0
    assert (
        figures["found in Temporal"]
        == figures["found in run list"]
        == figures["listed as completed"]
        == figures["acknowledged runs"]
    )
