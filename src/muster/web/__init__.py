"""The web surface: one FastAPI app that serves the JSON API (`/api/v1`) and the dashboard.

Build it with `create_app(settings_or_url)`; nothing is created at import time, so each test and
each `muster serve` picks its own database.
"""

from muster.web.app import create_app

__all__ = ["create_app"]
