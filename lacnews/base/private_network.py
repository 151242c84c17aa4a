"""Which network addresses lacnews fetches from: the public internet's, unless the editor allows more.

An article for `lacnews add` and the links of `check --links` come from strangers. A page that
redirects to 127.0.0.1, to a cloud server's metadata service (169.254.169.254) or to an intranet
server (10.x, 192.168.x) would have lacnews read, and write into an issue, what only this computer
or its network can see. So every address a fetch is about to connect to, after every redirect and
after the name is looked up, must be a public one: not loopback, link-local, private, unique-local,
multicast, reserved or otherwise not globally reachable, nor an IPv6 address that carries such an
IPv4 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4). The fetch connects to the very address that
was judged, never looking the name up again (which DNS rebinding would exploit). lacnews.base.network
judges each connection so, `lacnews push`'s to Mailchimp's host too: an API key is not sent to an
address that is not public (its test server, LACNEWS_MAILCHIMP_URL on 127.0.0.1 or ::1, is the one
exception, checked by the Mailchimp client).

An editor whose articles live on the office network allows it with --allow-private-network (on
`add` and `check`) or LACNEWS_ALLOW_PRIVATE_NETWORK=1 in the environment.
"""

from __future__ import annotations

import ipaddress
import os

ALLOW_VARIABLE = "LACNEWS_ALLOW_PRIVATE_NETWORK"
HOW_TO_ALLOW = f"give --allow-private-network (or set {ALLOW_VARIABLE}=1) if you mean lacnews to reach it"
LOCALHOST_NAMES = ("localhost", "localhost.", "localhost.localdomain")

# IANA's special-purpose blocks that are not globally reachable, whole, in case this Python's ipaddress
# knows fewer (3.11 takes 192.0.0.8 for a global address); a few global services inside them (192.0.0.9,
# 2001:1::1) are refused with them: no article is published there.
_NOT_PUBLIC = [ipaddress.ip_network(block) for block in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
    "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8")]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_SIIT = ipaddress.ip_network("::ffff:0:0:0/96")


def allowed_by_environment() -> bool:
    """Return whether the environment allows fetching from private addresses (LACNEWS_ALLOW_PRIVATE_NETWORK=1)."""
    return os.environ.get(ALLOW_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def private_allowed(option: bool | None) -> bool:
    """Return whether private addresses may be fetched: the editor's option when given, else the environment."""
    return option if option is not None else allowed_by_environment()


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
            return f"{carried} written as IPv6, {kind}" if kind else None
    if address.is_loopback:
        return "a loopback address (this computer itself)"
    if address.is_link_local:
        return "a link-local address (the local network's own, such as a cloud server's metadata service)"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address (this computer itself)"
    if address.is_reserved or getattr(address, "is_site_local", False):
        return "an address that is not on the public internet"
    if address.is_private:
        return "a private address (a local network's, not the public internet's)"
    if not address.is_global or any(address in block for block in _NOT_PUBLIC if block.version == address.version):
        return "an address that is not on the public internet"
    return None


def refusal(host: str, address: str, kind: str) -> str:
    """Return the message refusing to connect to ``address`` (what ``host`` was found at)."""
    found = f"{host} is {kind}" if _same_address(host, address) else f"{host} is at {address}, {kind}"
    return f"{found}: lacnews fetches only from the public internet; {HOW_TO_ALLOW}"


def first_refusal(host: str, addresses: list[str]) -> str | None:
    """Return the message refusing ``host`` if any address it was found at is not a public one, else None."""
    for address in addresses:
        kind = non_public(address)
        if kind:
            return refusal(host, address, kind)
    return None


def written_kind(host: str) -> str | None:
    """Return what ``host`` is when its very writing shows it is not public (an IP address that is not a public
    one, or a name for this computer); None for a name that only a lookup could judge, or a public address."""
    bare = host.strip("[]")
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        return "this computer itself" if named_locally(bare) else None
    return non_public(bare)


def _same_address(host: str, address: str) -> bool:
    """Return whether ``host`` is ``address`` itself, however each is written (::ffff:7f00:1, ::ffff:127.0.0.1)."""
    try:
        return ipaddress.ip_address(host.strip("[]")) == ipaddress.ip_address(address)
    except ValueError:
        return host == address


def named_locally(host: str) -> bool:
    """Return whether ``host`` is a name for this computer itself, whatever a resolver says."""
    host = host.lower()
    return host in LOCALHOST_NAMES or host.endswith((".localhost", ".localhost."))
