"""The baseline for cold-start and throughput figures: a one-tool server on the
same SDK.

Usage: python bench/one_tool_server.py                      (stdio)
       python bench/one_tool_server.py --http --port 8001   (stateless JSON HTTP)
"""

import argparse

from mcp.server.mcpserver import MCPServer

server = MCPServer("baseline")


@server.tool()
def echo(text: str) -> str:
    """Return the text."""
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description="one-tool baseline server")
    parser.add_argument("--http", action="store_true", help="serve streamable HTTP")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    if not args.http:
        server.run("stdio")
        return
    # The same transport settings as `aws-messaging-mcp serve --transport http`.
    server.run(
        "streamable-http",
        host="127.0.0.1",
        port=args.port,
        stateless_http=True,
        json_response=True,
    )


if __name__ == "__main__":
    main()
