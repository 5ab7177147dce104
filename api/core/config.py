"""Every Sluice setting, read from the environment and an optional `.env`."""

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path(".data")
DEFAULT_SECRET_KEY = "change-me-local-only"


class Settings(BaseSettings):
    """Settings for the API, the workers and `make run`; each has a working local default."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["local", "test", "production"] = "local"
    """`local` and `test` accept the default secret key; `production` refuses it."""

    database_url: str = f"sqlite:///{DATA_DIR / 'sluice.db'}"
    """SQLAlchemy URL of the app DB, e.g. `postgresql+psycopg://user@host:5432/db`."""

    api_host: str = "127.0.0.1"
    api_port: int = Field(8000, ge=1, le=65535)

    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "sluice"
    temporal_ui_url: str = "http://127.0.0.1:8233"
    """Base URL of the Temporal Web UI, used to build links to runs."""

    secret_key: str = DEFAULT_SECRET_KEY
    """Signs tokens and derives local keys; must be set outside local/test."""

    max_nodes_per_graph: int = Field(200, ge=1, le=5000)
    max_parallel_nodes: int = Field(20, ge=1, le=1000)
    """How many nodes of one run may execute at the same time."""
    max_inline_payload_bytes: int = Field(128 * 1024, ge=1024, le=2 * 1024 * 1024)
    """Node outputs larger than this (JSON bytes) are rejected with a clear error."""

    worker_max_concurrent_activities: int = Field(100, ge=1)
    worker_max_concurrent_workflow_tasks: int = Field(100, ge=1)

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
