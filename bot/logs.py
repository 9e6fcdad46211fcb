"""Structured (JSON-lines) logging that never carries secrets or, by default, pasted text."""

from __future__ import annotations

import json
import logging
import re
import sys

_SECRET = re.compile(r"\b(xox[abposre]-[\w-]+|xapp-[\w-]+)")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return _SECRET.sub("[redacted]", json.dumps(entry, default=str, ensure_ascii=False))


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # slack_sdk logs whole response bodies (tokens included) at DEBUG.
    for name in ("slack_sdk", "slack_bolt", "urllib3", "alembic"):
        logging.getLogger(name).setLevel(
            max(logging.WARNING if name == "alembic" else logging.INFO, logging.getLevelName(level))
        )
