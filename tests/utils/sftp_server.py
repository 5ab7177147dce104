"""A real SFTP server on loopback (paramiko's server side), serving a temporary folder.

Password and public-key auth; `drop_next(n)` hangs up on the next n connections before the
SSH banner, so retry tests have a transient failure to recover from.
"""

import io
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from paramiko import SFTPAttributes, SFTPHandle, SFTPServer, SFTPServerInterface

USERNAME = "robot"
PASSWORD = "sftp-secret-42"


def new_key(passphrase: str | None = None) -> tuple[paramiko.Ed25519Key, str]:
    """A fresh Ed25519 key and its OpenSSH private key text (encrypted with `passphrase`)."""
    private = Ed25519PrivateKey.generate()
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    text = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, encryption
    ).decode()
    return paramiko.Ed25519Key.from_private_key(io.StringIO(text), password=passphrase), text


class SftpServer:
    """Accepts SSH connections in a thread; files live under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.host_key, _ = new_key()
        self.client_key, self.client_key_text = new_key()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self._drop = 0
        self._lock = threading.Lock()
        self._transports: list[paramiko.Transport] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def known_hosts_line(self) -> str:
        return f"[127.0.0.1]:{self.port} {self.host_key.get_name()} {self.host_key.get_base64()}"

    def credential(self, **overrides: object) -> dict:
        """`data` of an `sftp` credential for this server (password auth by default)."""
        data = {
            "host": "127.0.0.1",
            "port": self.port,
            "username": USERNAME,
            "password": PASSWORD,
            "host_key": self.known_hosts_line,
        }
        return {k: v for k, v in {**data, **overrides}.items() if v is not None}

    def drop_next(self, count: int) -> None:
        with self._lock:
            self._drop = count

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                drop = self._drop > 0
                self._drop -= int(drop)
            if drop:
                sock.close()
                continue
            transport = paramiko.Transport(sock)
            transport.add_server_key(self.host_key)
            transport.set_subsystem_handler("sftp", SFTPServer, _Folder, self.root)
            self._transports.append(transport)
            try:
                transport.start_server(server=_Auth(self.client_key))
            except (paramiko.SSHException, EOFError, OSError):
                transport.close()

    def close(self) -> None:
        """Stop listening (connecting is refused from now on) and end every session."""
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked in the thread
        except OSError:
            pass
        self.listener.close()
        for transport in self._transports:
            transport.close()


class _Auth(paramiko.ServerInterface):
    def __init__(self, client_key: paramiko.PKey) -> None:
        self.client_key = client_key

    def get_allowed_auths(self, username: str) -> str:
        return "password,publickey"

    def check_auth_password(self, username: str, password: str) -> int:
        ok = (username, password) == (USERNAME, PASSWORD)
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        ok = username == USERNAME and key == self.client_key
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


class _Handle(SFTPHandle):
    def stat(self) -> SFTPAttributes | int:
        try:
            return SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)


class _Folder(SFTPServerInterface):
    """SFTP operations on a local folder; paths are confined to it."""

    def __init__(self, server: object, root: Path, *args: object, **kwargs: object) -> None:
        super().__init__(server, *args, **kwargs)
        self.root = Path(root)

    def _real(self, path: str) -> str:
        clean = os.path.normpath("/" + path).lstrip("/")
        return str(self.root / clean)

    def canonicalize(self, path: str) -> str:
        return os.path.normpath("/" + path)

    def list_folder(self, path: str) -> list[SFTPAttributes] | int:
        real = self._real(path)
        try:
            found = []
            for name in os.listdir(real):
                attributes = SFTPAttributes.from_stat(os.stat(os.path.join(real, name)))
                attributes.filename = name
                found.append(attributes)
            return found
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)

    def stat(self, path: str) -> SFTPAttributes | int:
        try:
            return SFTPAttributes.from_stat(os.stat(self._real(path)))
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)

    lstat = stat

    def open(self, path: str, flags: int, attr: SFTPAttributes) -> SFTPHandle | int:
        try:
            fd = os.open(self._real(path), flags, 0o644)
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)
        mode = "wb" if flags & os.O_WRONLY else "r+b" if flags & os.O_RDWR else "rb"
        handle = _Handle(flags)
        handle.readfile = handle.writefile = os.fdopen(fd, mode)
        return handle

    def remove(self, path: str) -> int:
        return self._call(os.remove, self._real(path))

    def rename(self, oldpath: str, newpath: str) -> int:
        if os.path.exists(self._real(newpath)):
            return paramiko.SFTP_FAILURE
        return self._call(os.rename, self._real(oldpath), self._real(newpath))

    def posix_rename(self, oldpath: str, newpath: str) -> int:
        return self._call(os.replace, self._real(oldpath), self._real(newpath))

    def mkdir(self, path: str, attr: SFTPAttributes) -> int:
        return self._call(os.mkdir, self._real(path))

    def rmdir(self, path: str) -> int:
        return self._call(os.rmdir, self._real(path))

    @staticmethod
    def _call(func: object, *args: str) -> int:
        try:
            func(*args)  # type: ignore[operator]
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)
        return paramiko.SFTP_OK


@pytest.fixture
def sftp_server(tmp_path: Path) -> Iterator[SftpServer]:
    """A fresh SFTP server serving `tmp_path / "sftp"`."""
    root = tmp_path / "sftp"
    root.mkdir()
    server = SftpServer(root)
    yield server
    server.close()
