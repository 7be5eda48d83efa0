"""Command-line actions that need no display."""
