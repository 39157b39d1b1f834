"""Streamable HTTP for teams: stateless, JSON responses, and a guarded front door.

Stateless means any replica can answer any request, so the server can run
behind a load balancer without sticky sessions. A request passes, outermost
first:

    ErrorShield    anything unhandled -> 500 with a plain JSON-RPC error body;
                   the traceback goes to the log (stderr), never to the client
    RequestGate    Host and Origin against the allowlists (DNS rebinding),
                   the bearer token, Content-Type, the body size limit, no
                   GET stream, a well-formed request id; each refusal is a
                   JSON-RPC error with a fitting HTTP status
    /healthz       200 {"status": "ok"}; skips the gate, for load balancers
    /mcp           the SDK's streamable HTTP app (stateless, JSON responses)

The gate does the SDK's DNS-rebinding check itself, so that refusals carry
JSON-RPC bodies and a bare host name (as sent by a load balancer on port 443)
can be allowed; the SDK's own check is switched off to keep one source of
truth.
"""

import hmac
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus

from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

MCP_PATH = "/mcp"
HEALTH_PATH = "/healthz"
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024
REALM = "aws-messaging-mcp"

# JSON-RPC 2.0 error codes (https://www.jsonrpc.org/specification#error_object).
INVALID_REQUEST = -32600
INTERNAL_ERROR = -32603

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
LOOPBACK_BINDS = ("127.0.0.1", "localhost", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class HttpOptions:
    """How the HTTP server binds and what it lets in.

    `allowed_hosts` entries are `name` (any port, or none), `name:port`, or
    `*` (any Host: only when a proxy in front already checks it).
    `allowed_origins` entries are `scheme://host[:port]`, or with `:*` for any
    port. Loopback names and origins are always allowed.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    auth_token: str | None = field(default=None, repr=False)


def rpc_error(
    status: int,
    message: str,
    code: int = INVALID_REQUEST,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A JSON-RPC error with no request id: the request was refused unread."""
    body = {"jsonrpc": "2.0", "id": None, "error": {"code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def _split_authority(value: str) -> tuple[str, str | None]:
    """`name:port` -> (name, port); IPv6 literals keep their brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        return name + "]", rest[1:] if rest.startswith(":") else None
    name, colon, port = value.partition(":")
    return name, port if colon else None


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


@dataclass(frozen=True)
class HostAllowlist:
    """Host header values to accept: names on any port, or exact name:port."""

    any_host: bool
    any_port: frozenset[str]
    exact: frozenset[tuple[str, str]]

    @classmethod
    def build(cls, bind_host: str, extra: tuple[str, ...]) -> "HostAllowlist":
        names = set(LOOPBACK_NAMES)
        if bind_host not in WILDCARD_BINDS:
            names.add(_bracketed(bind_host.lower()))
        exact: set[tuple[str, str]] = set()
        for entry in extra:
            name, port = _split_authority(entry)
            if port is None or port == "*":
                names.add(name)
            else:
                exact.add((name, port))
        return cls("*" in extra, frozenset(names), frozenset(exact))

    def allows(self, host_header: str | None) -> bool:
        if self.any_host:
            return True
        if not host_header:
            return False
        name, port = _split_authority(host_header)
        return name in self.any_port or (name, port or "") in self.exact


@dataclass(frozen=True)
class OriginAllowlist:
    """Origin header values to accept; a request without Origin is not a browser's."""

    exact: frozenset[str]
    any_port: frozenset[str]

    @classmethod
    def build(cls, extra: tuple[str, ...]) -> "OriginAllowlist":
        entries = [f"http://{name}:*" for name in LOOPBACK_NAMES]
        entries += [f"http://{name}" for name in LOOPBACK_NAMES]
        entries += [entry.strip().lower().rstrip("/") for entry in extra]
        wildcard = {entry[:-2] for entry in entries if entry.endswith(":*")}
        exact = {entry for entry in entries if not entry.endswith(":*")}
        return cls(frozenset(exact), frozenset(wildcard))

    def allows(self, origin: str | None) -> bool:
        if origin is None:
            return True
        origin = origin.strip().lower()
        if origin in self.exact:
            return True
        base, colon, port = origin.rpartition(":")
        return bool(colon) and port.isdigit() and base in self.any_port


class RequestGate:
    """Refuse what should not reach the MCP app, headers first, body last.

    Order matters: the Host and Origin checks come first (a rebinding page
    learns nothing, not even whether a token is needed), then the token (an
    unauthenticated caller cannot make the server buffer a body), then
    Content-Type and size, and only then is the body read.
    """

    def __init__(self, app: ASGIApp, options: HttpOptions) -> None:
        self.app = app
        self.hosts = HostAllowlist.build(options.host, options.allowed_hosts)
        self.origins = OriginAllowlist.build(options.allowed_origins)
        self.token = options.auth_token.encode() if options.auth_token else None
        self.max_body_bytes = options.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == HEALTH_PATH:
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(Headers(scope=scope), scope["method"], scope["path"])
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.pass_checked_body(scope, receive, send)

    def refusal(self, headers: Headers, method: str, path: str) -> Response | None:
        host, origin = headers.get("host"), headers.get("origin")
        if not self.hosts.allows(host):
            logger.warning("refused Host header %r", host)
            return rpc_error(HTTPStatus.MISDIRECTED_REQUEST, "Host header not allowed")
        if not self.origins.allows(origin):
            logger.warning("refused Origin header %r", origin)
            return rpc_error(HTTPStatus.FORBIDDEN, "Origin header not allowed")
        unauthorized = self.authorization_refusal(headers.get("authorization"))
        if unauthorized is not None:
            return unauthorized
        if method == "GET" and path == MCP_PATH:
            return self.stream_refusal()
        if method == "POST":
            return self.body_refusal(headers)
        return None

    def stream_refusal(self) -> Response:
        """A stateless server has nothing to push, so it opens no GET stream.

        The transport spec allows 405 here; an open stream would only hold a
        connection (https://modelcontextprotocol.io/specification/2025-11-25/
        basic/transports#listening-for-messages-from-the-server).
        """
        return rpc_error(
            HTTPStatus.METHOD_NOT_ALLOWED,
            "Method Not Allowed: this stateless server opens no GET stream; POST",
            headers={"Allow": "POST"},
        )

    def authorization_refusal(self, authorization: str | None) -> Response | None:
        """RFC 6750: 401 with a Bearer challenge; `invalid_token` if one was sent."""
        if self.token is None:
            return None
        scheme, _, presented = (authorization or "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            presented.strip().encode(), self.token
        ):
            return None
        challenge = f'Bearer realm="{REALM}"'
        if authorization:
            challenge += ', error="invalid_token"'
        return rpc_error(
            HTTPStatus.UNAUTHORIZED,
            "Unauthorized: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": challenge},
        )

    def body_refusal(self, headers: Headers) -> Response | None:
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            return rpc_error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json",
            )
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            return self.too_large()
        return None

    def too_large(self) -> Response:
        return rpc_error(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            f"Request body larger than {self.max_body_bytes} bytes",
        )

    async def pass_checked_body(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Read the body up to the limit (chunked bodies declare no length)."""
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before finishing its request
            body += message.get("body", b"")
            if len(body) > self.max_body_bytes:
                await self.too_large()(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        refusal = envelope_refusal(bytes(body))
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, _replay(bytes(body), receive), send)


def envelope_refusal(body: bytes) -> Response | None:
    """Refuse a request whose id is neither a string nor an integer.

    The SDK would take such a message for a notification and answer 202 with
    no body; JSON-RPC calls it an invalid request, and MCP forbids a null id
    (https://modelcontextprotocol.io/specification/2025-11-25/basic#requests).
    Unparseable bodies pass on: the SDK answers them with a parse error.
    """
    try:
        message = json.loads(body)
    except ValueError:
        return None
    if not isinstance(message, dict) or "id" not in message:
        return None
    request_id = message["id"]
    if isinstance(request_id, str) or (
        isinstance(request_id, int) and not isinstance(request_id, bool)
    ):
        return None
    return rpc_error(
        HTTPStatus.BAD_REQUEST, "Invalid Request: id must be a string or an integer"
    )


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive callable that yields the buffered body once, then defers."""
    pending: list[Message] = [{"type": "http.request", "body": body}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


class ErrorShield:
    """The last line: an unhandled error becomes a plain JSON-RPC 500.

    Starlette's own fallback answers with text; this one keeps the body in the
    protocol's shape. Once a response has started nothing more can be sent,
    so the connection is simply left to close.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.error(
                "unhandled error on %s %s",
                scope["method"],
                scope["path"],
                exc_info=True,
            )
            if not started:
                await rpc_error(
                    HTTPStatus.INTERNAL_SERVER_ERROR, "Internal error", INTERNAL_ERROR
                )(scope, receive, send)


async def healthz(request: Request) -> Response:
    """Liveness for load balancers: the process serves HTTP. Needs no token."""
    return JSONResponse({"status": "ok"})


async def http_error(request: Request, error: Exception) -> Response:
    """Unknown paths and methods answer in JSON-RPC shape too."""
    status = error.status_code if isinstance(error, HTTPException) else 500
    return rpc_error(status, f"{HTTPStatus(status).phrase}: {request.url.path}")


def build_app(server: MCPServer, options: HttpOptions) -> Starlette:
    """The ASGI app: the SDK's stateless JSON endpoint inside the gate."""
    sdk_app = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        max_request_body_size=options.max_body_bytes,
        transport_security=TransportSecuritySettings(
            enable_dns_rebinding_protection=False
        ),
        host=options.host,
    )
    return Starlette(
        debug=False,
        routes=[Route(HEALTH_PATH, healthz, methods=["GET"]), *sdk_app.routes],
        middleware=[
            Middleware(ErrorShield),
            Middleware(RequestGate, options=options),
        ],
        exception_handlers={HTTPException: http_error},
        lifespan=sdk_app.router.lifespan_context,
    )


def serve_http(server: MCPServer, options: HttpOptions) -> None:
    """Run under uvicorn until stopped; its logs go through ours, to stderr."""
    import uvicorn

    if options.host in WILDCARD_BINDS and not options.allowed_hosts:
        logger.warning(
            "listening on every interface but only loopback Host headers are "
            "allowed; name the public host with --allowed-host"
        )
    if options.host not in LOOPBACK_BINDS and not options.auth_token:
        logger.warning("listening beyond loopback without --auth-token-env")
    logger.info(
        "serving streamable HTTP on %s:%d%s", options.host, options.port, MCP_PATH
    )
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        # Stateless mode opens and ends a transport per request, and the SDK
        # logs each end at INFO: noise beside the access log, kept for -vv.
        logging.getLogger("mcp.server.streamable_http").setLevel(logging.WARNING)
    config = uvicorn.Config(
        build_app(server, options),
        host=options.host,
        port=options.port,
        log_config=None,
        server_header=False,
        timeout_graceful_shutdown=10,
    )
    uvicorn.Server(config).run()
