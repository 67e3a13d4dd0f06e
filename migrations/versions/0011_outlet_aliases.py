"""outlets.aliases: other names of the outlet itself (feeds.yaml ``aliases:``), one a line

The comparison reads them with ``outlets.name`` so that ``omitted`` never charges an outlet with
leaving out itself ("Russian Foreign Ministry" on mid.ru). Rows stored before this revision get
an empty text: the outlet's name alone, until the next ``ingest`` or ``worker`` writes its aliases.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aliases", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.drop_column("aliases")
