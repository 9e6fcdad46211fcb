"""Verdicts as answered, and the pasted text behind each, kept a day for sharing and feedback."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, insert, select
from sqlalchemy.engine import Connection

from bot.store.database import Database
from bot.store.schema import feedback, now, verdict_texts, verdicts

# How long the pasted text is kept for sharing; a response_url lives 30 minutes.
TEXT_TTL = timedelta(hours=24)
_INSERT_VERDICT = insert(verdicts)
_INSERT_TEXT = insert(verdict_texts)


class Verdicts:
    def __init__(self, db: Database):
        self.db = db

    def record(
        self,
        verdict,
        *,
        team_id,
        user_id,
        channel_id,
        surface: str,
        text: str,
        author_id: str | None = None,
    ) -> str:
        """Queue the verdict and its text; return the id the reply's buttons carry."""
        ranked = sorted(verdict.scores.values(), reverse=True)
        verdict_id = secrets.token_hex(8)
        at = now()
        row = {
            "id": verdict_id,
            "team_id": team_id,
            "user_id": user_id,
            "author_id": author_id or user_id,
            "channel_id": channel_id,
            "surface": surface,
            "intent": verdict.intent,
            "role": verdict.role,
            "confidence": verdict.confidence,
            "margin": ranked[0] - ranked[1],
            "scores": verdict.scores,
            "hybrid": verdict.hybrid,
            "title": (verdict.title or None) and verdict.title[:200],
            "title_role": verdict.title_role,
            "created_at": at,
        }
        text_row = {"verdict_id": verdict_id, "text": text, "expires_at": at + TEXT_TTL}

        def write(db: Connection) -> None:
            db.execute(_INSERT_VERDICT, row)
            db.execute(_INSERT_TEXT, text_row)

        # Written behind the reply: its id is made here, and the first read of it (a feedback
        # click, seconds later) finds it committed.
        self.db.writes.submit_behind(write, "verdict")
        return verdict_id

    def text(self, verdict_id: str) -> str | None:
        """The pasted text, while it is kept (None once expired or forgotten)."""
        with self.db.begin() as db:
            return live_text(db, verdict_id)

    def recent(self, team_id, user_id, limit: int = 5) -> list[dict[str, Any]]:
        """A user's last verdicts with their own feedback on each, for the App Home."""
        query = (
            select(
                verdicts.c.created_at,
                verdicts.c.role,
                verdicts.c.confidence,
                verdicts.c.title,
                feedback.c.label.label("feedback"),
                feedback.c.agreed,
            )
            .select_from(
                verdicts.outerjoin(
                    feedback,
                    and_(feedback.c.verdict_id == verdicts.c.id, feedback.c.user_id == user_id),
                )
            )
            .where(and_(verdicts.c.team_id == team_id, verdicts.c.user_id == user_id))
            .where(verdicts.c.role.is_not(None))
            .order_by(verdicts.c.created_at.desc())
            .limit(limit)
        )
        with self.db.begin() as db:
            return [dict(r) for r in db.execute(query).mappings()]


def live_text(db: Connection, verdict_id: str) -> str | None:
    return db.execute(
        select(verdict_texts.c.text).where(
            and_(verdict_texts.c.verdict_id == verdict_id, verdict_texts.c.expires_at > now())
        )
    ).scalar()
