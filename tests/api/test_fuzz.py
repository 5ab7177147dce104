"""A schemathesis fuzz run of the real API, from its own OpenAPI schema, signed in.

One run (module fixture) sends, for every operation of /openapi.json, up to 30 examples that
fit the schema and up to 15 that do not (EXAMPLES), from a fixed seed per operation (SEED), and
records what each check says. The tests then read that record:

- no answer is a 5xx (`not_a_server_error`), with the server's traceback when there is one;
- every answer fits the response schema documented for its status (`response_schema_conformance`,
  `content_type_conformance`);
- every status answered is documented (`status_code_conformance`).

The API under test runs with every protection tightened (STRICT, Redis on) so that their
refusals are fuzzed too. The caller is a fresh user with one (personal) workspace who is also
an administrator, so the admin routes get past their check too. Each request carries
`X-Workspace-Id` of that workspace (the fuzzer's own POST /api/workspaces would otherwise give
the user several workspaces and turn every later workspace route into a 400). Path ids are
those of real objects of the workspace, so bodies reach the routes' logic instead of stopping
at a 404 — except the two DELETE routes of workflows and credentials, which get generated ids
so the objects the other operations use survive. Nothing is excluded: logout only revokes the
refresh token it names (the fuzzer never knows ours) and an owner cannot remove or demote
themselves. Negative examples sometimes break the security requirement too (no bearer), which
checks the 401s.

Set SLUICE_FUZZ_REPORT=1 to print the figures (operations, examples, findings) with `-s`.
"""

import asyncio
import logging
import os
import time
import uuid
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.config import Settings
from tests.utils.accounts import PASSWORD
from tests.utils.admins import promote_to_admin
from tests.utils.api import simple_graph
from tests.utils.api_server import served_api
from tests.utils.graphs import chain, node

pytestmark = pytest.mark.timeout(150)

EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 15}
"""Most examples per operation and mode; the whole run takes about 20 s."""
SEED = 20261125
"""Each operation's examples come from SEED and its label, so they stay the same from run to
run, and editing this file or adding an operation does not change the others'."""

CHECKS: dict[str, Callable[..., Any]] = {
    "not_a_server_error": not_a_server_error,
    "response_schema_conformance": response_schema_conformance,
    "content_type_conformance": content_type_conformance,
    "status_code_conformance": status_code_conformance,
}

APPROVAL_GRAPH = {
    "nodes": [node("start", "trigger.manual"), node("ask", "human.approval", {"title": "OK?"})],
    "edges": chain("start", "ask"),
}
SLOW_GRAPH = {
    "nodes": [node("start", "trigger.manual"), node("wait", "util.delay", {"seconds": 300})],
    "edges": chain("start", "wait"),
}


@dataclass
class Finding:
    """The first example that made one check fail one way on one operation."""

    check: str
    operation: str
    mode: str
    status: int
    title: str
    message: str
    curl: str
    response: str
    traceback: str | None = None
    count: int = 1

    def describe(self) -> str:
        text = (
            f"[{self.check}] {self.operation} ({self.mode}) → {self.status}, {self.count}x: "
            f"{self.title}\n  {self.message.strip()[:600]}\n  reproduce: {self.curl}\n"
            f"  response: {self.response[:400]}"
        )
        if self.traceback:
            text += f"\n  server traceback:\n{self.traceback}"
        return text


@dataclass
class FuzzReport:
    operations: list[str] = field(default_factory=list)
    examples: Counter[str] = field(default_factory=Counter)
    """Requests sent, per operation and mode."""
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    findings: dict[tuple[str, str, int, str], Finding] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def failures(self, *checks: str) -> list[Finding]:
        return [f for f in self.findings.values() if f.check in checks]

    def summary(self) -> str:
        lines = [
            f"schemathesis {schemathesis.__version__}: {len(self.operations)} operations, "
            f"{sum(self.examples.values())} examples in {self.seconds:.1f} s, "
            f"{len(self.findings)} distinct findings"
        ]
        for operation in self.operations:
            counts = {m.value: self.examples[f"{operation} {m.value}"] for m in EXAMPLES}
            statuses = dict(sorted(self.statuses[operation].items()))
            lines.append(f"  {operation}: {counts} statuses {statuses}")
        lines += [f"  skipped {k}: {v}" for k, v in self.skipped.items()]
        return "\n".join(lines)


class _Tracebacks(logging.Handler):
    """The tracebacks uvicorn logs for unhandled exceptions (the server runs in-process)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.records.append(logging.Formatter().formatException(record.exc_info))

    def since(self, seen: int, wait: float = 2.0) -> str | None:
        """Tracebacks logged after the first `seen`; uvicorn logs just after answering 500."""
        deadline = time.monotonic() + wait
        while len(self.records) <= seen and time.monotonic() < deadline:
            time.sleep(0.01)
        return "\n".join(_ours(t) for t in self.records[seen:]) or None


def _ours(traceback: str) -> str:
    """A traceback without library frames: Sluice's frames and the exception lines."""
    lines = traceback.splitlines()
    kept = []
    for i, line in enumerate(lines):
        if line.startswith('  File "') and "/.venv/" not in line and "/site-packages/" not in line:
            kept += lines[i : i + 2]
        elif line and not line.startswith(" "):
            kept.append(line)
    return "\n".join("    " + line for line in kept)


