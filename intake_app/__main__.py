"""Allow ``python -m intake_app``."""

from intake_app.cli import main

raise SystemExit(main())
