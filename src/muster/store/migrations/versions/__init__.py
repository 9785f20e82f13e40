"""Migration scripts, oldest first; each file is one revision (Alembic skips this file)."""