@dataclass
class Account:
    headers: dict[str, str]
    workspace_id: str
    workflow_id: str
    credential_id: str
    run_id: str
    running_run_id: str
    approval_id: str
    user_id: str


def _account(api_url: str, settings: Settings) -> Account:
    """A fresh administrator with one workspace holding a workflow, a credential and runs."""
    email = f"fuzz-{uuid.uuid4().hex[:10]}@example.com"
    with httpx.Client(base_url=api_url, timeout=30) as http:
        response = http.post("/api/auth/register", json={"email": email, "password": PASSWORD})
        assert response.status_code == 201, response.text
        promote_to_admin(settings, email)
        response = http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        http.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        http.cookies.clear()
        me = http.get("/api/auth/me").json()
        [workspace] = me["workspaces"]

        def created(path: str, body: dict[str, Any]) -> str:
            answer = http.post(path, json=body)
            assert answer.status_code == 201, answer.text
            return str(answer.json()["id"])

        workflow_id = created("/api/workflows", {"name": "fuzzed", "graph": simple_graph()})
        slow_id = created("/api/workflows", {"name": "fuzzed slow", "graph": SLOW_GRAPH})
        asking_id = created("/api/workflows", {"name": "fuzzed approval", "graph": APPROVAL_GRAPH})
        created(f"/api/workflows/{asking_id}/runs", {})
        return Account(
            headers={"Authorization": http.headers["Authorization"]},
            workspace_id=workspace["workspace_id"],
            workflow_id=workflow_id,
            credential_id=created(
                "/api/credentials",
                {"name": "fuzzed", "type": "http_bearer", "data": {"token": "fuzz-token"}},
            ),
            run_id=created(f"/api/workflows/{workflow_id}/runs", {"inputs": {"x": 1}}),
            running_run_id=created(f"/api/workflows/{slow_id}/runs", {}),
            approval_id=_pending_approval(http, asking_id),
            user_id=me["id"],
        )


def _pending_approval(http: httpx.Client, workflow_id: str) -> str:
    for _ in range(200):
        answer = http.get("/api/approvals", params={"workflow_id": workflow_id})
        assert answer.status_code == 200, answer.text
        if answer.json()["data"]:
            return str(answer.json()["data"][0]["id"])
        time.sleep(0.05)
    raise AssertionError("the approval run opened no approval in 10 s")


def _path_parameters(account: Account, method: str, path: str) -> dict[str, str]:
    """Real ids for the path, except where acting on them would spoil the other operations."""
    real = {
        "workspace_id": account.workspace_id,
        "workflow_id": account.workflow_id,
        "credential_id": account.credential_id,
        "run_id": account.running_run_id if path.endswith("/cancel") else account.run_id,
        "approval_id": account.approval_id,
    }
    if method == "DELETE" and path in (
        "/api/workflows/{workflow_id}",
        "/api/credentials/{credential_id}",
    ):
        return {}
    return {name: value for name, value in real.items() if "{" + name + "}" in path}


def _fuzz(api_url: str, account: Account) -> FuzzReport:
    report = FuzzReport()
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    tracebacks = _Tracebacks()
    server_log = logging.getLogger("uvicorn.error")
    server_log.addHandler(tracebacks)
    session = requests.Session()
    started = time.monotonic()
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            label = f"{operation.method.upper()} {operation.path}"
            report.operations.append(label)
            for mode, examples in EXAMPLES.items():
                try:
                    strategy = operation.as_strategy(
                        generation_mode=mode,
                        path_parameters=_path_parameters(
                            account, operation.method.upper(), operation.path
                        ),
                        headers={"x-workspace-id": account.workspace_id},
                    )
                except Exception as exc:  # e.g. nothing to make negative
                    report.skipped[f"{label} {mode.value}"] = f"{type(exc).__name__}: {exc}"
                    continue

                send = _example_test(
                    strategy,
                    examples,
                    f"{label} {mode.value}",
                    api_url,
                    account,
                    report,
                    session,
                    tracebacks,
                )
                try:
                    send()
                except Exception as exc:  # e.g. no parameter to make invalid: note it, go on
                    first_line = str(exc).splitlines()[0] if str(exc) else ""
                    report.skipped[f"{label} {mode.value}"] = f"{type(exc).__name__}: {first_line}"
    finally:
        server_log.removeHandler(tracebacks)
        session.close()
        report.seconds = time.monotonic() - started
    return report


