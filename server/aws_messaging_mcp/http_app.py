"""Streamable HTTP: stateless, JSON responses, loopback and Host/Origin checks.

Stateless means any replica can answer any request, so the server can run
behind a load balancer without sticky sessions.
"""

import logging
from dataclasses import dataclass, field

from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HttpOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_hosts: tuple[str, ...] = field(default_factory=tuple)
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)


def _host_patterns(host: str) -> list[str]:
    """Host headers that name the bind address itself, on any port."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return ["127.0.0.1:*", "localhost:*", "[::1]:*"]
    return [f"[{host}]:*" if ":" in host else f"{host}:*"]


def transport_security(options: HttpOptions) -> TransportSecuritySettings:
    """DNS-rebinding protection: accept only the bind address and named hosts."""
    hosts = _host_patterns(options.host) + list(options.allowed_hosts)
    origins = [f"http://{pattern}" for pattern in _host_patterns(options.host)] + list(
        options.allowed_origins
    )
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=hosts,
        allowed_origins=origins,
    )


def serve_http(server: MCPServer, options: HttpOptions) -> None:
    logger.info("serving streamable HTTP on %s:%d/mcp", options.host, options.port)
    server.run(
        "streamable-http",
        host=options.host,
        port=options.port,
        stateless_http=True,
        json_response=True,
        transport_security=transport_security(options),
    )
