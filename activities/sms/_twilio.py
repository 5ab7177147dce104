"""The twilio SDK's side of `sms.twilio.send`: its HTTP client pointed at `base_url` and
held to the egress policy, the send, and its errors classified for retries.

This module imports twilio and requests: `send` loads it the first time a node sends, off
the event loop (`import_off_loop`), so an idle worker holds neither.
"""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from .._egress_requests import checked_session
from .._runtime import NodeError
from ..credential_hosts import require_allowed_url
from ..egress import EgressPolicy

ERRORS = (TwilioRestException, TwilioServiceException, requests.RequestException)
"""What a send raises that `classify` turns into a `NodeError` (after the audit row)."""


class RedirectingHttpClient(TwilioHttpClient):
    """Twilio's own HTTP client, sending to `base_url` instead of *.twilio.com when set (a
    proxy, a regional gateway, or a local test server), and keeping Retry-After. It connects
    only to addresses the egress policy checked, to hosts the credential allows, and never
    follows a redirect."""

    def __init__(
        self,
        base_url: str | None,
        *,
        timeout: float,
        egress: EgressPolicy,
        credential: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(pool_connections=False, timeout=timeout)
        self.session = checked_session(egress)
        self.credential = credential
        self.base = urlsplit(base_url) if base_url else None
        self.retry_after: float | None = None

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if self.base is not None:
            target = urlsplit(url)
            url = urlunsplit(
                (
                    self.base.scheme,
                    self.base.netloc,
                    self.base.path.rstrip("/") + target.path,
                    target.query,
                    "",
                )
            )
        require_allowed_url(self.credential, url)
        kwargs.pop("allow_redirects", None)
        response = super().request(method, url, *args, allow_redirects=False, **kwargs)
        self.retry_after = _seconds(response.headers.get("Retry-After"))
        return response


def create_message(
    credential: dict[str, Any], http: RedirectingHttpClient, fields: dict[str, str]
) -> Any:
    # An empty environment: TWILIO_EDGE / TWILIO_REGION must not reroute a workspace's SMS.
    client = Client(
        credential["account_sid"], credential["auth_token"], http_client=http, environment={}
    )
    sender = fields["from"]
    origin = {"messaging_service_sid": sender} if sender.startswith("MG") else {"from_": sender}
    return client.messages.create(to=fields["to"], body=fields["body"], **origin)


def classify(exc: Exception, retry_after: float | None) -> NodeError:
    if isinstance(exc, requests.RequestException):
        return NodeError(
            f"could not reach Twilio ({type(exc).__name__}); will retry", retryable=True
        )
    if isinstance(exc, TwilioServiceException):
        status, code, text = exc.status, exc.code, exc.detail or exc.title
    else:
        status, code = exc.status, exc.code
        text = str(exc.msg).removeprefix("Unable to create record: ")
    if status == 429 or status >= 500:
        return NodeError(
            f"Twilio answered {status} (error {code}: {text}); will retry",
            retryable=True,
            retry_after=retry_after,
        )
    hint = "; check the credential's account SID and auth token" if status == 401 else ""
    return NodeError(f"Twilio error {code}: {text}{hint}", retryable=False)


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
