"""Sourced facts about AWS messaging and streaming services, and their models.

Data only: nothing here decides anything. Use `services()` and `service(id)`.
"""

from aws_messaging_mcp.knowledge.loader import canonical_json, service, services
from aws_messaging_mcp.knowledge.models import SERVICE_IDS, Service, ServiceId

__all__ = [
    "SERVICE_IDS",
    "Service",
    "ServiceId",
    "canonical_json",
    "service",
    "services",
]
