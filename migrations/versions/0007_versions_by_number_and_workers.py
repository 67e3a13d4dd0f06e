"""article versions unique per (article, version number), not per text; workers heartbeat table

A page that goes back to an earlier text (A -> B -> A) is a new version, so the text hash can
no longer be unique per article. Live workers record themselves in ``workers`` to share the
outlets.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_versions") as batch:
        batch.drop_constraint("uq_article_versions_article_id", type_="unique")
        batch.create_unique_constraint(
            "uq_article_versions_article_version", ["article_id", "version_no"]
        )
    op.create_table(
        "workers",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_workers")),
    )


def downgrade() -> None:
    op.drop_table("workers")
    with op.batch_alter_table("article_versions") as batch:
        batch.drop_constraint("uq_article_versions_article_version", type_="unique")
        batch.create_unique_constraint(
            "uq_article_versions_article_id", ["article_id", "content_sha256"]
        )
