"""Users' clicks on a verdict: stored once per user, summed into agreement, and (where the author
consented) offered back as corpus candidates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, func, select

from bot.store.database import Database
from bot.store.schema import feedback, now, verdicts
from bot.store.verdicts import live_text


class Feedback:
    def __init__(self, db: Database):
        self.db = db

    def record(
        self, verdict_id: str, *, team_id, user_id, label: str, share_text: bool
    ) -> dict[str, Any] | None:
        """Store (or replace) one user's label for a verdict; None when the verdict is gone.

        One transaction, so a `forget` or an expiry in between cannot leave a dangling row.
        """
        with self.db.begin() as db:
            found = (
                db.execute(select(verdicts).where(verdicts.c.id == verdict_id)).mappings().first()
            )
            if found is None:
                return None
            # Only the person who wrote the text may give it away for training.
            mine = found["author_id"] == user_id
            text = live_text(db, verdict_id) if share_text and mine else None
            label = found["role"] if label == "right" else label
            row = {
                "verdict_id": verdict_id,
                "team_id": team_id,
                "user_id": user_id,
                "label": label,
                "agreed": label == found["role"],
                "predicted_role": found["role"],
                "confidence": found["confidence"],
                "margin": found["margin"],
                "text": text,
                "created_at": now(),
            }
            # One upsert, so a double click racing itself cannot hit the unique constraint.
            upsert = self.db.insert(feedback).values(**row)
            changed = {k: upsert.excluded[k] for k in row if k not in ("verdict_id", "user_id")}
            db.execute(
                upsert.on_conflict_do_update(index_elements=["verdict_id", "user_id"], set_=changed)
            )
        return {**row, "share_refused": bool(share_text and not mine)}

    def agreement(self, team_id: str | None = None) -> list[dict[str, Any]]:
        """Per predicted role: how many feedback clicks, how many agreed."""
        query = select(
            feedback.c.predicted_role.label("role"),
            func.count().label("total"),
            func.sum(func.cast(feedback.c.agreed, Integer)).label("agreed"),
        ).group_by(feedback.c.predicted_role)
        if team_id is not None:
            query = query.where(feedback.c.team_id == team_id)
        with self.db.begin() as db:
            rows = db.execute(query).mappings().all()
        return [
            {
                "role": r["role"],
                "total": r["total"],
                "agreed": int(r["agreed"] or 0),
                "rate": int(r["agreed"] or 0) / r["total"],
            }
            for r in sorted(rows, key=lambda r: r["role"] or "")
            if r["role"]
        ]

    def for_review(self) -> list[dict[str, Any]]:
        """Shared corrections, most informative first: disagreements, then the closest calls."""
        query = select(feedback).where(feedback.c.text.is_not(None))
        with self.db.begin() as db:
            rows = [dict(r) for r in db.execute(query).mappings()]
        return sorted(rows, key=lambda r: (r["agreed"], r["margin"], r["id"]))
