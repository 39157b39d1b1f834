"""Find the gotchas that explain a symptom, an error message or an id.

- `catalogue`: the entries of `knowledge/data/gotchas/`, loaded once.
- `vocabulary`: tokens, stemming, the synonym table (`vocabulary.json`) and
  identifier extraction shared by the index and the queries.
- `index`: BM25F over weighted fields, with exact-match bonuses, built once.
- `explain`: `explain_gotcha`, `list_gotchas` and `get_gotcha`, the functions
  the MCP tools and the CLI call.
- `models`: their outputs and the input limits.

Nothing is imported here, so that the MCP layer can import `models` at start
without loading the rest: call `aws_messaging_mcp.gotchas.explain`.
"""
