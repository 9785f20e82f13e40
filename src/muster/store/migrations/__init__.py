"""Alembic scripts for the store; run them through muster.store.migrate, not the alembic CLI."""
