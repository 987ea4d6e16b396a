"""The address a request came from, for limits kept per client (logins, page passwords)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind a trusted proxy (TRUSTED_PROXY_IPS) the address the proxy was sent from.

    Each proxy appends the address it received the request from to X-Forwarded-For, so reading
    from the right the first address that is not one of our proxies is the client's; anything
    further left was written by the client and proves nothing. A request that does not come
    from a trusted proxy keeps its own address, whatever headers it sends.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_IPS
    if remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for address in reversed([item.strip() for item in forwarded if item.strip()]):
        if address in trusted:
            continue
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            break  # not an address a proxy would write: trust nothing from here on
    return remote
