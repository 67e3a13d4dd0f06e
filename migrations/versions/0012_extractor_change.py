"""article_versions.extractor_change: a version the extractor made, not the outlet

``reextracted``: the previous version's archived page read again by a newer extractor (the
revisit found the extractor changed; the same page, our change); ``unverified``: a revisit's
text from a newer extractor whose previous page could not be read back from the archive, so
the difference cannot be told from an outlet's edit. NULL for every other version (and every
row stored before this revision). Neither is reported as an edit (docs/codebook.md).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extractor_change", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.drop_column("extractor_change")
