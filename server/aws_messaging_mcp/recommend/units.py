"""Units of the services' typed limits, brought to one base per quantity.

Sizes become bytes, durations seconds, rates either messages per second or
bytes per second. AWS pages mix binary and decimal units; each limit is
converted in the unit its data file states (KiB and MiB as powers of 1,024,
KB and MB as powers of 1,000).
"""

from typing import Literal

Quantity = Literal["bytes", "seconds", "count-rate", "byte-rate", "count"]

_FACTORS: dict[str, tuple[Quantity, float]] = {
    "bytes": ("bytes", 1),
    "KiB": ("bytes", 1024),
    "MiB": ("bytes", 1024**2),
    "GiB": ("bytes", 1024**3),
    "TiB": ("bytes", 1024**4),
    "KB": ("bytes", 1000),
    "MB": ("bytes", 1000**2),
    "GB": ("bytes", 1000**3),
    "TB": ("bytes", 1000**4),
    "milliseconds": ("seconds", 0.001),
    "seconds": ("seconds", 1),
    "minutes": ("seconds", 60),
    "hours": ("seconds", 3600),
    "days": ("seconds", 86400),
    "messages/second": ("count-rate", 1),
    "transactions/second": ("count-rate", 1),
    "requests/second": ("count-rate", 1),
    "records/second": ("count-rate", 1),
    "events/second": ("count-rate", 1),
    "KB/second": ("byte-rate", 1000),
    "MB/second": ("byte-rate", 1000**2),
    "MiB/second": ("byte-rate", 1024**2),
    "GB/second": ("byte-rate", 1000**3),
    "count": ("count", 1),
}

KIB = 1024
DAY = 86400
ASSUMED_MESSAGE_BYTES = 1024


def to_base(value: float, unit: str) -> tuple[Quantity, float] | None:
    """`value` in `unit` as (quantity, amount in base units); None if unknown."""
    if unit not in _FACTORS:
        return None
    quantity, factor = _FACTORS[unit]
    return quantity, value * factor


def describe_bytes(amount: float) -> str:
    """A byte count as a person writes it: '1 MiB', '5 GiB', '300 KiB'."""
    for unit, size in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2)):
        if amount >= size:
            return f"{amount / size:,.3g} {unit}"
    return f"{amount / KIB:,.3g} KiB"


def describe_seconds(amount: float) -> str:
    """A duration in the largest whole unit: '14 days', '15 minutes'."""
    for unit, size in (("days", DAY), ("hours", 3600), ("minutes", 60)):
        if amount >= size:
            return f"{amount / size:,.4g} {unit}"
    return f"{amount:,.4g} seconds"
