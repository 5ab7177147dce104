"""The small app-database outage and webhook burst chaos runs (bench/faults/db_outage.py,
webhook_burst.py), each on its own stack."""

from bench.faults import db_outage, webhook_burst


def test_db_outage_answers_503_then_recovers_without_losing_runs() -> None:
    outcome = db_outage.run(full=False)
    figures = outcome["figures"]
    assert outcome["passed"], outcome
    assert figures["requests during outage"] > 0
    # A request sent just before the proxy listens again may reach the database once it does.
    assert (
        figures["503s naming the database"] + figures["2xx during outage"]
        == figures["requests during outage"]
    )
    assert figures["2xx answered while down"] == 0
    assert figures["5xx other than 503 (whole run)"] == 0
    assert figures["timeouts (whole run)"] == 0
    assert figures["acknowledged runs"] > 0
    assert (
        figures["found in Temporal"]
        == figures["found in run list"]
        == figures["listed as completed"]
        == figures["acknowledged runs"]
    )


def test_webhook_burst_starts_one_run_per_distinct_key() -> None:
    outcome = webhook_burst.run(full=False)
    figures = outcome["figures"]
    assert outcome["passed"], outcome
    assert figures["deliveries"] == figures["answered"] == 200
    assert figures["statuses"] == "202: 200"
    assert figures["repeats in flight with an earlier copy"] > 0
    assert figures["answered duplicate"] == figures["repeats"] == 20
    assert (
        figures["distinct run ids answered"]
        == figures["runs in Temporal"]
        == figures["runs in the run list"]
        == figures["distinct keys"]
    )
    assert figures["doubled"] == figures["lost"] == figures["keys answered with two run ids"] == 0
