"""Fetching for `add` and `check --links` reaches only the public internet unless the editor allows more.

No test here connects to any address but 127.0.0.1 (or ::1): a public name that resolves to 10.x,
169.254.169.254 or 192.168.x is a resolver stub (``resolving``), and every connection is recorded
(``connections``), a connection to anything but loopback failing before it is made. So a refusal is
seen to happen before any connection is attempted. Where a redirect from a public server is needed,
the local server plays the public one (``loopback_plays_public``) while every other address is judged
as it is. The suite allows private addresses for its own servers (tests/conftest.py); each test here
takes that away first.
"""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading

import pytest
from conftest import ALLOW_PRIVATE
from hostile_servers import HostileServer
from hypothesis import given, settings
from hypothesis import strategies as st

from lacnews.base import private_network
from lacnews.base.errors import LacnewsError
from lacnews.base.fetch import FetchError, fetch_page
from lacnews.base.private_network import non_public
from lacnews.base.project import Project
from lacnews.checks import links as linkcheck
from lacnews.compose.issues import check_issue
from lacnews.imports.article import read_article

LOOPBACK = ("127.0.0.1", "::1")
NO_PROXY: dict[str, str] = {}
HOW = "give --allow-private-network (or set LACNEWS_ALLOW_PRIVATE_NETWORK=1) if you mean lacnews to reach it"
PUBLIC = "93.184.216.34"  # example.com's: judged, recorded, never connected to


@pytest.fixture(autouse=True)
def private_not_allowed(monkeypatch):
    monkeypatch.delenv(ALLOW_PRIVATE, raising=False)


@pytest.fixture
def connections(monkeypatch) -> list[tuple]:
    """Every address a socket is asked to connect to; anything but loopback fails before it is made."""
    attempts: list[tuple] = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        attempts.append(address)
        if address[0] not in LOOPBACK:
            raise ConnectionRefusedError(111, "the test lets nothing leave this computer")
        return real_connect(sock, address)

    def create_connection(address, *args, **kwargs):
        attempts.append(address)
        raise ConnectionRefusedError(111, "the test lets nothing leave this computer")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempts


@pytest.fixture
def resolving(monkeypatch):
    """Return a function that makes names resolve to the given addresses; any other name is not found, so
    nothing is looked up for real. The names looked up are in its ``lookups``."""
    names: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        host = host.decode() if isinstance(host, bytes) else host
        resolve.lookups.append(host)
        try:
            ipaddress.ip_address(host.split("%")[0])
            return real(host, port, *args, **kwargs)  # an address needs no lookup
        except ValueError:
            pass
        try:
            socket.inet_aton(host)  # an address written the old ways (0x7f000001, 127.1): still no lookup
            return real(host, port, *args, **kwargs)
        except OSError:
            pass
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        found = names[host]
        addresses = found.pop(0) if isinstance(found[0], list) else found  # a list of lists: an answer per lookup
        return [(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (address, port, 0, 0) if ":" in address else (address, port)) for address in addresses]

    def resolve(host: str, *addresses) -> None:
        names[host] = list(addresses)

    resolve.lookups = []
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return resolve


@pytest.fixture
def loopback_plays_public(monkeypatch):
    """127.0.0.1 stands in for a public server; every other address is judged as it is."""
    monkeypatch.setattr(private_network, "non_public",
                        lambda address: None if address == "127.0.0.1" else non_public(address))


@pytest.fixture(scope="module")
def hostile():
    server = HostileServer()
    yield server
    server.stop()


# Which addresses are public

