"""The PostgreSQL, SMTP and SFTP clients dial the address the egress policy checked and never
resolve the name again (so DNS rebinding between check and connect cannot redirect them),
while TLS and known_hosts still check the name. `.invalid` names cannot resolve at all."""

import asyncio
import ssl
from email.message import EmailMessage

import pytest

from activities.database._postgres import connect
from activities.email._smtp import deliver
from activities.sftp._session import SftpSession


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@b.test", "c@d.test", "pinned"
    message.set_content("hello")
    return message


def _smtp(server, host: str, security: str) -> dict:
    return {
        "host": host,
        "port": server.port,
        "security": security,
        "username": server.username,
        "password": server.password,
    }


async def test_smtp_dials_the_checked_address_and_verifies_the_name(
    smtp_peer, smtp_certificate, monkeypatch
):
    plain = await smtp_peer()
    await asyncio.to_thread(
        deliver,
        _smtp(plain, "mail.invalid", "none"),
        _message(),
        "a@b.test",
        ["c@d.test"],
        10,
        ["127.0.0.1"],
    )
    assert len(plain.deliveries) == 1, "sent to the checked address; the name never resolved"

    monkeypatch.setenv("SSL_CERT_FILE", str(smtp_certificate[0]))
    tls = await smtp_peer(security="tls", certificate=smtp_certificate)
    await asyncio.to_thread(
        deliver,
        _smtp(tls, "localhost", "tls"),
        _message(),
        "a@b.test",
        ["c@d.test"],
        10,
        ["127.0.0.1"],
    )
    assert len(tls.deliveries) == 1, "the certificate names localhost: accepted"
    with pytest.raises(ssl.SSLCertVerificationError, match="mail.invalid"):
        await asyncio.to_thread(
            deliver,
            _smtp(tls, "mail.invalid", "tls"),
            _message(),
            "a@b.test",
            ["c@d.test"],
            10,
            ["127.0.0.1"],
        )
    assert len(tls.deliveries) == 1, "TLS checks the host name, not the dialled address"


def test_sftp_dials_the_checked_address_and_checks_the_host_key(sftp_server):
    (sftp_server.root / "hello.txt").write_bytes(b"hi")
    credential = sftp_server.credential(host="files.invalid")
    session = SftpSession(credential, 10, ["127.0.0.1"])
    try:
        assert session.sftp.listdir("/") == ["hello.txt"]
    finally:
        session.close()


async def test_postgres_dials_hostaddr_and_keeps_the_name(scratch_database):
    credential = {**scratch_database.credential(), "host": "db.invalid"}
    conn = await connect(credential, ["127.0.0.1"])
    try:
        cursor = await conn.execute("SELECT 1")
        assert await cursor.fetchone() == (1,)
        assert conn.info.host == "db.invalid" and conn.info.hostaddr == "127.0.0.1"
    finally:
        await conn.close()
