"""An SFTP session from an `sftp` credential: host key checked against the stored
known_hosts entry (never auto-accepted), and paramiko's errors classified for retries.

paramiko loads with the first session (in its thread), not with the worker."""

import io
import posixpath
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .._runtime import NodeError

if TYPE_CHECKING:
    import paramiko


class SftpSession:
    """One SSH connection with its SFTP channel; blocking (call it from a thread)."""

    def __init__(self, credential: dict[str, Any], timeout: float, addresses: list[str]) -> None:
        """Connect to one of `addresses` (the host's, checked by the egress policy); the host
        key is looked up for the credential's host name."""
        import paramiko

        self.host, self.port = target(credential)
        self.addresses = addresses
        self.where = f"{credential.get('username')}@{self.host}:{self.port}"
        self.ssh = paramiko.SSHClient()
        self.ssh.set_missing_host_key_policy(paramiko.RejectPolicy())
        key = _host_key(str(credential.get("host_key") or ""), self.host)
        known_as = self.host if self.port == 22 else f"[{self.host}]:{self.port}"
        self.ssh.get_host_keys().add(known_as, key.get_name(), key)
        try:
            self._connect(credential, timeout)
        except BaseException:
            self.ssh.close()
            raise

    def _connect(self, credential: dict[str, Any], timeout: float) -> None:
        with classified(f"connecting to {self.where}"):
            self.ssh.connect(
                self.host,
                self.port,
                sock=_dial(self.addresses, self.port, timeout),  # type: ignore[arg-type]
                username=str(credential["username"]),
                password=credential.get("password"),
                pkey=_private_key(credential),
                timeout=timeout,
                banner_timeout=timeout,
                auth_timeout=timeout,
                allow_agent=False,
                look_for_keys=False,
            )
            self.sftp = self.ssh.open_sftp()
            self.sftp.get_channel().settimeout(timeout)  # type: ignore[union-attr]

    def close(self) -> None:
        self.ssh.close()

    def exists(self, path: str) -> bool:
        try:
            self.sftp.stat(path)
        except FileNotFoundError:
            return False
        return True

    def discard(self, path: str) -> None:
        """Remove `path` if possible (a partial upload); never raises."""
        import paramiko

        try:
            self.sftp.remove(path)
        except (OSError, EOFError, paramiko.SSHException):
            pass

    def replace(self, partial: str, path: str) -> None:
        """Rename `partial` to `path`, replacing it."""
        try:
            self.sftp.posix_rename(partial, path)
        except OSError as exc:
            if "unsupported" not in str(exc).lower():
                raise
            # Servers without the posix-rename extension: plain rename refuses to overwrite.
            try:
                self.sftp.remove(path)
            except FileNotFoundError:
                pass
            self.sftp.rename(partial, path)

    def make_dirs(self, folder: str) -> None:
        """`mkdir -p folder`."""
        current = "/" if folder.startswith("/") else ""
        for part in [p for p in folder.split("/") if p]:
            current = posixpath.join(current, part) if current else part
            if not self.exists(current):
                self.sftp.mkdir(current)


def target(credential: dict[str, Any]) -> tuple[str, int]:
    """The credential's host and port (22 unless set)."""
    return str(credential["host"]).strip(), int(credential.get("port") or 22)


def _dial(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A TCP connection to the first of `addresses` that answers; paramiko never resolves."""
    failure: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as exc:
            failure = exc
    raise failure


@contextmanager
def classified(action: str, path: str | None = None) -> Iterator[None]:
    """Turn paramiko and socket errors into `NodeError`s: what a retry can fix is retryable."""
    import paramiko

    subject = f" {path!r}" if path else ""
    try:
        yield
    except NodeError:
        raise
    except paramiko.BadHostKeyException as exc:
        raise NodeError(
            f"{action}: the server's host key ({exc.key.get_name()} "
            f"{exc.key.fingerprint}) does not match the credential's host_key; if the server's "
            "key changed on purpose, update the credential",
            retryable=False,
        ) from None
    except paramiko.PasswordRequiredException:
        raise NodeError(
            f"{action}: the private_key is encrypted; set the credential's passphrase",
            retryable=False,
        ) from None
    except paramiko.AuthenticationException:
        raise NodeError(
            f"{action}: authentication failed; check the credential's username and "
            "password or private_key",
            retryable=False,
        ) from None
    except paramiko.SSHException as exc:
        if "known_hosts" in str(exc):
            raise NodeError(
                f"{action}: the server did not offer the key type of the credential's host_key",
                retryable=False,
            ) from None
        raise NodeError(f"{action}: SSH error: {exc}", retryable=True) from None
    except FileNotFoundError:
        raise NodeError(f"{action}{subject}: no such file or folder", retryable=False) from None
    except PermissionError:
        raise NodeError(f"{action}{subject}: permission denied", retryable=False) from None
    except TimeoutError:
        raise NodeError(f"{action}{subject}: timed out", retryable=True) from None
    except (OSError, EOFError) as exc:
        # Refused or reset connections, DNS hiccups, a dropped channel, SFTP "failure".
        raise NodeError(f"{action}{subject}: {exc or type(exc).__name__}", retryable=True) from None


def _host_key(line: str, host: str) -> "paramiko.PKey":
    """The key of a known_hosts line (`host type base64`, or just `type base64`)."""
    import paramiko
    from paramiko.hostkeys import HostKeyEntry, InvalidHostKey

    fields = line.split()
    if len(fields) == 2:
        fields = [host, *fields]
    entry = None
    if fields and not fields[0].startswith("@"):
        try:
            entry = HostKeyEntry.from_line(" ".join(fields))
        except (InvalidHostKey, paramiko.SSHException, ValueError, TypeError):
            entry = None
    if entry is None or entry.key is None:
        raise NodeError(
            "the credential's host_key is not a known_hosts line like "
            "'example.com ssh-ed25519 AAAA...' (get one with `ssh-keyscan -p PORT HOST`)",
            retryable=False,
        )
    return entry.key


def _private_key(credential: dict[str, Any]) -> "paramiko.PKey | None":
    import paramiko

    text = credential.get("private_key")
    if not text:
        return None
    passphrase = credential.get("passphrase") or None
    for key_class in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return key_class.from_private_key(io.StringIO(str(text)), password=passphrase)
        except paramiko.PasswordRequiredException:
            raise NodeError(
                "the credential's private_key is encrypted; set its passphrase", retryable=False
            ) from None
        except (paramiko.SSHException, ValueError, TypeError):
            continue
    raise NodeError(
        "the credential's private_key could not be read: it must be an OpenSSH or PEM "
        "Ed25519, ECDSA or RSA private key, with the right passphrase if encrypted",
        retryable=False,
    )
