"""One typed settings object, read from MUSTER_* environment variables when asked for."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    folder = Path(user_data_dir("muster", appauthor=False))
    return f"sqlite:///{folder / 'muster.db'}"


class Settings(BaseSettings):
    """Everything configurable; build one with `Settings()` at an entry point, never at import."""

    model_config = SettingsConfigDict(env_prefix="MUSTER_", extra="ignore")

    database_url: str = ""
    max_bytes: int = 5_000_000
    api_token: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    # records (and figures) the server keeps ledger histories for, about 4 KB each in memory
    ledger_cache_records: int = Field(default=500_000, ge=1)

    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url()
