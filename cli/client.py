"""One authenticated HTTP client for the API; every failure becomes a `CliError` with a hint."""

import time
from typing import Any

import httpx

from . import config


class CliError(Exception):
    """What went wrong and what to do next; the command exits with `code`."""

    def __init__(self, message: str, hint: str = "", code: int = 1) -> None:
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code


HINTS = {
    401: "log in again with `sluice login`",
    403: "ask a workspace owner for a role that allows this",
    404: "check the id (`sluice workflows list`, `sluice runs list`)",
    409: "the object is not in a state that allows this; read it with `show`",
    429: "too many requests; wait and try again",
    503: "a service behind the API is down; try again shortly",
}


def describe(response: httpx.Response) -> str:
    """The API's `detail`, with each validation error as `field: message`."""
    try:
        detail = response.json().get("detail", response.text)
    except ValueError:
        return response.text.strip() or response.reason_phrase
    if isinstance(detail, list):
        lines = []
        for item in detail:
            if isinstance(item, dict):
                where = ".".join(str(p) for p in item.get("loc", []) if p != "body")
                lines.append(f"{where}: {item.get('msg', item)}" if where else str(item.get("msg")))
            else:
                lines.append(str(item))
        return "\n".join(lines)
    return str(detail)


class Api:
    """Calls `/api/...` with a fresh access token, refreshing (and re-saving) it on demand."""

    def __init__(self, base: str, login: config.Login | None, workspace: str | None) -> None:
        self.base = base.rstrip("/")
        self.login = login
        self.workspace = workspace
        self.http = httpx.Client(base_url=self.base, timeout=60.0, trust_env=False)

    def close(self) -> None:
        self.http.close()

    def access_token(self) -> str:
        if self.login is None:
            raise CliError("you are not logged in", "run `sluice login` first", code=2)
        if not self.login.access_fresh():
            self._refresh()
        return self.login.access_token

    def _refresh(self) -> None:
        assert self.login is not None
        response = self._send(
            "POST", "/api/auth/refresh", {"refresh_token": self.login.refresh_token}
        )
        if response.status_code != 200:
            config.clear()
            raise CliError(f"your login has ended: {describe(response)}", HINTS[401], code=2)
        pair = response.json()
        self.login.refresh_token = pair["refresh_token"]  # rotated: the old one is spent
        self.login.access_token = pair["access_token"]
        self.login.access_expires_at = time.time() + float(pair.get("expires_in", 0))
        config.save(self.login)

    def _send(
        self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None
    ) -> httpx.Response:
        headers = {}
        if self.login is not None and self.login.access_token and path != "/api/auth/refresh":
            headers["Authorization"] = f"Bearer {self.login.access_token}"
        if self.workspace:
            headers["X-Workspace-Id"] = self.workspace
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            return self.http.request(method, path, json=body, params=clean, headers=headers)
        except httpx.HTTPError as exc:
            raise CliError(
                f"cannot reach the API at {self.base}: {exc}",
                "start it (`make run`) or point at it with --api URL or SLUICE_API",
            ) from None

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict[str, Any] | None = None,
        *,
        auth: bool = True,
    ) -> Any:
        """The decoded JSON answer (None for 204); an error status raises `CliError`."""
        if auth:
            self.access_token()
        response = self._send(method, path, body, params)
        if response.status_code == 401 and auth:
            self._refresh()
            response = self._send(method, path, body, params)
        if response.status_code >= 400:
            hint = HINTS.get(response.status_code, "")
            if response.status_code == 422:
                hint = "fix the fields named above and try again"
            if response.status_code == 429 and response.headers.get("retry-after"):
                hint = f"wait {response.headers['retry-after']} s and try again"
            raise CliError(f"{response.status_code}: {describe(response)}", hint)
        return response.json() if response.content else None

    def ws_url(self, path: str) -> str:
        scheme = "wss" if self.base.startswith("https") else "ws"
        return f"{scheme}://{self.base.split('://', 1)[1]}{path}"
