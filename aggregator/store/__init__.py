"""Storage: SQLAlchemy models, engine/session set-up and the queries (the only SQL)."""
