"""published_source: where an article's publication time came from (page, feed, import)

``page`` (the page's own metadata), ``page-date`` (the page gives only the day), ``feed`` (the
feed entry), ``import`` (the researcher's file); NULL when the article is undated. Rows stored
before this revision keep NULL: their source was not recorded (the exports say ``unrecorded``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("articles", "article_versions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("published_source", sa.String(20), nullable=True))


def downgrade() -> None:
    for table in ("articles", "article_versions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("published_source")
