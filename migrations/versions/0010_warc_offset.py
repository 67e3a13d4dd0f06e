"""article_versions.warc_offset: where in its WARC file a version's response record starts

With ``warc_file`` and ``warc_record_id`` it lets a reader seek straight to the archived page
(the ``texts`` export gives all three). Rows stored before this revision keep NULL.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warc_offset", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.drop_column("warc_offset")
