"""Announcements record when they were last edited

Revision ID: e5a1c0d2b7f3
Revises: 5e7a1c2b9d40
Create Date: 2026-12-01 15:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5a1c0d2b7f3"
down_revision = "5e7a1c2b9d40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.drop_column("edited_at")
