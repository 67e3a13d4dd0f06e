"""article translations: the keys pages declare for their other-language versions, and the links

``translation_keys`` holds what each page says (a shared document key, the URLs of its other
versions); ``article_translations`` links two articles that are one document in two languages.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "translation_keys",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_translation_keys_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "key", name=op.f("pk_translation_keys")),
    )
    with op.batch_alter_table("translation_keys") as batch:
        batch.create_index(batch.f("ix_translation_keys_key"), ["key"], unique=False)
    op.create_table(
        "article_translations",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "article_id < other_id", name=op.f("ck_article_translations_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_translations_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["articles.id"],
            name=op.f("fk_article_translations_other_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "other_id", name=op.f("pk_article_translations")),
    )
    with op.batch_alter_table("article_translations") as batch:
        batch.create_index(
            batch.f("ix_article_translations_other_id"), ["other_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("article_translations") as batch:
        batch.drop_index(batch.f("ix_article_translations_other_id"))
    op.drop_table("article_translations")
    with op.batch_alter_table("translation_keys") as batch:
        batch.drop_index(batch.f("ix_translation_keys_key"))
    op.drop_table("translation_keys")
