"""The `db upgrade` job: settings -> the database schema migrated to a revision (Alembic);
returns the database's URL with the password hidden. Touches only the schema."""

from __future__ import annotations

from aggregator.config import Settings
from aggregator.store.session import engine_for, upgrade_database


def upgrade_schema(settings: Settings, revision: str = "head") -> str:
    """Create or migrate the schema of the configured database to ``revision``."""
    with engine_for(settings.database_url) as engine:
        upgrade_database(engine, revision)
        return engine.url.render_as_string(hide_password=True)
