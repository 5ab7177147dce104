"""What every command shares: the API address, the workspace, and the client built from them."""

import os
from dataclasses import dataclass, field
from typing import Annotated

import typer

from . import config
from .client import Api

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@dataclass
class State:
    api_option: str | None = None
    workspace: str | None = None
    _client: Api | None = field(default=None, repr=False)

    def address(self) -> str:
        """--api, else SLUICE_API, else where you logged in, else the local default."""
        login = config.load()
        return (
            self.api_option
            or os.environ.get("SLUICE_API")
            or (login.api if login else None)
            or config.DEFAULT_API
        )

    def client(self) -> Api:
        if self._client is None:
            self._client = Api(self.address(), config.load(), self.workspace)
        return self._client


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj
