"""Calls and time per audit, against a local moto endpoint on 127.0.0.1.

moto runs in its own process (`python -m moto.server`), so the timings are
those of the audit and the local round trips, not of a shared interpreter.
Builds three resources in moto through boto3 (a bare queue, a queue with a
customer managed key, a sending service, a DLQ and a Lambda consumer, and a
topic with three subscriptions), then audits each: the first audit in the
process (boto3 import and service models included) and the median of the
following ones. The quality bar is a handful of calls and well under a
second per queue.

Usage: python bench/audit.py [--runs 10]
"""

import argparse
import functools
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Callable
from typing import Any

REGION = "us-east-1"
ACCOUNT = "123456789012"


def main() -> int:
    parser = argparse.ArgumentParser(description="audit calls and time")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    endpoint, server = _start_moto()
    try:
        _local_aws(endpoint)
        started = time.perf_counter()
        import boto3  # noqa: F401

        print(f"import boto3                 {_ms(started):6.1f} ms")
        audits = _build()
        started = time.perf_counter()
        from aws_messaging_mcp.audit.queue import audit_queue
        from aws_messaging_mcp.audit.topic import audit_topic

        print(f"import the audit modules     {_ms(started):6.1f} ms")
        _round_trip(audits["queue, bare"][1], args.runs)
        runners = {"queue": audit_queue, "topic": audit_topic}
        for name, (kind, target) in audits.items():
            _measure(name, functools.partial(runners[kind], target), args.runs)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


def _start_moto() -> tuple[str, subprocess.Popen[bytes]]:
    """moto in its own process, as AWS would be: the audit's timings are its own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=1):
                return endpoint, server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("moto did not start within 30 s")


def _measure(name: str, audit: Callable[[], Any], runs: int) -> None:
    started = time.perf_counter()
    result = audit()
    first = _ms(started)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        audit()
        samples.append((time.perf_counter() - started) * 1000)
    calls = len(result.calls)
    sent = sum(call.attempts for call in result.calls)
    print(
        f"{name:28} calls {calls:2} (requests {sent:2})  first {first:6.1f} ms  "
        f"median {statistics.median(samples):6.1f} ms  max {max(samples):6.1f} ms  "
        f"findings {result.summary.total}"
    )


def _round_trip(queue_url: str, runs: int) -> None:
    """One plain GetQueueAttributes, for scale: an audit costs about its calls
    times this, plus its checks."""
    import boto3

    sqs = boto3.session.Session().client("sqs")
    sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])
        samples.append((time.perf_counter() - started) * 1000)
    print(f"one round trip to moto       {statistics.median(samples):6.1f} ms median")


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _local_aws(endpoint: str) -> None:
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION=REGION,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE="/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent/aws-credentials",
    )


def _build() -> dict[str, tuple[str, str]]:
    import boto3

    session = boto3.session.Session(region_name=REGION)
    sqs, sns, kms = (session.client(name) for name in ("sqs", "sns", "kms"))
    bare = sqs.create_queue(QueueName="bench-bare")["QueueUrl"]
    dlq = sqs.create_queue(
        QueueName="bench-dlq", Attributes={"MessageRetentionPeriod": "1209600"}
    )["QueueUrl"]
    key = kms.create_key()["KeyMetadata"]["Arn"]
    sender = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": f"arn:aws:sqs:{REGION}:{ACCOUNT}:bench-full",
            }
        ],
    }
    redrive = {
        "deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:bench-dlq",
        "maxReceiveCount": 5,
    }
    full = sqs.create_queue(
        QueueName="bench-full",
        Attributes={
            "KmsMasterKeyId": key,
            "Policy": json.dumps(sender),
            "RedrivePolicy": json.dumps(redrive),
            "VisibilityTimeout": "120",
        },
    )["QueueUrl"]
    _lambda_consumer(session, f"arn:aws:sqs:{REGION}:{ACCOUNT}:bench-full")
    topic = sns.create_topic(Name="bench-topic")["TopicArn"]
    for number in range(3):
        sns.subscribe(
            TopicArn=topic, Protocol="https", Endpoint=f"https://example.com/{number}"
        )
    assert dlq
    return {
        "queue, bare": ("queue", bare),
        "queue, key+DLQ+Lambda": ("queue", full),
        "topic, 3 subscriptions": ("topic", topic),
    }


def _lambda_consumer(session: Any, queue_arn: str) -> None:
    iam, lam = session.client("iam"), session.client("lambda")
    role = iam.create_role(RoleName="bench", AssumeRolePolicyDocument="{}")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("index.py", "def handler(event, context):\n    return 1\n")
    function = lam.create_function(
        FunctionName="bench",
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="index.handler",
        Code={"ZipFile": archive.getvalue()},
        Timeout=30,
    )
    lam.create_event_source_mapping(
        EventSourceArn=queue_arn, FunctionName=function["FunctionArn"]
    )


if __name__ == "__main__":
    sys.exit(main())