def _example_test(
    strategy: Any,
    examples: int,
    label: str,
    api_url: str,
    account: Account,
    report: FuzzReport,
    session: requests.Session,
    tracebacks: _Tracebacks,
) -> Callable[[], None]:
    """A derandomized Hypothesis test sending `examples` cases of `strategy` and recording them."""
    operation, mode = label.rsplit(" ", 1)

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(SEED ^ zlib.crc32(label.encode()))
    @given(case=strategy)
    def send(case: schemathesis.Case) -> None:
        seen = len(tracebacks.records)
        report.examples[label] += 1
        try:
            response = case.call(
                base_url=api_url, session=session, headers=account.headers, timeout=30
            )
        except requests.RequestException as exc:
            key = ("request", operation, 0, type(exc).__name__)
            report.findings.setdefault(
                key,
                Finding("request", operation, mode, 0, type(exc).__name__, str(exc), "", ""),
            )
            return
        report.statuses[operation][response.status_code] += 1
        traceback = tracebacks.since(seen) if response.status_code >= 500 else None
        for name, check in CHECKS.items():
            try:
                case.validate_response(response, checks=[check], headers=account.headers)
            except (FailureGroup, Failure) as exc:
                failures = exc.exceptions if isinstance(exc, FailureGroup) else [exc]
                for failure in failures:
                    _record(
                        api_url, report, name, operation, mode, case, response, failure, traceback
                    )

    return send  # type: ignore[no-any-return]


def _record(
    api_url: str,
    report: FuzzReport,
    check: str,
    label: str,
    mode: str,
    case: schemathesis.Case,
    response: Any,
    failure: Failure,
    traceback: str | None,
) -> None:
    if check == "status_code_conformance" and response.status_code >= 500:
        return  # reported by not_a_server_error, with the traceback
    key = (check, label, response.status_code, failure.title)
    if key in report.findings:
        report.findings[key].count += 1
        return
    report.findings[key] = Finding(
        check=check,
        operation=label,
        mode=str(mode),
        status=response.status_code,
        title=failure.title,
        message=failure.message,
        curl=case.as_curl_command(headers=dict(response.request.headers), base_url=api_url).replace(
            api_url, "$API"
        ),
        response=response.text,
        traceback=traceback,
    )


STRICT = {
    "trusted_proxy_hops": 1,
    "login_backoff_after_failures": 2,
    "login_backoff_base_seconds": 1.0,
    "request_max_depth": 16,
    "config_max_depth": 8,
    "expression_max_length": 256,
    "expression_max_depth": 16,
    "expression_max_result_bytes": 64 * 1024,
    "max_request_bytes": 64 * 1024,
}
"""The protections the fuzzed API runs with, tighter than their defaults (plus Redis), so
their refusals are reached and must be documented answers, never 5xx."""


@pytest.fixture(scope="module")
def strict_api_url(settings: Settings, redis_url: str) -> Iterator[str]:
    """The real API with STRICT protections, sharing the session's database and Temporal."""
    with served_api(settings.model_copy(update={**STRICT, "redis_url": redis_url})) as url:
        yield url


@pytest.fixture(scope="module")
async def fuzz_report(strict_api_url: str, settings: Settings, worker: None) -> FuzzReport:
    """The fuzz run, in a thread: the worker shares this event loop and must keep running
    (runs finish, and reading a run queries its workflow)."""

    def run() -> FuzzReport:
        return _fuzz(strict_api_url, _account(strict_api_url, settings))

    report = await asyncio.to_thread(run)
    if os.environ.get("SLUICE_FUZZ_REPORT"):
        print("\n" + report.summary())
        for finding in report.findings.values():
            print(finding.describe())
    return report


def _explain(report: FuzzReport, findings: list[Finding]) -> str:
    return f"{report.summary()}\n\n" + "\n\n".join(f.describe() for f in findings)


def test_fuzz_covered_every_operation(fuzz_report: FuzzReport) -> None:
    unfuzzed = [op for op in fuzz_report.operations if not fuzz_report.examples[f"{op} positive"]]
    assert not unfuzzed, f"operations that got no example: {unfuzzed}\n{fuzz_report.summary()}"


def test_no_server_errors(fuzz_report: FuzzReport) -> None:
    failures = fuzz_report.failures("not_a_server_error")
    assert not failures, _explain(fuzz_report, failures)


def test_responses_match_the_documented_schema(fuzz_report: FuzzReport) -> None:
    failures = fuzz_report.failures("response_schema_conformance", "content_type_conformance")
    assert not failures, _explain(fuzz_report, failures)


def test_every_status_answered_is_documented(fuzz_report: FuzzReport) -> None:
    failures = fuzz_report.failures("status_code_conformance")
    missing: dict[str, set[int]] = defaultdict(set)
    for finding in failures:
        missing[finding.operation].add(finding.status)
    table = "\n".join(f"  {op}: add {sorted(codes)}" for op, codes in sorted(missing.items()))
    assert not failures, f"statuses answered but not in the route's `responses=`:\n{table}"
