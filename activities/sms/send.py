"""SMS node: `sms.twilio.send` with the official twilio SDK, with an audit row per send.

Sent once per idempotency key, across retries of the run: the message SID is recorded in the
side-effect ledger right after Twilio accepted, and a key already there answers that SID
(`deduplicated: true`) without calling Twilio. A worker killed between Twilio's answer and
the record sends once more on its retry.
"""

import asyncio
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from interpreter import NodeTask

from .._communications import CommunicationLog
from .._deps import NodeDependencies
from .._egress_requests import checked_session
from .._runtime import NodeError, node_activity, with_heartbeats
from .._side_effects import SentLedger
from ..credential_hosts import require_allowed_url
from ..credential_store import CredentialStore
from ..egress import EgressPolicy


def build(deps: NodeDependencies) -> list[object]:
    sms = SmsActivities(
        deps.credentials, CommunicationLog(deps.engine), deps.egress, SentLedger(deps.engine)
    )
    return [sms.twilio_send]


class SmsActivities:
    """Twilio's client is synchronous: each send runs in a thread."""

    def __init__(
        self,
        credentials: CredentialStore,
        log: CommunicationLog,
        egress: EgressPolicy | None = None,
        sent: SentLedger | None = None,
    ) -> None:
        self.credentials = credentials
        self.sent = sent
        self.log = log
        self.egress = egress or EgressPolicy()

    @node_activity("sms.twilio.send")
    async def twilio_send(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        fields: dict[str, str] = {}
        for name in ("to", "from", "body"):
            value = config.get(name)
            if not isinstance(value, str) or not value.strip():
                raise NodeError(f"config.{name} must be non-empty text", retryable=False)
            fields[name] = value.strip() if name != "body" else value
        if len(fields["body"]) > 1600:
            raise NodeError("config.body is longer than Twilio's 1600 characters", retryable=False)
        credential = await self.credentials.load(task, "twilio")
        if credential is None:
            raise NodeError("config.credential_id is required", retryable=False)
        if self.sent is not None and (done := await self.sent.already_sent(task)):
            return done
        previous = await self.log.previous_send(task)
        if previous is not None:
            return previous
        http = RedirectingHttpClient(
            credential.get("base_url"),
            timeout=float(config.get("timeout_seconds") or 20),
            egress=self.egress,
            credential=credential,
        )
        try:
            message = await with_heartbeats(
                asyncio.to_thread(_create_message, credential, http, fields)
            )
        except (TwilioRestException, TwilioServiceException, requests.RequestException) as exc:
            error = _classify(exc, http.retry_after)
            await self.log.record(
                task, channel="sms", recipients=[fields["to"]], status="failed", error=str(error)
            )
            raise error from exc
        output = {"sid": message.sid, "status": message.status, "to": message.to}
        if self.sent is not None:
            await self.sent.remember(task, output)
        await self.log.record(
            task,
            channel="sms",
            recipients=[fields["to"]],
            status="sent",
            provider_id=message.sid,
            output=output,
        )
        return output


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


def _create_message(
    credential: dict[str, Any], http: RedirectingHttpClient, fields: dict[str, str]
) -> Any:
    # An empty environment: TWILIO_EDGE / TWILIO_REGION must not reroute a workspace's SMS.
    client = Client(
        credential["account_sid"], credential["auth_token"], http_client=http, environment={}
    )
    sender = fields["from"]
    origin = {"messaging_service_sid": sender} if sender.startswith("MG") else {"from_": sender}
    return client.messages.create(to=fields["to"], body=fields["body"], **origin)


def _classify(exc: Exception, retry_after: float | None) -> NodeError:
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
