"""sessions keep why they were cancelled

Revision ID: 5e7a1c2b9d40
Revises: cc8e44a7f845
Create Date: 2026-12-01 15:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e7a1c2b9d40"
down_revision = "cc8e44a7f845"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("programme_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "cancel_reason",
                sa.String(length=500),
                nullable=False,
                server_default="",
            )
        )


def downgrade():
    with op.batch_alter_table("programme_session", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
