from aws_messaging_mcp.cli import main

raise SystemExit(main())
