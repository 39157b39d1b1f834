"""Recommend a service for a workload, explainably, from data-driven rules.

`recommend_service(Requirements(...))` ranks the services; `parse_requirements`
validates raw arguments first. The rules live in the knowledge data
(`knowledge/data/recommend/`), not in this package.
"""

from aws_messaging_mcp.recommend.advisor import parse_requirements, recommend_service
from aws_messaging_mcp.recommend.models import RecommendationResult, Requirements

__all__ = [
    "RecommendationResult",
    "Requirements",
    "parse_requirements",
    "recommend_service",
]
