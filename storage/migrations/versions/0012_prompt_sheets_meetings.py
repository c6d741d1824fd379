"""prompt sheets 工作提示单 and meeting filing 会议报备 (issue 8)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27

New tables only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prompt_sheets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "subdistrict_id",
            sa.Integer(),
            sa.ForeignKey(
                "subdistricts.id", ondelete="SET NULL", name="fk_prompt_sheets_subdistrict_id_subdistricts"
            ),
        ),
        sa.Column(
            "sender_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE", name="fk_prompt_sheets_sender_id_people"),
            nullable=False,
        ),
        sa.Column("department", sa.String(100), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("urgent_reason", sa.Text()),
        sa.Column("contact", sa.String(100), nullable=False),
        sa.Column("photo", sa.String(255)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_prompt_sheets"),
    )
    op.create_index("ix_prompt_sheets_sender_id", "prompt_sheets", ["sender_id"])
    op.create_index("ix_prompt_sheets_issued_on", "prompt_sheets", ["issued_on"])
    op.create_table(
        "prompt_sheet_targets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "sheet_id",
            sa.Integer(),
            sa.ForeignKey(
                "prompt_sheets.id", ondelete="CASCADE", name="fk_prompt_sheet_targets_sheet_id_prompt_sheets"
            ),
            nullable=False,
        ),
        sa.Column(
            "community_id",
            sa.Integer(),
            sa.ForeignKey(
                "communities.id", ondelete="CASCADE", name="fk_prompt_sheet_targets_community_id_communities"
            ),
            nullable=False,
        ),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True)),
        sa.Column("done_on", sa.Date()),
        sa.Column(
            "done_by",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="SET NULL", name="fk_prompt_sheet_targets_done_by_people"),
        ),
        sa.Column("result", sa.Text()),
        sa.Column("result_photos", sa.JSON(), nullable=False),
        sa.Column("question", sa.Text()),
        sa.Column("answer", sa.Text()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_prompt_sheet_targets"),
        sa.UniqueConstraint("sheet_id", "community_id", name="uq_prompt_sheet_targets_sheet_community"),
    )
    op.create_index("ix_prompt_sheet_targets_sheet_id", "prompt_sheet_targets", ["sheet_id"])
    op.create_index(
        "ix_prompt_sheet_targets_community_status", "prompt_sheet_targets", ["community_id", "status"]
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "subdistrict_id",
            sa.Integer(),
            sa.ForeignKey(
                "subdistricts.id", ondelete="SET NULL", name="fk_meetings_subdistrict_id_subdistricts"
            ),
        ),
        sa.Column(
            "filer_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE", name="fk_meetings_filer_id_people"),
            nullable=False,
        ),
        sa.Column("department", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(100), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(200)),
        sa.Column("why_not_sheet", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "merged_into",
            sa.Integer(),
            sa.ForeignKey("meetings.id", ondelete="SET NULL", name="fk_meetings_merged_into_meetings"),
        ),
        sa.Column(
            "decided_by",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="SET NULL", name="fk_meetings_decided_by_people"),
        ),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("decline_reason", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meetings"),
    )
    op.create_index("ix_meetings_filer_id", "meetings", ["filer_id"])
    op.create_index("ix_meetings_day_status", "meetings", ["day", "status"])
    op.create_table(
        "meeting_targets",
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meetings.id", ondelete="CASCADE", name="fk_meeting_targets_meeting_id_meetings"),
            nullable=False,
        ),
        sa.Column(
            "community_id",
            sa.Integer(),
            sa.ForeignKey(
                "communities.id", ondelete="CASCADE", name="fk_meeting_targets_community_id_communities"
            ),
            nullable=False,
        ),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", "community_id", name="pk_meeting_targets"),
    )
    op.create_index("ix_meeting_targets_community_id", "meeting_targets", ["community_id"])
    op.create_table(
        "meeting_attendees",
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meetings.id", ondelete="CASCADE", name="fk_meeting_attendees_meeting_id_meetings"),
            nullable=False,
        ),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE", name="fk_meeting_attendees_person_id_people"),
            nullable=False,
        ),
        sa.Column(
            "community_id",
            sa.Integer(),
            sa.ForeignKey(
                "communities.id", ondelete="CASCADE", name="fk_meeting_attendees_community_id_communities"
            ),
            nullable=False,
        ),
        sa.Column(
            "named_by",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="SET NULL", name="fk_meeting_attendees_named_by_people"),
        ),
        sa.Column("named_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", "person_id", name="pk_meeting_attendees"),
    )

    op.create_table(
        "prompt_sheet_drafts",
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE", name="fk_prompt_sheet_drafts_person_id_people"),
            nullable=False,
        ),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name="pk_prompt_sheet_drafts"),
    )


def downgrade() -> None:
    op.drop_table("prompt_sheet_drafts")
    op.drop_table("meeting_attendees")
    op.drop_table("meeting_targets")
    op.drop_table("meetings")
    op.drop_table("prompt_sheet_targets")
    op.drop_table("prompt_sheets")
