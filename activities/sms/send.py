"""SMS node: `sms.twilio.send` with the official twilio SDK, with an audit row per send.

Sent once per idempotency key, across retries of the run: the message SID is recorded in the
side-effect ledger right after Twilio accepted, and a key already there answers that SID
(`deduplicated: true`) without calling Twilio. A worker killed between Twilio's answer and
the record sends once more on its retry.
"""

import asyncio
from typing import Any

from interpreter import NodeTask

from .._communications import CommunicationLog
from .._deps import NodeDependencies
from .._runtime import NodeError, import_off_loop, node_activity, with_heartbeats
from .._side_effects import SentLedger
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
        await import_off_loop("activities.sms._twilio")  # the twilio SDK, with the first send
        from . import _twilio

        http = _twilio.RedirectingHttpClient(
            credential.get("base_url"),
            timeout=float(config.get("timeout_seconds") or 20),
            egress=self.egress,
            credential=credential,
        )
        try:
            message = await with_heartbeats(
                asyncio.to_thread(_twilio.create_message, credential, http, fields)
            )
        except _twilio.ERRORS as exc:
            error = _twilio.classify(exc, http.retry_after)
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