REFUSED = {
    "127.0.0.1": "a loopback address", "127.8.9.10": "a loopback address", "::1": "a loopback address",
    "169.254.169.254": "a link-local address", "fe80::1": "a link-local address", "fe80::1%1": "a link-local address",
    "10.0.0.5": "a private address", "172.16.0.1": "a private address", "192.168.1.10": "a private address",
    "fd12:3456::1": "a private address", "fc00::1": "a private address",
    "0.0.0.0": "an unspecified address", "::": "an unspecified address",
    "224.0.0.251": "a multicast address", "239.255.255.250": "a multicast address", "ff02::1": "a multicast address",
    "ff0e::1": "a multicast address", "240.0.0.1": "not on the public internet", "255.255.255.255": "not on",
    "100.64.0.1": "not on the public internet", "192.0.2.1": "a private address", "198.18.0.1": "a private address",
    "fec0::1": "not on the public internet", "2001:db8::1": "a private address", "64:ff9b:1::1": "not on the public",
    "::ffff:127.0.0.1": "127.0.0.1 written as IPv6, a loopback address",
    "::ffff:169.254.169.254": "169.254.169.254 written as IPv6, a link-local address",
    "::ffff:10.0.0.1": "10.0.0.1 written as IPv6, a private address",
    "::ffff:0:a00:1": "10.0.0.1 written as IPv6, a private address",
    "64:ff9b::a9fe:a9fe": "169.254.169.254 written as IPv6, a link-local address",
    "2002:a00:1::1": "10.0.0.1 written as IPv6, a private address",
    "::7f00:1": "127.0.0.1 written as IPv6, a loopback address", "2001::1": "a private address",
}
PUBLIC_ADDRESSES = ["8.8.8.8", "1.1.1.1", PUBLIC, "2606:4700::1111", "2a00:1450:4009::200e", "::ffff:8.8.8.8",
                    "64:ff9b::808:808", "2002:808:808::1"]


@pytest.mark.parametrize("address", list(REFUSED))
def test_addresses_that_are_not_public_are_named_for_what_they_are(address):
    assert REFUSED[address] in (non_public(address) or "public")


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_addresses_are_public_however_they_are_written(address):
    assert non_public(address) is None


NOT_PUBLIC_V4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
                 "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4"]


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(NOT_PUBLIC_V4), st.integers(min_value=0, max_value=2 ** 32 - 1))
def test_every_address_of_a_range_that_is_not_public_is_refused_in_every_ipv6_form(network, offset):
    network = ipaddress.ip_network(network)
    address = network[offset % network.num_addresses]
    carried = int(address)
    for form in (address, ipaddress.IPv6Address(0xFFFF00000000 | carried),  # IPv4-mapped
                 ipaddress.IPv6Address((0x64FF9B << 96) | carried),  # NAT64
                 ipaddress.IPv6Address((0x2002 << 112) | (carried << 80))):  # 6to4
        assert non_public(str(form)), form


# Refused before any connection: names a resolver stub puts on private networks

@pytest.mark.parametrize("address", ["10.1.2.3", "169.254.169.254", "192.168.1.10", "fd12::1", "::ffff:10.0.0.1",
                                     "127.0.0.1"])
def test_a_public_name_on_a_private_address_is_refused_before_connecting(resolving, connections, address):
    resolving("news.example.org", address)
    with pytest.raises(FetchError) as refused:
        fetch_page("http://news.example.org/article", timeout=5, proxies=NO_PROXY)
    message = refused.value.format_message()
    assert message.startswith(f"http://news.example.org/article: news.example.org is at {address}, ")
    assert message.endswith(f": lacnews fetches only from the public internet; {HOW}")
    assert connections == [] and resolving.lookups == ["news.example.org"]

    result = linkcheck.fetch("http://news.example.org/article", 5, NO_PROXY)
    assert result.status is None and result.refused
    assert result.error.startswith(f"news.example.org is at {address}, ") and HOW in result.error
    assert connections == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(resolving, connections):
    resolving("mixed.example.org", PUBLIC, "10.0.0.7")
    with pytest.raises(FetchError, match="mixed.example.org is at 10.0.0.7, a private address"):
        fetch_page("https://mixed.example.org/", timeout=5, proxies=NO_PROXY)
    assert connections == []


def test_the_address_judged_is_the_address_connected_to_never_a_second_lookup(resolving, connections):
    """DNS rebinding: a name that is public when judged and loopback when looked up again."""
    resolving("rebind.example.org", [PUBLIC], ["127.0.0.1"], ["127.0.0.1"])
    with pytest.raises(FetchError, match="cannot connect"):
        fetch_page("http://rebind.example.org/", timeout=5, proxies=NO_PROXY)
    assert resolving.lookups == ["rebind.example.org"]
    assert connections == [(PUBLIC, 80)]  # recorded and refused by the test: nothing left this computer


