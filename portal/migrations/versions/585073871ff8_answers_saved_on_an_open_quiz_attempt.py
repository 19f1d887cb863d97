"""Answers saved on an open quiz attempt, so a reload resumes and expiry grades them

Revision ID: 585073871ff8
Revises: 8633671fa0ae
Create Date: 2026-12-01 10:18:25.975418

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "585073871ff8"
down_revision = "8633671fa0ae"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("saved_answers", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("saved_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_column("saved_at")
        batch_op.drop_column("saved_answers")
