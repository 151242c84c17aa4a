"""Which network addresses lacnews fetches from: the public internet's, unless the editor allows more.

An article for `lacnews add` and the links of `check --links` come from strangers. A page that
redirects to 127.0.0.1, to a cloud server's metadata service (169.254.169.254) or to an intranet
server (10.x, 192.168.x) would have lacnews read, and write into an issue, what only this computer
or its network can see. So every address a fetch is about to connect to, after every redirect and
after the name is looked up, must be a public one: not loopback, link-local, private, unique-local,
multicast, reserved or otherwise not globally reachable, nor an IPv6 address that carries such an
IPv4 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4). The fetch connects to the very address that
was judged, never looking the name up again (which DNS rebinding would exploit).

An editor whose articles live on the office network allows it with --allow-private-network (on
`add` and `check`) or LACNEWS_ALLOW_PRIVATE_NETWORK=1 in the environment.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator
from contextlib import contextmanager

ALLOW_VARIABLE = "LACNEWS_ALLOW_PRIVATE_NETWORK"
HOW_TO_ALLOW = f"give --allow-private-network (or set {ALLOW_VARIABLE}=1) if you mean lacnews to reach it"
LOCALHOST_NAMES = ("localhost", "localhost.", "localhost.localdomain")

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_SIIT = ipaddress.ip_network("::ffff:0:0:0/96")


def allowed_by_environment() -> bool:
    """Return whether the environment allows fetching from private addresses (LACNEWS_ALLOW_PRIVATE_NETWORK=1)."""
    return os.environ.get(ALLOW_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def private_allowed(option: bool | None) -> bool:
    """Return whether private addresses may be fetched: the editor's option when given, else the environment."""
    return option if option is not None else allowed_by_environment()


@contextmanager
def allowing(option: bool) -> Iterator[None]:
    """Allow private addresses for the block when ``option`` is set, as the environment variable would."""
    if not option:
        yield
        return
    before = os.environ.get(ALLOW_VARIABLE)
    os.environ[ALLOW_VARIABLE] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ALLOW_VARIABLE, None)
        else:
            os.environ[ALLOW_VARIABLE] = before


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 one stands for, where it carries one."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or address in _SIIT or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def non_public(text: str) -> str | None:
    """Return what kind of address ``text`` is when it is not a public one, in words; None for a public one."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return "not an address lacnews can judge"
    if isinstance(address, ipaddress.IPv6Address):
        carried = _carried_ipv4(address)
        if carried is not None:
            kind = non_public(str(carried))
            return f"{kind}, carried in an IPv6 address ({carried})" if kind else None
    if address.is_loopback:
        return "a loopback address (this computer itself)"
    if address.is_link_local:
        return "a link-local address (the local network's own, where cloud servers answer with their secrets)"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address (this computer itself)"
    if address.is_private:
        return "a private address (a local network's, not the public internet's)"
    if address.is_reserved or getattr(address, "is_site_local", False) or not address.is_global:
        return "an address that is not on the public internet"
    return None


def refusal(host: str, address: str, kind: str) -> str:
    """Return the message refusing to connect to ``address`` (what ``host`` was found at)."""
    found = f"{address} is {kind}" if host.strip("[]") == address else f"{host} is at {address}, {kind}"
    return f"{found}: lacnews fetches only from the public internet; {HOW_TO_ALLOW}"


def named_locally(host: str) -> bool:
    """Return whether ``host`` is a name for this computer itself, whatever a resolver says."""
    host = host.lower()
    return host in LOCALHOST_NAMES or host.endswith((".localhost", ".localhost."))
