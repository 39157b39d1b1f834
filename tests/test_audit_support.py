"""Shared by the audit tests (no tests here): a local AWS, resources, faults.

One moto server per test session, on 127.0.0.1 and a free port, started on
first use. Resources are created through boto3 with clients that talk to it
directly; the audit itself finds it through AWS_ENDPOINT_URL, as it would
find any endpoint. `FaultyEndpoint` sits in front of moto and answers chosen
operations with AWS-shaped errors (throttling, access denied) before it
forwards the rest, so that error paths are exercised over real HTTP.
"""

import atexit
import http.client
import io
import json
import threading
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import boto3.session
import pytest

from aws_messaging_mcp.audit.allowlist import ALLOWED_OPERATIONS

REGION = "us-east-1"
ACCOUNT = "123456789012"
FAKE_KEY = "testing"


@cache
def moto_endpoint() -> str:
    """The URL of the session's moto server; started once, stopped at exit."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    atexit.register(server.stop)
    host, port = server.get_host_and_port()
    return f"http://{host}:{port}"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def use_local_aws(monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    """Point the standard credential and endpoint chain at `endpoint` only."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_KEY)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@cache
def estate() -> "Estate":
    return Estate(moto_endpoint())


class Estate:
    """Creates queues, topics, keys and functions in moto, as a user would.

    Its clients are made up front, before any test records operations, so
    that what the tests build is never mistaken for what the audit called.
    """

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        session = boto3.session.Session(
            aws_access_key_id=FAKE_KEY,
            aws_secret_access_key=FAKE_KEY,
            region_name=REGION,
        )
        self._clients = {
            service: session.client(service, endpoint_url=endpoint)
            for service in ("sqs", "sns", "kms", "lambda", "iam")
        }

    def client(self, service: str) -> Any:
        return self._clients[service]

    def queue(
        self,
        prefix: str = "q",
        fifo: bool = False,
        tags: dict[str, str] | None = None,
        **attributes: Any,
    ) -> str:
        """A new queue's URL; attributes as SetQueueAttributes takes them."""
        name = unique(prefix) + (".fifo" if fifo else "")
        if fifo:
            attributes["FifoQueue"] = "true"
        values = {key: _attribute(value) for key, value in attributes.items()}
        answer = self.client("sqs").create_queue(
            QueueName=name, Attributes=values, tags=tags or {}
        )
        return str(answer["QueueUrl"])

    def queue_arn(self, url: str) -> str:
        answer = self.client("sqs").get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn"]
        )
        return str(answer["Attributes"]["QueueArn"])

    def key(self, policy: dict[str, Any] | None = None) -> str:
        """A customer managed key's ARN."""
        arguments = {"Policy": json.dumps(policy)} if policy else {}
        return str(self.client("kms").create_key(**arguments)["KeyMetadata"]["Arn"])

    def function(self, timeout: int) -> str:
        """A Lambda function's ARN; created, never invoked, so no Docker."""
        role = self.client("iam").create_role(
            RoleName=unique("role"), AssumeRolePolicyDocument="{}"
        )["Role"]["Arn"]
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as bundle:
            bundle.writestr("index.py", "def handler(event, context):\n    return 1\n")
        answer = self.client("lambda").create_function(
            FunctionName=unique("fn"),
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": archive.getvalue()},
            Timeout=timeout,
        )
        return str(answer["FunctionArn"])

    def consume(self, queue_url: str, function_arn: str) -> None:
        self.client("lambda").create_event_source_mapping(
            EventSourceArn=self.queue_arn(queue_url), FunctionName=function_arn
        )

    def topic(self, prefix: str = "t", fifo: bool = False, **attributes: Any) -> str:
        name = unique(prefix) + (".fifo" if fifo else "")
        if fifo:
            attributes["FifoTopic"] = "true"
        values = {key: _attribute(value) for key, value in attributes.items()}
        answer = self.client("sns").create_topic(Name=name, Attributes=values)
        return str(answer["TopicArn"])

    def subscribe(
        self, topic_arn: str, protocol: str, endpoint: str, **attributes: Any
    ) -> str:
        values = {key: _attribute(value) for key, value in attributes.items()}
        answer = self.client("sns").subscribe(
            TopicArn=topic_arn,
            Protocol=protocol,
            Endpoint=endpoint,
            Attributes=values,
            ReturnSubscriptionArn=True,
        )
        return str(answer["SubscriptionArn"])

    @contextmanager
    def enforcing_iam(self, allowed_actions: list[str]) -> Iterator[dict[str, str]]:
        """Credentials of a user allowed only `allowed_actions`, with moto
        checking every request against IAM while the block runs."""
        iam = self.client("iam")
        user = unique("auditor")
        iam.create_user(UserName=user)
        document = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": allowed_actions, "Resource": "*"}
            ],
        }
        iam.put_user_policy(
            UserName=user, PolicyName="audit", PolicyDocument=json.dumps(document)
        )
        key = iam.create_access_key(UserName=user)["AccessKey"]
        self._set_auth("0")
        try:
            yield {
                "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
                "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
            }
        finally:
            self._set_auth("inf")

    def _set_auth(self, no_auth_requests: str) -> None:
        request = urllib.request.Request(
            f"{self.endpoint}/moto-api/reset-auth",
            data=no_auth_requests.encode(),
            method="POST",
            headers={"Content-Type": "text/plain"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            answer.read()


def _attribute(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


@dataclass
class Fault:
    status: int
    body: dict[str, Any]

    @classmethod
    def throttling(cls) -> "Fault":
        return cls(400, {"__type": "ThrottlingException", "message": "Rate exceeded"})

    @classmethod
    def access_denied(cls) -> "Fault":
        return cls(
            403,
            {"__type": "AccessDeniedException", "message": "not authorized (test)"},
        )


class FaultyEndpoint:
    """An HTTP endpoint in front of moto that fails chosen operations.

    `faults[operation]` is consumed one response per request; `always` faults
    never run out. `seen` counts requests per operation, as the wire saw them.
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = urlparse(upstream)
        self.faults: dict[str, list[Fault]] = {}
        self.always: dict[str, Fault] = {}
        self.seen: dict[str, int] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "FaultyEndpoint":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _fault_for(self, operation: str) -> Fault | None:
        self.seen[operation] = self.seen.get(operation, 0) + 1
        if operation in self.always:
            return self.always[operation]
        queued = self.faults.get(operation)
        return queued.pop(0) if queued else None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self._answer()

            def do_GET(self) -> None:
                self._answer()

            def log_message(self, *_: Any) -> None:
                """Quiet: stdout and stderr stay clean during tests."""

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                fault = endpoint._fault_for(_operation(self.headers, body))
                if fault is None:
                    self._forward(body)
                else:
                    self._reply(fault.status, json.dumps(fault.body).encode())

            def _forward(self, body: bytes) -> None:
                upstream = endpoint.upstream
                connection = http.client.HTTPConnection(
                    upstream.hostname or "127.0.0.1", upstream.port, timeout=10
                )
                connection.request(self.command, self.path, body, dict(self.headers))
                answer = connection.getresponse()
                self._reply(answer.status, answer.read(), answer.getheaders())
                connection.close()

            def _reply(
                self,
                status: int,
                payload: bytes,
                headers: list[tuple[str, str]] | None = None,
            ) -> None:
                self.send_response(status)
                skip = {"content-length", "connection", "transfer-encoding"}
                for name, value in headers or [
                    ("Content-Type", "application/x-amz-json-1.0")
                ]:
                    if name.lower() not in skip:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler


def _operation(headers: Any, body: bytes) -> str:
    """sqs:ListQueueTags from the JSON target header, or a query Action."""
    target = headers.get("X-Amz-Target", "")
    prefixes = {"AmazonSQS": "sqs", "TrentService": "kms"}
    if "." in target:
        prefix, name = target.split(".", 1)
        return f"{prefixes.get(prefix, prefix)}:{name}"
    action = parse_qs(body.decode(errors="replace")).get("Action", ["?"])[0]
    return f"query:{action}"


@dataclass
class OperationLog:
    """Every operation any botocore client sent while a test ran."""

    operations: list[str] = field(default_factory=list)

    def record(self, model: Any, **_: Any) -> None:
        self.operations.append(f"{model.service_model.endpoint_prefix}:{model.name}")

    def outside_allowlist(self) -> list[str]:
        return [
            operation
            for operation in self.operations
            if operation.split(":")[1]
            not in ALLOWED_OPERATIONS.get(operation.split(":")[0], frozenset())
        ]


def record_operations(monkeypatch: pytest.MonkeyPatch) -> OperationLog:
    """Register a `before-call` recorder on every botocore session created from
    now on (sessions copy botocore's built-in handlers when they start)."""
    import botocore.handlers

    log = OperationLog()
    handlers = [*botocore.handlers.BUILTIN_HANDLERS, ("before-call", log.record)]
    monkeypatch.setattr(botocore.handlers, "BUILTIN_HANDLERS", handlers)
    return log
