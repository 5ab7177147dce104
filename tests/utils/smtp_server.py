"""A recording SMTP server on loopback (aiosmtpd), with AUTH, STARTTLS or TLS, and scripts.

It is served on the test's event loop; the email node talks to it from a thread (smtplib),
so nothing blocks. Every DATA transmission is recorded, accepted or not.
"""

import asyncio
import datetime as dt
import ipaddress
import ssl
import warnings
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

Security = Literal["starttls", "tls", "none"]
DROP = "drop"
"""A scripted DATA reply: keep the message, then hang up without answering."""


@dataclass
class Delivery:
    """One message the client transmitted (DATA), and whether the server accepted it."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    reply: str

    @property
    def accepted(self) -> bool:
        return self.reply.startswith("250") or self.reply == DROP

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.content, policy=policy.default)  # type: ignore[return-value]

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


@dataclass
class RecordingSmtpServer:
    """Accepts mail for anyone, after AUTH when `username` is set."""

    security: Security = "none"
    username: str | None = "mailer"
    password: str = "mail-secret"
    certificate: tuple[Path, Path] | None = None
    """(cert, key) PEM files; required for starttls and tls."""
    data_replies: list[str] = field(default_factory=list)
    """Replies to the next DATA transmissions, in order (then 250): e.g. "451 4.3.0 Busy"."""
    refuse: dict[str, str] = field(default_factory=dict)
    """RCPT replies by address, e.g. {"gone@example.com": "550 5.1.1 Mailbox unavailable"}."""
    hang_up_on_quit: bool = False
    deliveries: list[Delivery] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)
    port: int = 0
    _server: asyncio.AbstractServer | None = None

    @property
    def accepted(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.accepted]

    def mailbox(self) -> list[EmailMessage]:
        """What a recipient sees when their provider drops repeated Message-IDs (as Gmail
        does): accepted messages, first copy of each id."""
        seen: dict[str, EmailMessage] = {}
        for delivery in self.accepted:
            seen.setdefault(delivery.message_id, delivery.message)
        return list(seen.values())

    async def start(self) -> "RecordingSmtpServer":
        context = None
        if self.security != "none":
            assert self.certificate, "starttls and tls need a certificate"
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.certificate)
        loop = asyncio.get_running_loop()

        def protocol() -> SMTP:
            with warnings.catch_warnings():
                # AUTH over plain text is what the `none` security setting is about.
                warnings.simplefilter("ignore", UserWarning)
                return SMTP(
                    self,
                    hostname="localhost",
                    tls_context=context if self.security == "starttls" else None,
                    require_starttls=self.security == "starttls",
                    auth_required=self.username is not None,
                    auth_require_tls=self.security == "starttls",
                    authenticator=self._authenticate,
                )

        self._server = await loop.create_server(
            protocol,
            "127.0.0.1",
            0,
            ssl=context if self.security == "tls" else None,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        login = data.login.decode()
        ok = login == self.username and data.password.decode() == self.password
        self.logins.append((login, ok))
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 535 itself

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        reply = self.data_replies.pop(0) if self.data_replies else "250 Message accepted"
        content = envelope.original_content or b""
        self.deliveries.append(
            Delivery(str(envelope.mail_from), list(envelope.rcpt_tos), content, reply)
        )
        if reply == DROP:
            assert server.transport is not None
            server.transport.abort()
            return "250 never heard"
        return reply

    async def handle_QUIT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        if self.hang_up_on_quit:
            assert server.transport is not None
            server.transport.abort()
        return "221 Bye"


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key, as PEM files in `folder`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path
