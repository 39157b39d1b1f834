"""Regenerate the IAM catalogue from the AWS Service Authorization Reference.

Usage:
    python scripts/update_iam_catalogue.py [--from DIR] [--checked-on DATE]
                                           [--cross-check]

Without --from, downloads the machine-readable reference
(https://servicereference.us-east-1.amazonaws.com/v1/service-list.json and
one `<prefix>/<prefix>.json` per catalogued service); this needs network.
With --from DIR, reads `DIR/service-list.json` and `DIR/<prefix>.json` in the
same format instead, for a copy fetched earlier or elsewhere.

Writes `knowledge/data/iam/services/<prefix>.json` and
`knowledge/data/iam/service-prefixes.json` in canonical form. The hand-kept
files beside them (global condition keys, the SNS topic-policy actions, the
policy quotas) come from AWS guide pages that have no machine-readable form,
and this script leaves them alone.

--cross-check lists, on stderr, the API operations of each service (from
botocore's models, offline) that no catalogued action is named after: most
are covered by another action (SendMessageBatch by sqs:SendMessage), and the
rest are worth a look.
"""

import argparse
import datetime
import json
import sys
import urllib.request
from pathlib import Path
from typing import Any

from aws_messaging_mcp.knowledge.iam import (
    CATALOGUE_SERVICES,
    IamService,
    ServicePrefixes,
)
from aws_messaging_mcp.knowledge.loader import canonical_json

ROOT = Path(__file__).resolve().parent.parent
IAM_DATA = ROOT / "server/aws_messaging_mcp/knowledge/data/iam"
REFERENCE = "https://servicereference.us-east-1.amazonaws.com/v1"
GUIDE = "https://docs.aws.amazon.com/service-authorization/latest/reference"

# The reference's JSON carries no display name or guide page, so they are kept here.
SERVICE_PAGES = {
    "sqs": ("Amazon SQS", "list_amazonsqs.html"),
    "sns": ("Amazon SNS", "list_amazonsns.html"),
    "events": ("Amazon EventBridge", "list_amazoneventbridge.html"),
    "kms": ("AWS Key Management Service", "list_awskeymanagementservice.html"),
    "sts": ("AWS Security Token Service", "list_awssecuritytokenservice.html"),
    "s3": ("Amazon S3", "list_amazons3.html"),
    "lambda": ("AWS Lambda", "list_awslambda.html"),
    "iam": (
        "AWS Identity and Access Management (IAM)",
        "list_awsidentityandaccessmanagementiam.html",
    ),
}
BOTOCORE_MODELS = {"events": "events", "iam": "iam", "kms": "kms", "lambda": "lambda"}
BOTOCORE_MODELS.update({"s3": "s3", "sns": "sns", "sqs": "sqs", "sts": "sts"})

# The reference flags each action; the first flag that is set names its level.
ACCESS_FLAGS = (
    ("IsPermissionManagement", "Permissions management"),
    ("IsTaggingOnly", "Tagging"),
    ("IsWrite", "Write"),
    ("IsList", "List"),
)


def read_reference(source: str | None, name: str) -> Any:
    """One reference document, from the directory `source` or from AWS."""
    if source is not None:
        return json.loads((Path(source) / name).read_text(encoding="utf-8"))
    url = f"{REFERENCE}/{name}"
    if name != "service-list.json":
        url = f"{REFERENCE}/{name.removesuffix('.json')}/{name}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def access_level(action: dict[str, Any]) -> str:
    properties = action.get("Annotations", {}).get("Properties", {})
    for flag, level in ACCESS_FLAGS:
        if properties.get(flag):
            return level
    return "Read"


def convert_service(
    prefix: str, reference: dict[str, Any], checked_on: str, provenance: str
) -> IamService:
    name, page = SERVICE_PAGES[prefix]
    actions = [
        {
            "name": action["Name"],
            "access_level": access_level(action),
            "resource_types": sorted(r["Name"] for r in action.get("Resources", [])),
            "condition_keys": sorted(action.get("ActionConditionKeys", [])),
        }
        for action in reference["Actions"]
    ]
    keys = [
        {"name": key["Name"], "types": key["Types"]}
        for key in reference.get("ConditionKeys", [])
    ]
    resources = [
        {"name": resource["Name"], "arn_formats": resource.get("ARNFormats", [])}
        for resource in reference.get("Resources", [])
    ]
    return IamService.model_validate(
        {
            "prefix": prefix,
            "name": name,
            "source_url": f"{REFERENCE}/{prefix}/{prefix}.json",
            "reference_url": f"{GUIDE}/{page}",
            "checked_on": checked_on,
            "provenance": provenance,
            "actions": sorted(actions, key=lambda action: action["name"].lower()),
            "condition_keys": sorted(keys, key=lambda key: key["name"].lower()),
            "resource_types": sorted(resources, key=lambda r: r["name"]),
        }
    )


def convert_prefixes(
    listing: list[dict[str, Any]], checked_on: str, provenance: str
) -> ServicePrefixes:
    return ServicePrefixes.model_validate(
        {
            "source": {
                "url": f"{REFERENCE}/service-list.json",
                "checked_on": checked_on,
                "note": provenance,
            },
            "prefixes": sorted({entry["service"].lower() for entry in listing}),
        }
    )


def cross_check(services: dict[str, IamService]) -> None:
    """Print the API operations that no action of the catalogue is named after."""
    import botocore.session

    session = botocore.session.get_session()
    for prefix, model_name in sorted(BOTOCORE_MODELS.items()):
        operations = session.get_service_model(model_name).operation_names
        named = {action.name.lower() for action in services[prefix].actions}
        unnamed = sorted(op for op in operations if op.lower() not in named)
        print(
            f"{prefix}: operations without a same-named action: {unnamed}",
            file=sys.stderr,
        )


def write(relative: str, model: IamService | ServicePrefixes) -> None:
    target = IAM_DATA / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    document = model.model_dump(mode="json")
    target.write_text(canonical_json(document), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", metavar="DIR")
    parser.add_argument("--checked-on", default=datetime.date.today().isoformat())
    parser.add_argument("--provenance", default=None)
    parser.add_argument("--cross-check", action="store_true")
    args = parser.parse_args()
    provenance = args.provenance or (
        f"Read from {args.source}" if args.source else f"Downloaded from {REFERENCE}"
    )

    services = {}
    for prefix in CATALOGUE_SERVICES:
        reference = read_reference(args.source, f"{prefix}.json")
        services[prefix] = convert_service(
            prefix, reference, args.checked_on, provenance
        )
        write(f"services/{prefix}.json", services[prefix])
    listing = read_reference(args.source, "service-list.json")
    write(
        "service-prefixes.json", convert_prefixes(listing, args.checked_on, provenance)
    )

    if args.cross_check:
        cross_check(services)
    print(f"wrote {len(services) + 1} files under {IAM_DATA}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
