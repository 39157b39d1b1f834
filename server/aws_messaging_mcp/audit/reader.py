"""Read-only access to AWS for one audit: guarded clients, bounded retries, a log.

Credentials, region and endpoint come from the standard boto3 chain
(environment, shared config and profiles, SSO, instance and container roles;
`AWS_ENDPOINT_URL` is honoured). boto3 is imported here, and this module is
imported only when an audit runs.

How a failed read ends:

    credentials missing or rejected, endpoint unreachable  -> InputError
    throttled                                              -> retried with
        jittered exponential backoff, at most `RetryPolicy.max_attempts` sends
    access denied, throttled after retries, not found, other errors:
        a required read (the audited resource itself)      -> InputError
        any other read                                     -> skipped: recorded,
                                                              the audit goes on
"""

import logging
import random
import re
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import boto3.session
import botocore.exceptions
import botocore.session
from botocore import xform_name
from botocore.config import Config

from aws_messaging_mcp.audit.allowlist import ALLOWED_OPERATIONS, refuse_unlisted
from aws_messaging_mcp.audit.locate import reconcile_region
from aws_messaging_mcp.audit.models import (
    ApiCall,
    CallOutcome,
    ReadFailure,
    SkippedRead,
    SkipReason,
)
from aws_messaging_mcp.errors import InputError

logger = logging.getLogger(__name__)

# Codes AWS services use for throttling; some answer HTTP 429 with others.
THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "SlowDown",
    }
)
NOT_FOUND_CODES = frozenset(
    {
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
        "NotFound",
        "NotFoundException",
        "ResourceNotFoundException",
    }
)
# A 403 with one of these codes means the credentials themselves were refused.
CREDENTIAL_CODES = frozenset(
    {
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "InvalidSignatureException",
        "ExpiredToken",
        "ExpiredTokenException",
        "RequestExpired",
        "InvalidAccessKeyId",
        "MissingAuthenticationToken",
    }
)
ACCESS_DENIED_CODES = frozenset(
    {"AccessDenied", "AccessDeniedException", "AuthorizationError"}
)
XML_ERROR_CODE = re.compile(r"<Code>([^<]+)</Code>")
XML_ERROR_MESSAGE = re.compile(r"<Message>([^<]*)</Message>")
CREDENTIAL_ERRORS = (
    botocore.exceptions.NoCredentialsError,
    botocore.exceptions.PartialCredentialsError,
    botocore.exceptions.CredentialRetrievalError,
    botocore.exceptions.SSOError,
    botocore.exceptions.TokenRetrievalError,
)
TRANSPORT_ERRORS = (
    botocore.exceptions.ConnectionError,
    botocore.exceptions.HTTPClientError,
)
CREDENTIALS_HELP = (
    "set AWS_PROFILE or pass profile, export AWS_ACCESS_KEY_ID and "
    "AWS_SECRET_ACCESS_KEY, or run 'aws sso login' for an SSO profile"
)


@dataclass(frozen=True)
class RetryPolicy:
    """How long to keep at a throttled read: full-jitter exponential backoff."""

    max_attempts: int = 4
    base_delay_seconds: float = 0.2
    max_delay_seconds: float = 2.0

    def delay(self, attempt: int) -> float:
        ceiling = min(self.max_delay_seconds, self.base_delay_seconds * 2**attempt)
        return random.uniform(0, ceiling)


