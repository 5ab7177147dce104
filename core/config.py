"""Every Sluice setting, read from the environment and an optional `.env`."""

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .egress_entries import parse_entries

DATA_DIR = Path(".data")
DEFAULT_SECRET_KEY = "change-me-local-only"


class Settings(BaseSettings):
    """Settings for the API, the workers and `make run`; each has a working local default."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["local", "test", "production"] = "local"
    """`local` and `test` accept the default secret key; `production` refuses it."""

    database_url: str = f"sqlite:///{DATA_DIR / 'sluice.db'}"
    """SQLAlchemy URL of the app DB, e.g. `postgresql+psycopg://user@host:5432/db`."""
    database_pool_size: int = Field(10, ge=1)
    """PostgreSQL connections each API or worker process keeps open."""
    database_max_overflow: int = Field(20, ge=0)
    """Connections a process may open beyond DATABASE_POOL_SIZE under load."""
    database_pool_timeout_seconds: float = Field(30.0, gt=0)
    """How long a request waits for a free connection before it fails."""

    log_format: Literal["json", "console"] = "json"
    """`json` lines for production; `console` (what `make run` uses) for people."""
    log_level: str = "INFO"
    """DEBUG, INFO, WARNING or ERROR."""
    metrics_enabled: bool = True
    """Prometheus `/metrics` on the API's API_METRICS_PORT and each worker's
    WORKER_METRICS_PORT."""
    api_metrics_port: int = Field(9463, ge=0, le=65535)
    """The API's Prometheus port, apart from the public one (which answers 404 on /metrics);
    0 turns it off."""
    api_metrics_host: str = "127.0.0.1"
    """Where API_METRICS_PORT listens (0.0.0.0 in containers, for the scraper)."""
    worker_metrics_port: int = Field(9464, ge=0, le=65535)
    """Sluice's worker metrics; 0 turns them off."""
    worker_sdk_metrics_port: int = Field(9465, ge=0, le=65535)
    """The Temporal SDK's own worker metrics (task latencies, slots, polls); 0 turns them off."""
    otlp_endpoint: str | None = None
    """OTLP/HTTP traces endpoint (e.g. http://collector:4318/v1/traces); unset: no tracing."""

    public_url: str = "http://127.0.0.1:8000"
    """Where people reach Sluice (links in approvals and notifications)."""
    api_host: str = "127.0.0.1"
    """Where `python -m api` listens (0.0.0.0 in containers)."""
    api_port: int = Field(8000, ge=1, le=65535)
    """Port of `python -m api`."""
    api_access_log: bool = True
    """uvicorn's line per request (at INFO); false leaves it out of the request path (a
    reverse proxy or the metrics can count requests instead)."""

    temporal_address: str = "127.0.0.1:7233"
    """Temporal frontend; when set in the environment, `make run` starts no dev server."""
    temporal_namespace: str = "default"
    """Temporal namespace of every run."""
    temporal_task_queue: str = "sluice"
    """Task queue of GraphWorkflow and the node activities."""
    temporal_tls: bool = False
    """Connect to Temporal over TLS; on by itself when TEMPORAL_TLS_CERT or TEMPORAL_API_KEY is
    set."""
    temporal_tls_cert: Path | None = None
    """Client certificate (PEM, with its chain) for mTLS to Temporal."""
    temporal_tls_key: Path | None = None
    """Private key of TEMPORAL_TLS_CERT (PEM)."""
    temporal_tls_ca: Path | None = None
    """CA bundle that signed the server's certificate; unset: the system's roots."""
    temporal_tls_server_name: str | None = None
    """Server name to verify when it differs from TEMPORAL_ADDRESS's host."""
    temporal_api_key: str | None = None
    """Temporal Cloud API key, instead of a client certificate (a secret)."""
    temporal_ui_url: str = "http://127.0.0.1:8233"
    """Base URL of the Temporal Web UI, used to build links to runs."""

    secret_key: str = DEFAULT_SECRET_KEY
    """Signs tokens and derives local keys; must be set outside local/test."""

    access_token_minutes: int = Field(15, ge=1, le=24 * 60)
    """Lifetime of a JWT access token."""
    refresh_token_days: int = Field(30, ge=1, le=365)
    """Lifetime of a refresh token (rotated on use, revoked by logout)."""
    bcrypt_rounds: int = Field(12, ge=4, le=16)
    """Password hashing cost."""
    registration_open: bool = True
    """After the first user (who becomes admin), may anyone register? If not, admins invite."""

    credential_keys: str = ""
    """Credential encryption keys: `id:base64key,id2:base64key` (32-byte AES keys). Empty:
    one key derived from SECRET_KEY. The active key seals; every listed key opens."""
    credential_active_key: str = ""
    """Id of the key that seals new and rotated credentials (default: the last listed)."""
    payload_keys: str = ""
    """Temporal payload encryption keys, same format as CREDENTIAL_KEYS."""
    payload_active_key: str = ""
    """Id of the payload key that encrypts new payloads (default: the last listed)."""
    run_signing_key: str = ""
    """HMAC key (32+ chars) the API signs each run's workspace binding with and workers
    verify it with; give it to API and workers only. Empty: derived from SECRET_KEY."""

    cors_origins: list[str] = []
    """Origins allowed to call the API from a browser (the editor is same-origin)."""
    redis_url: str | None = None
    """Rate-limit counters live here when set (shared by API replicas); else in memory."""
    login_rate_limit: str = "10/minute"
    """Per IP and per account, for login and registration."""
    run_start_rate_limit: str = "300/minute"
    """Per workspace."""
    webhook_rate_limit: str = "600/minute"
    """Webhook deliveries, per workspace."""
    webhook_response_timeout_seconds: float = Field(30.0, gt=0, le=600)
    """How long a delivery waits for a webhook.respond node before answering 202."""
    webhook_answer_by_update: bool = True
    """A delivery waiting for webhook.respond asks the run once (a Temporal update); false: poll."""
    webhook_update_with_start: bool = True
    """With WEBHOOK_ANSWER_BY_UPDATE, a respond-when-done delivery without an idempotency key
    starts its run and asks for the answer in one Temporal call (update-with-start) instead of
    a start, then an update; false: start, then update."""
    api_eager_workflows: bool = False
    """The API hosts a workflow-only worker on TEMPORAL_TASK_QUEUE (same build and deployment
    as the workers; activities stay in the workers) and starts runs eagerly on it: the first
    workflow task runs in the API without a round trip through the task queue. A
    respond-when-done delivery to an all-inline graph then starts eagerly and reads its answer
    from the run's result, instead of update-with-start."""
    webhook_signature_tolerance_seconds: int = Field(300, ge=1)
    """Signed deliveries whose timestamp is further from now are refused (replays)."""
    outbound_allowed_networks: str = ""
    """Internal destinations nodes may reach anyway: comma-separated CIDRs, IPs or host[:port]
    (e.g. `10.1.0.0/16,127.0.0.1:5000`); Sluice's own services only by exact host:port."""
    outbound_denied_networks: str = ""
    """More destinations nodes may never reach (same format), on top of the internal ranges."""
    http_max_response_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    """Largest HTTP response a node reads, counted as sent and again after decompression."""
    email_max_attachment_bytes: int = Field(20 * 1024 * 1024, ge=1024, le=1024**3)
    """All attachments of one email together, counted as they are read (most servers refuse
    mail above ~25 MB)."""
    max_request_bytes: int = Field(2 * 1024 * 1024, ge=1024)
    """Larger request bodies (webhooks included) get a 413."""
    trusted_proxy_hops: int = Field(0, ge=0, le=10)
    """Reverse proxies in front of the API: the client IP is the X-Forwarded-For entry this
    many hops from the right (0: ignore the header, use the peer address)."""
    trust_proxy_headers: bool = False
    """Deprecated alias of TRUSTED_PROXY_HOPS=1 (one proxy you control)."""
    login_backoff_after_failures: int = Field(5, ge=1, le=1000)
    """Failed logins of one account before each further attempt must wait (429)."""
    login_backoff_base_seconds: float = Field(1.0, gt=0, le=3600)
    """First wait after LOGIN_BACKOFF_AFTER_FAILURES failures; doubles with each failure."""
    login_backoff_max_seconds: float = Field(900.0, gt=0, le=86400)
    """Longest wait between login attempts of one account."""

    run_recorder_interval_seconds: float = Field(3.0, ge=0)
    """How often the API records finished runs (status, per-node records); 0 turns it off."""

    blob_backend: str = "local"
    """Where files and claim-checked outputs live: `local` (BLOB_DIR, one host or a shared
    volume) or `database` (the app DB, for several hosts)."""
    blob_dir: Path = DATA_DIR / "blobs"
    """Folder of the `local` blob backend."""
    blob_retention_days: float = Field(30.0, gt=0)
    """`python -m core.blobs cleanup` deletes blobs older than this."""
    side_effect_retention_days: float = Field(90.0, gt=0)
    """The API deletes side-effect ledger rows (sends already made, per idempotency key) older
    than this, hourly; keep it above Temporal's retention, or a late retry may send again."""
    llm_usage_retention_days: float = Field(400.0, gt=0)
    """The API deletes billed LLM usage rows older than this, hourly (runs show what is left)."""

    max_nodes_per_graph: int = Field(200, ge=1, le=5000)
    """Larger graphs are rejected with a 422."""
    max_parallel_nodes: int = Field(20, ge=1, le=1000)
    """How many nodes of one run may execute at the same time."""
    max_inline_payload_bytes: int = Field(128 * 1024, ge=1024, le=2 * 1024 * 1024)
    """Node outputs larger than this (JSON bytes) go to the blob store; history keeps a
    reference (the claim check)."""
    run_inline_output_bytes: int = Field(1024 * 1024, ge=0, le=16 * 1024 * 1024)
    """JSON bytes of node outputs one run keeps inline; past it, activity outputs above
    16 KiB go to the blob store too, so the run stays under Temporal's payload limits.
    0: no run-wide budget."""
    expression_max_length: int = Field(4000, ge=16, le=100_000)
    """Characters in one `{{ }}` expression; longer ones are refused when the graph is saved."""
    expression_max_depth: int = Field(32, ge=4, le=200)
    """How deeply one expression's syntax may nest (brackets, pipes, functions)."""
    expression_max_result_bytes: int = Field(1_000_000, ge=1024, le=64 * 1024 * 1024)
    """JSON bytes one expression evaluation, or one rendered node config, may build; past it
    the node fails (not retried)."""
    config_max_depth: int = Field(32, ge=4, le=200)
    """How deeply lists and objects may nest in a node's config (checked at save time)."""
    request_max_depth: int = Field(64, ge=8, le=500)
    """How deeply a JSON request body may nest; deeper bodies get a 422 before parsing."""

    worker_max_concurrent_activities: int = Field(100, ge=1)
    """Activity slots per worker process."""
    worker_max_concurrent_workflow_tasks: int = Field(100, ge=1)
    """Workflow-task slots per worker process."""
    worker_task_pollers: Literal["auto"] | Annotated[int, Field(ge=2, le=100)] = "auto"
    """Pollers each worker keeps per kind of task (workflow tasks, activity tasks): `auto`
    scales them with the load (the SDK's autoscaling poller), N keeps at most N. With a few
    fixed ones (the SDK's default is 5) a burst's tasks wait in the server's backlog while
    newer ones overtake them: p95 at 20 concurrent runs 1.38 s with 5, 0.52 s with auto."""
    worker_sticky_timeout_seconds: float = Field(5.0, gt=0)
    """How long a run's next workflow task waits for the worker that has the run cached
    before any worker may take it (the SDK's default is 10): a killed worker's runs go on
    this much sooner; too short, and a busy worker's runs are replayed elsewhere."""
    worker_versioning: bool = True
    """Temporal Worker Versioning: each run is pinned to the build that started it, so a deploy
    never replays an old run on a changed interpreter; false runs an unversioned worker."""
    worker_deployment_name: str = Field("sluice", min_length=1, max_length=255, pattern=r"^[^.]+$")
    """Temporal Worker Deployment the workers belong to (no `.`)."""
    worker_build_id: str | None = Field(None, min_length=1, max_length=255)
    """This worker's build id; unset: derived from the interpreter's sources and the SDK version
    (`python -m worker.deployment build-id` prints it)."""
    worker_promote_on_start: Literal["if-none", "always", "never"] = "if-none"
    """Make this build the current version on start: `if-none` only when the deployment has
    none (first deploy), `always` (`make run`, compose and the Kubernetes config map, which
    replace workers in place), `never` (promote with `python -m worker.deployment set-current`)."""

    @model_validator(mode="after")
    def _tls_pairs(self) -> "Settings":
        if (self.temporal_tls_cert is None) != (self.temporal_tls_key is None):
            raise ValueError("set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY together (mTLS)")
        return self

    @field_validator("outbound_allowed_networks", "outbound_denied_networks")
    @classmethod
    def _network_entries(cls, value: str, info: ValidationInfo) -> str:
        parse_entries(value, str(info.field_name).upper())
        return value

    @model_validator(mode="after")
    def _run_signing_key_length(self) -> "Settings":
        if self.run_signing_key and len(self.run_signing_key) < 32:
            raise ValueError(
                "RUN_SIGNING_KEY must be at least 32 characters (e.g. `python -c 'import "
                "secrets; print(secrets.token_urlsafe(48))'`), or empty to derive it"
            )
        return self

    @property
    def proxy_hops(self) -> int:
        """TRUSTED_PROXY_HOPS, or 1 for the deprecated TRUST_PROXY_HEADERS=true."""
        return self.trusted_proxy_hops or (1 if self.trust_proxy_headers else 0)

    @model_validator(mode="after")
    def _backoff_bounds(self) -> "Settings":
        if self.login_backoff_base_seconds > self.login_backoff_max_seconds:
            raise ValueError("LOGIN_BACKOFF_BASE_SECONDS must not exceed LOGIN_BACKOFF_MAX_SECONDS")
        return self

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> "Settings":
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET_KEY:
            raise ValueError(
                "SECRET_KEY is the built-in default; set SECRET_KEY to a long random value "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
            )
        return self


def get_settings() -> Settings:
    """A fresh Settings read from the current environment."""
    return Settings()
