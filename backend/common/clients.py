"""Who the client is, as far as the network can tell: one answer for every limit that counts clients."""

from django.conf import settings


def client_ip(request) -> str:
    """The address limits count by: the TCP peer, or the one our own proxy reports.

    X-Forwarded-For is only read when ``IKM_TRUST_X_FORWARDED_FOR`` says a proxy sits in
    front (docker-compose sets it: gunicorn is published on 127.0.0.1 only, behind the TLS
    proxy, so every peer would otherwise be the proxy). Its *last* hop is taken, not the
    first: nginx's ``$proxy_add_x_forwarded_for`` appends the peer it saw to whatever the
    client sent, so the hops before it are the client's own words, and trusting them would
    let anyone escape a limit (or pin it on someone else) by varying the header.
    """
    if getattr(settings, "IKM_TRUST_X_FORWARDED_FOR", False):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
