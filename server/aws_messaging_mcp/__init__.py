"""Checkable guidance on AWS messaging and streaming services.

The package is layered: `knowledge` holds the sourced data and its models, the
domain packages (`services`, `recommend`, `gotchas`, `policy`, `iac`, `audit`)
answer questions from it, and `mcp_server` and `cli` are thin transports.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
