"""Prometheus metrics of the API and the workers (each process serves its own)."""

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter("sluice_http_requests_total", "API requests", ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "sluice_http_request_duration_seconds", "API request latency", ["method", "route"]
)
RUNS_STARTED = Counter("sluice_runs_started_total", "Runs started", ["workflow"])
RUNS_FINISHED = Counter(
    "sluice_runs_finished_total", "Runs recorded as finished", ["workflow", "status"]
)
APPROVALS_PENDING = Gauge("sluice_approvals_pending", "Approvals waiting for a decision")
NODE_DURATION = Histogram(
    "sluice_node_duration_seconds",
    "Node activity attempts, by node type and outcome",
    ["node_type", "outcome"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
NODE_RETRIES = Counter("sluice_node_retries_total", "Node attempts after the first", ["node_type"])
LLM_TOKENS = Counter("sluice_llm_tokens_total", "LLM tokens", ["provider", "model", "direction"])
LLM_COST = Counter("sluice_llm_cost_usd_total", "LLM cost in USD", ["provider", "model"])


def observe_llm(node_type: str, output: object) -> None:
    """Count tokens and cost of an LLM node's output (`usage`, `cost`, `model`)."""
    if not isinstance(output, dict) or not isinstance(output.get("usage"), dict):
        return
    provider = output.get("provider") or _provider(node_type)
    model = str(output.get("model") or "unknown")
    for direction in ("input", "output"):
        tokens = output["usage"].get(f"{direction}_tokens")
        if isinstance(tokens, int | float):
            LLM_TOKENS.labels(provider, model, direction).inc(tokens)
    if isinstance(output.get("cost"), int | float):
        LLM_COST.labels(provider, model).inc(output["cost"])


def _provider(node_type: str) -> str:
    parts = node_type.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "llm" else "configured"
