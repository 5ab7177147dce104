"""A fake Twilio REST API on loopback: the Messages resource, as the twilio SDK speaks it.

`POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with basic auth and a form body answers
201 and Twilio's Message JSON, or Twilio's error JSON (401 20003, 400 21211, scripted 429/5xx).
"""

import base64
import email.utils
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

E164 = re.compile(r"^\+[1-9]\d{7,14}$")
MESSAGES = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json$")


@dataclass(frozen=True)
class Failure:
    """A scripted error answer for the next create call."""

    status: int
    code: int
    message: str
    retry_after: str | None = None


@dataclass
class FakeTwilio:
    account_sid: str = field(default_factory=lambda: "AC" + uuid.uuid4().hex)
    auth_token: str = field(default_factory=lambda: uuid.uuid4().hex)
    failures: list[Failure] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    """Every create call: form fields and the status answered."""
    messages: list[dict[str, Any]] = field(default_factory=list)
    """Messages created (answered 201)."""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _http: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._http is not None
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    def fail_next(self, *failures: Failure) -> None:
        with self._lock:
            self.failures.extend(failures)

    def start(self) -> "FakeTwilio":
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._http.daemon_threads = True
        threading.Thread(target=self._http.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()

    def answer(self, path: str, authorization: str, form: dict[str, str]) -> tuple[int, dict, dict]:
        """(status, headers, JSON body) for one request."""
        match = MESSAGES.match(path)
        if match is None:
            return 404, {}, _error(404, 20404, "The requested resource was not found")
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if match.group(1) != self.account_sid or authorization != f"Basic {expected}":
            return 401, {}, _error(401, 20003, "Authenticate")
        with self._lock:
            failure = self.failures.pop(0) if self.failures else None
            self.calls.append({**form, "answered": failure.status if failure else 201})
        if failure is not None:
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            return failure.status, headers, _error(failure.status, failure.code, failure.message)
        to = form.get("To", "")
        if not E164.match(to):
            return 400, {}, _error(400, 21211, f"Invalid 'To' Phone Number: {to}")
        if not form.get("Body"):
            return 400, {}, _error(400, 21602, "Message body is required.")
        message = self._message(form)
        with self._lock:
            self.messages.append(message)
        return 201, {}, message

    def _message(self, form: dict[str, str]) -> dict[str, Any]:
        sid = "SM" + uuid.uuid4().hex
        now = email.utils.formatdate(usegmt=True)
        service = form.get("MessagingServiceSid")
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": form["Body"],
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": service,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if service else "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"
            },
            "to": form["To"],
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }


def _error(status: int, code: int, message: str) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def _handler_for(server: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - stdlib naming
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            form = {k: v[-1] for k, v in parse_qs(raw).items()}
            status, headers, body = server.answer(
                self.path, self.headers.get("Authorization", ""), form
            )
            payload = json.dumps(body).encode()
            self.send_response(status)
            for name, value in {**headers, "Content-Type": "application/json"}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler
