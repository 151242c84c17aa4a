"""lacnews.base.network, the one way lacnews goes onto the network, as `lacnews push` uses it: through the proxy the
environment names (a CONNECT tunnel to Mailchimp's https host, certificate checked; a forward proxy for the test
server), Mailchimp's host judged as any address, connections kept alive and at most three, and a TLS handshake
that ends by the deadline however slowly a server says it."""

from __future__ import annotations

import ast
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import fake_mailchimp
import pytest
from click.testing import CliRunner
from conftest import ALLOW_PRIVATE, REPO, lacnews_env
from fake_mailchimp import KEY, FakeMailchimp
from hostile_servers import HostileServer
from test_push import KEY_FORMS, mailchimp_project

HOST = "us6.api.mailchimp.com"  # the key's datacenter's host, which the tests' proxy sends to the fake


class Proxy:
    """An http proxy on 127.0.0.1, as an editor's office has: ``CONNECT host:port`` opens a tunnel (to the address
    ``routes`` gives for it, so that Mailchimp's host reaches the fake), and a request for a whole address
    (``GET http://…``) is passed on to that address's server. ``asked`` holds each first line it was sent,
    ``tunnelled`` every byte the client sent through its tunnels."""

    def __init__(self, routes: dict[str, tuple[str, int]] | None = None):
        self.routes = routes or {}
        self.asked: list[str] = []
        self.tunnelled = bytearray()
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self) -> None:
        self.listener.close()
        for sock in self.sockets:
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(65536)
            if not chunk:
                return client.close()
            head += chunk
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        self.asked.append(line)
        method, target, _ = line.split(" ")
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            upstream = socket.create_connection(self.routes.get(target, (host, int(port))))
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            first, record = head.split(b"\r\n\r\n", 1)[1], self.tunnelled
        else:
            parts = urlsplit(target)
            upstream = socket.create_connection((parts.hostname, parts.port or 80))
            first, record = head, None
        self.sockets.append(upstream)
        for sock in (client, upstream):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        upstream.sendall(first)
        threading.Thread(target=self._pipe, args=(upstream, client, None), daemon=True).start()
        self._pipe(client, upstream, record)

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket, record: bytearray | None) -> None:
        try:
            while chunk := source.recv(65536):
                if record is not None:
                    record += chunk
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> dict[str, Path]:
    """A certificate authority of the test's own, and the certificate it gave Mailchimp's host."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("certificates")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    (folder / "server.ext").write_text(f"subjectAltName=DNS:{HOST}\nbasicConstraints=CA:FALSE\n"
                                       "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"
                                       "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
            "-out", "ca.pem", "-days", "2", "-subj", "/CN=lacnews test authority")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
            "-out", "server.csr", "-subj", f"/CN={HOST}")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "server.ext")
    return {name: folder / f"{name}.pem" for name in ("ca", "server")} | {"key": folder / "server.key"}


@pytest.fixture
def mailchimp_over_https(certificates):
    """The fake Mailchimp speaking https with the certificate of Mailchimp's host."""
    import ssl

    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(certificates["server"], certificates["key"])
    server = FakeMailchimp(tls=tls)
    yield server
    server.stop()


@pytest.fixture
def fake():
    server = FakeMailchimp()
    yield server
    server.stop()


@pytest.fixture
def cli():
    from lacnews.cli import cli as group

    return group


def push_as_a_user(project: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run `lacnews push` in a new process, with the key and ``env`` in its environment."""
    code = fake_mailchimp.subprocess_code("main()")
    environment = lacnews_env({"LACNEWS_MAILCHIMP_KEY": KEY, "no_proxy": "", "NO_PROXY": "", **env})
    environment.pop("LACNEWS_MAILCHIMP_URL", None)
    return subprocess.run([sys.executable, "-c", code, "push", *args], cwd=project, capture_output=True, text=True,
                          timeout=60, env=environment)


# Through the editor's proxy

def test_push_reaches_mailchimp_through_the_https_proxy_the_environment_names(tmp_path, mailchimp_over_https,
                                                                              certificates):
    fake = mailchimp_over_https
    proxy = Proxy({f"{HOST}:443": ("127.0.0.1", fake.server.server_address[1])})
    try:
        project = mailchimp_project(tmp_path / "news")
        result = push_as_a_user(project, "june-2020", env={"https_proxy": proxy.url, "HTTPS_PROXY": proxy.url,
                                                           "SSL_CERT_FILE": str(certificates["ca"])})
        assert result.returncode == 0, result.stdout + result.stderr
        assert len(fake.campaigns) == 1 and len(fake.files) == 4 and len(fake.requests) == 11
        # every connection was a tunnel to Mailchimp's host, at most three of them, each kept for several requests
        assert proxy.asked and set(proxy.asked) == {f"CONNECT {HOST}:443 HTTP/1.1"}
        assert fake.connections == len(proxy.asked) <= 3
        # the proxy carried TLS only: not the key, not a request line
        for form in KEY_FORMS:
            assert form.encode() not in proxy.tunnelled
        assert b"/3.0/" not in proxy.tunnelled and b"file_data" not in proxy.tunnelled
    finally:
        proxy.stop()


def test_a_certificate_not_trusted_is_refused_before_anything_is_sent(tmp_path, mailchimp_over_https):
    fake = mailchimp_over_https
    proxy = Proxy({f"{HOST}:443": ("127.0.0.1", fake.server.server_address[1])})
    try:
        project = mailchimp_project(tmp_path / "news")
        result = push_as_a_user(project, "june-2020", env={"https_proxy": proxy.url, "HTTPS_PROXY": proxy.url})
        assert result.returncode == 1
        lines = [line for line in result.stdout.splitlines() + result.stderr.splitlines() if line.strip()]
        assert lines[-1].startswith("could not reach Mailchimp (its certificate is not valid: "), lines
        assert "Traceback" not in result.stderr
        assert fake.requests == [] and not (project / "mailchimp.json").exists()
    finally:
        proxy.stop()


def test_the_test_server_is_never_reached_through_a_proxy(cli, fake, tmp_path, monkeypatch):
    """The test server speaks plain http with the key in every request: a proxy the environment names (a
    company's) must not see it (found by an attack: the key went to http_proxy in the clear)."""
    monkeypatch.delenv(ALLOW_PRIVATE)  # the test server is the one address on this machine push may reach
    proxy = Proxy()
    try:
        project = mailchimp_project(tmp_path / "news")
        result = CliRunner().invoke(cli, ["push", "june-2020", "--root", str(project)], env={
            "LACNEWS_MAILCHIMP_KEY": KEY, "LACNEWS_MAILCHIMP_URL": fake.url, "http_proxy": proxy.url,
            "no_proxy": "", "NO_PROXY": ""})
        assert result.exit_code == 0, result.output
        assert proxy.asked == []
        assert len(fake.requests) == 11
    finally:
        proxy.stop()


# Mailchimp's host is judged as any address lacnews connects to

@pytest.fixture
def connects(monkeypatch) -> list:
    attempts: list = []
    real = socket.socket.connect

    def connect(sock, address):
        attempts.append(address)
        return real(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def test_mailchimp_s_host_at_a_private_address_is_not_connected_to(monkeypatch, connects):
    from lacnews.outputs.mailchimp.client import (
        ApiKey,
        Client,
        MailchimpError,
        NoAnswer,
        endpoint,
    )

    monkeypatch.delenv(ALLOW_PRIVATE)
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *args, **kwargs: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))])
    key = ApiKey(KEY)
    with Client(key, endpoint(key), 5, proxies={}) as client:
        with pytest.raises(MailchimpError) as refused:
            client.call("GET", "/ping", "checking the API key")
    assert not isinstance(refused.value, NoAnswer)  # nothing was sent: nothing to look for
    assert refused.value.format_message() == (
        f"lacnews did not connect to Mailchimp, while checking the API key: {HOST} is at 10.1.2.3, a private address "
        "(a local network's, not the public internet's): lacnews fetches only from the public internet; set "
        "LACNEWS_ALLOW_PRIVATE_NETWORK=1 if you mean lacnews to reach it")
    assert connects == []