class ReadFailed(Exception):
    """A read that did not succeed, classified; `read` turns it into a skip."""

    def __init__(self, reason: ReadFailure, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass
class ReadOnlyAws:
    """The AWS side of one audit: a session, its guarded clients, and a log."""

    region: str
    session: Any = field(repr=False)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    calls: list[ApiCall] = field(default_factory=list)
    skipped: list[SkippedRead] = field(default_factory=list)
    _clients: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def connect(
        cls,
        located_region: str | None,
        region: str | None,
        profile: str | None,
        what: str,
        retry: RetryPolicy | None = None,
    ) -> "ReadOnlyAws":
        """A session for `profile`, in the resource's own region, else
        `region`, else the chain's default (AWS_REGION, the profile's)."""
        session = open_session(profile)
        chosen = reconcile_region(located_region, region, what) or session.region_name
        if not chosen:
            raise InputError(
                f"cannot tell which region the {what} is in; pass region (e.g. "
                "us-east-1) or set AWS_REGION"
            )
        return cls(region=str(chosen), session=session, retry=retry or RetryPolicy())

    def read_required(
        self, operation: str, params: dict[str, Any], *, missing: str
    ) -> dict[str, Any]:
        """The response; an InputError that says what to do when there is none.

        `missing` is the message for a resource that does not exist.
        """
        try:
            return self._send(operation, params)
        except ReadFailed as failure:
            if failure.reason == "not-found":
                raise InputError(missing) from None
            raise InputError(_required_read_message(operation, failure)) from None

    def read(
        self,
        operation: str,
        params: dict[str, Any],
        *,
        consequence: str,
        missing_fix: str | None = None,
    ) -> dict[str, Any] | None:
        """The response, or None after recording what was skipped and why."""
        try:
            return self._send(operation, params)
        except ReadFailed as failure:
            self.skip(operation, failure.reason, consequence, missing_fix)
            return None

    def skip(
        self,
        operation: str,
        reason: SkipReason,
        consequence: str,
        fix: str | None = None,
    ) -> None:
        logger.info("audit skipped %s: %s", operation, reason)
        self.skipped.append(
            SkippedRead(
                operation=operation,
                reason=reason,
                consequence=consequence,
                fix=fix or _skip_fix(operation, reason, self.retry.max_attempts),
            )
        )

    def _send(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        service, name = operation.split(":")
        method = getattr(self._client(service), xform_name(name))
        for attempt in range(1, self.retry.max_attempts + 1):
            try:
                response: dict[str, Any] = method(**params)
            except botocore.exceptions.ClientError as error:
                outcome = self._outcome(operation, attempt, error)
                if outcome == "throttled" and attempt < self.retry.max_attempts:
                    time.sleep(self.retry.delay(attempt))
                    continue
                self._log(operation, attempt, outcome)
                raise ReadFailed(outcome, _error_text(error)) from None
            except botocore.exceptions.BotoCoreError as error:
                self._log(operation, attempt, "failed")
                raise _input_error(error, operation, self.region) from None
            self._log(operation, attempt, "ok")
            return response
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _outcome(
        self, operation: str, attempt: int, error: botocore.exceptions.ClientError
    ) -> ReadFailure:
        """What the error means; refused credentials end the audit here."""
        if _credentials_refused(error):
            self._log(operation, attempt, "failed")
            raise InputError(
                f"AWS rejected the credentials ({_error_text(error)}); "
                f"{CREDENTIALS_HELP}"
            )
        return _outcome(error)

    def _log(self, operation: str, attempts: int, outcome: CallOutcome) -> None:
        self.calls.append(
            ApiCall(operation=operation, attempts=attempts, outcome=outcome)
        )

    def _client(self, service: str) -> Any:
        if service not in ALLOWED_OPERATIONS:
            raise ValueError(f"the audit has no business with {service}")
        if service not in self._clients:
            self._clients[service] = self._new_client(service)
        return self._clients[service]

    def _new_client(self, service: str) -> Any:
        # botocore's own retries are off: throttling is retried in `_send`,
        # where the attempts are bounded and counted.
        config = Config(
            retries={"total_max_attempts": 1, "mode": "standard"},
            connect_timeout=5,
            read_timeout=15,
            user_agent_extra="aws-messaging-mcp-audit",
        )
        try:
            client = self.session.client(
                service, region_name=self.region, config=config
            )
        except botocore.exceptions.BotoCoreError as error:
            raise _input_error(error, f"{service} client", self.region) from None
        client.meta.events.register("before-call", refuse_unlisted)
        return client


def open_session(profile: str | None) -> Any:
    """A boto3 session on the standard chain; InputError for an unknown profile."""
    core = botocore.session.Session()

    # Service models are read-only data: one loader for the process spares
    # every audit from parsing them again (about 0.2 s for three clients).
    core.register_component("data_loader", _shared_loader())
    try:
        session = boto3.session.Session(botocore_session=core, profile_name=profile)
        core.get_scoped_config()  # an unknown profile fails here, not later
    except botocore.exceptions.ProfileNotFound:
        raise _unknown_profile(profile) from None
    return session


@cache
def _shared_loader() -> Any:
    return botocore.session.Session().get_component("data_loader")


def _unknown_profile(profile: str | None) -> InputError:
    known = botocore.session.Session().available_profiles
    return InputError(
        f"AWS profile {profile!r} is not configured; use one of: "
        f"{', '.join(sorted(known)) or '(none configured)'}, or omit profile"
    )


def _codes(error: botocore.exceptions.ClientError) -> set[str]:
    details = error.response.get("Error", {})
    codes = {details.get("Code", ""), details.get("QueryErrorCode", "")}

    # Some local endpoints (moto among them) answer JSON-protocol requests
    # with an XML error body, which botocore reports under the HTTP status as
    # code: read the real code out of the XML so they classify like AWS.
    embedded = XML_ERROR_CODE.search(details.get("Message", ""))
    return codes | {embedded.group(1)} if embedded else codes


def _credentials_refused(error: botocore.exceptions.ClientError) -> bool:
    return bool(_codes(error) & CREDENTIAL_CODES)


def _outcome(error: botocore.exceptions.ClientError) -> ReadFailure:
    codes = _codes(error)
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if codes & THROTTLING_CODES or status == 429:
        return "throttled"
    if codes & NOT_FOUND_CODES:
        return "not-found"
    if codes & ACCESS_DENIED_CODES or status == 403:
        return "access-denied"
    return "failed"


def _error_text(error: botocore.exceptions.ClientError) -> str:
    details = error.response.get("Error", {})
    code, message = details.get("Code", "error"), details.get("Message", "")
    embedded_code = XML_ERROR_CODE.search(message)
    embedded_message = XML_ERROR_MESSAGE.search(message)
    if embedded_code and embedded_message:
        code, message = embedded_code.group(1), embedded_message.group(1)
    return f"{code}: {message}".strip()


def _input_error(
    error: botocore.exceptions.BotoCoreError, what: str, region: str
) -> InputError:
    if isinstance(error, botocore.exceptions.ProfileNotFound):
        return _unknown_profile(error.kwargs.get("profile"))
    if isinstance(error, CREDENTIAL_ERRORS):
        return InputError(
            f"no usable AWS credentials for the audit ({error}); {CREDENTIALS_HELP}"
        )
    if isinstance(error, TRANSPORT_ERRORS):
        return InputError(
            f"could not reach AWS for {what} in {region} ({error}); check the "
            "network, the region, and AWS_ENDPOINT_URL if you set one"
        )
    return InputError(f"{what} failed: {error}")


def _required_read_message(operation: str, failure: ReadFailed) -> str:
    if failure.reason == "access-denied":
        return (
            f"access denied to {operation}, which the audit cannot do without; "
            f"allow it for the identity in use ({failure.detail})"
        )
    if failure.reason == "throttled":
        return f"AWS kept throttling {operation}; run the audit again later"
    return f"{operation} failed ({failure.detail})"


def _skip_fix(operation: str, reason: SkipReason, attempts: int) -> str:
    if reason == "access-denied":
        return f"allow {operation} for the identity that runs the audit"
    if reason == "throttled":
        return f"still throttled after {attempts} attempts; run the audit later"
    if reason == "not-found":
        return "the resource it names no longer exists; correct the reference"
    return "run the audit again with -vv to see the AWS error"
