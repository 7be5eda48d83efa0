"""Storage: SQLModel tables on SQLite or PostgreSQL, and the operations on them.

No Qt here; the screens call these functions (off the GUI thread when slow).
"""