def test_only_the_checked_test_address_may_be_on_this_machine(fake, monkeypatch, connects):
    from lacnews.outputs.mailchimp.client import (
        ApiKey,
        Client,
        Endpoint,
        MailchimpError,
        endpoint,
    )

    monkeypatch.delenv(ALLOW_PRIVATE)
    key = ApiKey(KEY)
    port = fake.server.server_address[1]
    with Client(key, Endpoint("https", "127.0.0.1", port), 5, proxies={}) as client:
        with pytest.raises(MailchimpError, match="127.0.0.1 is a loopback address"):
            client.call("GET", "/ping", "checking the API key")
    assert connects == []
    with Client(key, endpoint(key, fake.url), 5, proxies={}) as client:
        assert client.call("GET", "/ping", "checking the API key") == {"health_status": "Everything's Chimpy!"}


# Connections: kept, bounded, and given up by the deadline

def test_a_push_keeps_its_connections_and_opens_at_most_three(cli, fake, tmp_path):
    project = mailchimp_project(tmp_path / "news")
    env = {"LACNEWS_MAILCHIMP_KEY": KEY, "LACNEWS_MAILCHIMP_URL": fake.url}
    assert CliRunner().invoke(cli, ["push", "june-2020", "--root", str(project)], env=env).exit_code == 0
    first = fake.connections
    assert len(fake.requests) == 11 and 1 <= first <= 3
    assert CliRunner().invoke(cli, ["push", "june-2020", "--root", str(project)], env=env).exit_code == 0
    assert len(fake.requests) == 15 and fake.connections == first + 1  # four requests, one connection


def test_a_connection_the_server_closed_is_not_used_again(fake):
    from lacnews.base.network import HEADER_BYTES, Connection, Deadline, Target

    hostile = HostileServer()
    try:
        closing = Connection(Target("http", "127.0.0.1", hostile.port, "/"), Deadline(5), {}, allow_private=True)
        answer = closing.request("GET", "/ok", Deadline(5), HEADER_BYTES)
        assert answer.read() == b"ok" and answer.will_close
        time.sleep(0.1)
        assert not closing.reusable()
        closing.close()
    finally:
        hostile.stop()
    kept = Connection(Target("http", "127.0.0.1", fake.server.server_address[1], "/"), Deadline(5), {},
                      allow_private=True)
    for _ in range(2):
        answer = kept.request("GET", "/3.0/ping", Deadline(5), HEADER_BYTES, {"Authorization": f"Bearer {KEY}"})
        assert answer.status == 200 and b"Chimpy" in answer.read() and not answer.will_close
        assert kept.reusable()
    kept.close()
    assert fake.connections == 1


def test_a_tls_handshake_said_a_byte_at_a_time_ends_by_the_deadline():
    from lacnews.base.network import Connection, Deadline, Target

    # the start of a server's TLS answer, then its 16 KB record a byte every tenth of a second: each read is answered
    # in time, the whole never would be
    hostile = HostileServer(greeting=b"\x16\x03\x03\x40\x00" + b"\x02" * 400, pace=0.1)
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            Connection(Target("https", "127.0.0.1", hostile.port, "/"), Deadline(1), {}, allow_private=True)
        assert time.monotonic() - started < 1.5
    finally:
        hostile.stop()


# One home

# What only a module that opens connections of its own to http(s) servers calls: lacnews.base.network is the one.
CONNECTING = {"getaddrinfo", "create_connection", "HTTPConnection", "HTTPSConnection", "wrap_socket", "urlopen",
              "do_handshake", "recv_into"}


def test_only_network_connects_to_http_servers():
    """Deadline, lookup, connect, proxy, TLS and bounded reading have one home: a second client would be a second
    set of bounds (the Mailchimp client had one, and ignored https_proxy)."""
    found = set()
    for path in sorted((REPO / "lacnews").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
            if name in CONNECTING:
                found.add((str(path.relative_to(REPO)), name))
    assert {where for where, _ in found} == {"lacnews/base/network.py"}, found