def test_addresses_written_in_the_link_are_judged_without_a_lookup(resolving, connections):
    for url, shown in (("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
                       ("http://[::1]:8080/", "::1 is a loopback address"),
                       ("http://[::ffff:7f00:1]/", "::ffff:7f00:1 is 127.0.0.1 written as IPv6, a loopback address"),
                       ("http://0x7f000001/", "0x7f000001 is at 127.0.0.1, a loopback address")):
        result = linkcheck.fetch(url, 5, NO_PROXY)
        assert result.error.startswith(shown), result.error
    assert connections == []


def test_allowed_a_private_name_is_fetched(resolving, connections, hostile):
    resolving("intranet.test", "127.0.0.1")
    url = f"http://intranet.test:{hostile.port}/article"
    with pytest.raises(FetchError, match="intranet.test is at 127.0.0.1, a loopback address"):
        fetch_page(url, timeout=5, proxies=NO_PROXY)
    assert connections == []
    page = fetch_page(url, timeout=5, proxies=NO_PROXY, allow_private=True)
    assert b"What the intranet says" in page.body and connections == [("127.0.0.1", hostile.port)]


# After every redirect

@pytest.mark.parametrize("path, shown", [
    ("/to-metadata", "redirects to http://169.254.169.254/latest/meta-data/iam/security-credentials/, and "
                     "169.254.169.254 is a link-local address"),
    ("/to-ipv6-loopback", "redirects to http://[::1]:{port}/article, and ::1 is a loopback address"),
    ("/to-intranet", "redirects to http://intranet.test/payroll, and intranet.test is at 192.168.1.10, a private "
                     "address"),
])
def test_a_public_page_that_redirects_to_a_private_address_is_refused_before_connecting_there(
        resolving, connections, loopback_plays_public, hostile, path, shown):
    resolving("intranet.test", "192.168.1.10")
    shown = shown.format(port=hostile.port)
    with pytest.raises(FetchError) as refused:
        fetch_page(hostile.url(path), timeout=5, proxies=NO_PROXY)
    assert refused.value.format_message().startswith(f"{hostile.url(path)}: {shown}")
    assert HOW in refused.value.format_message()
    result = linkcheck.fetch(hostile.url(path), 5, NO_PROXY)
    assert result.error.startswith(shown) and result.refused
    assert {address[0] for address in connections} == {"127.0.0.1"}  # only the first hop, never the second


def test_an_intranet_page_never_reaches_the_issue(lac, hostile):
    before, accepted = (lac.root / "issues" / "may-2020.yaml").read_bytes(), len(hostile.connections)
    result = lac.run("add", "may-2020", hostile.url("/to-loopback"))
    assert result.code == 1 and "Traceback" not in result.output
    assert (f"{hostile.url('/to-loopback')}: 127.0.0.1 is a loopback address (this computer itself): lacnews "
            f"fetches only from the public internet; {HOW}") in result.err
    assert (lac.root / "issues" / "may-2020.yaml").read_bytes() == before
    assert len(hostile.connections) == accepted  # not even the first hop: refused before connecting


def test_allowed_the_redirect_to_another_loopback_address_is_followed(lac, hostile):
    hostile.requests.clear()
    result = lac.run("add", "may-2020", hostile.url("/to-loopback"), "--allow-private-network")
    assert result.code == 0, result.output
    assert "added 'What the intranet says'" in result.out
    assert [target for _, target in hostile.requests] == ["/to-loopback", "/article"]
    assert "db_password=hunter2" in (lac.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")


# Pictures and links an article names

class Article(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        pictures = {"/metadata-picture": ['og:image" content="http://169.254.169.254/latest/user-data',
                                          'twitter:image" content="https://images.example.org/cups.jpg'],
                    "/localhost-picture": ['og:image" content="http://localhost:8080/admin.png']}[self.path]
        body = ('<html><head><meta property="og:title" content="Valuable not vulnerable">'
                + "".join(f'<meta property="{meta}">' for meta in pictures) + "</head></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def article_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Article)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_picture_on_a_private_address_is_left_out_and_the_next_one_taken(article_site, loopback_plays_public,
                                                                         connections):
    section = read_article(f"{article_site}/metadata-picture", timeout=5, proxies=NO_PROXY)
    assert section.items[0].image.src == "https://images.example.org/cups.jpg"
    assert any(note.startswith("the page's picture http://169.254.169.254/latest/user-data is on 169.254.169.254, "
                               "a link-local address") and note.endswith(f"left out ({HOW})") for note in section.notes)
    section = read_article(f"{article_site}/localhost-picture", timeout=5, proxies=NO_PROXY)
    assert section.items[0].image is None
    assert any("is on this computer itself: left out" in note for note in section.notes)
    allowed = read_article(f"{article_site}/metadata-picture", timeout=5, proxies=NO_PROXY, allow_private=True)
    assert allowed.items[0].image.src == "http://169.254.169.254/latest/user-data"
    assert {address[0] for address in connections} == {"127.0.0.1"}


def test_check_links_does_not_fetch_a_picture_on_a_private_address(project, connections):
    project.issue("march-2021", """\
        date: 2021-03
        subject: S
        sections:
          - title: T
            body: "[the intranet](http://10.0.0.8/intranet)"
            items:
              - title: A picture an article named
                image: {src: "http://169.254.169.254/latest/meta-data/", alt: What the page showed}
    """)
    _, findings = check_issue(Project(project.root), "march-2021", links=True, timeout=5)
    broken = {finding.message.split(":")[0] + ":" + finding.message.split(":")[1]: finding for finding in findings
              if finding.rule == "link-broken"}
    assert broken.keys() == {"http://10.0.0.8/intranet", "http://169.254.169.254/latest/meta-data/"}
    assert "10.0.0.8 is a private address" in broken["http://10.0.0.8/intranet"].message
    assert "169.254.169.254 is a link-local address" in broken["http://169.254.169.254/latest/meta-data/"].message
    assert connections == []


def test_a_refused_link_is_not_kept_so_allowing_it_takes_effect_at_once(project, hostile):
    project.issue("march-2021", f"date: 2021-03\nsubject: S\nsections:\n  - title: T\n"
                                f"    body: \"[the intranet]({hostile.url('/ok')})\"\n")
    hostile.requests.clear()
    accepted = len(hostile.connections)
    refused = project.run("check", "march-2021", "--links", "--timeout", "2")
    assert refused.code == 1
    assert f"error link-broken: {hostile.url('/ok')}: 127.0.0.1 is a loopback address" in refused.out
    assert HOW in refused.out and len(hostile.connections) == accepted
    allowed = project.run("check", "march-2021", "--links", "--timeout", "2", "--allow-private-network")
    assert allowed.code == 0, allowed.output
    assert ("HEAD", "/ok") in hostile.requests


# Through a proxy, which looks names up itself

def test_through_the_editor_s_proxy_what_the_address_shows_is_judged(hostile, connections):
    proxy = {"http": f"http://127.0.0.1:{hostile.port}", "https": f"http://127.0.0.1:{hostile.port}"}
    hostile.requests.clear()
    result = linkcheck.fetch("http://lacnews-proxy-test.invalid/page", 5, proxy)
    assert result.status == 200 and ("HEAD", "http://lacnews-proxy-test.invalid/page") in hostile.requests
    before = len(connections)
    for url, shown in (("http://169.254.169.254/latest/", "169.254.169.254 is a link-local address"),
                       ("http://localhost/admin", "localhost is this computer itself"),
                       ("https://[fd00::1]/", "fd00::1 is a private address")):
        result = linkcheck.fetch(url, 5, proxy)
        assert result.error.startswith(shown), result.error
    assert len(connections) == before  # not even to the proxy


def test_the_environment_allows_it_as_the_option_does(monkeypatch, resolving, connections, hostile):
    monkeypatch.setenv(ALLOW_PRIVATE, "1")
    resolving("intranet.test", "127.0.0.1")
    assert linkcheck.fetch(f"http://intranet.test:{hostile.port}/ok", 5, NO_PROXY).status == 200
    monkeypatch.setenv(ALLOW_PRIVATE, "0")
    assert linkcheck.fetch(f"http://intranet.test:{hostile.port}/ok", 5, NO_PROXY).refused


def test_read_article_refuses_as_add_does(resolving, connections):
    resolving("blog.example.org", "10.20.30.40")
    with pytest.raises(LacnewsError, match="blog.example.org is at 10.20.30.40, a private address"):
        read_article("https://blog.example.org/post", timeout=5, proxies=NO_PROXY)
    assert connections == []

