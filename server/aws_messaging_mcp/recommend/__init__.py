"""Recommend a service for a workload, explainably, from data-driven rules.

`advisor.recommend_service(Requirements(...))` ranks the services;
`advisor.parse_requirements` validates raw arguments first. The rules live in
the knowledge data (`knowledge/data/recommend/`), not in this package.

This module imports nothing itself, so that the MCP layer can import the
models (`recommend.models`) at start-up without loading the engine.
"""
