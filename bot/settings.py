"""Settings: the one place that reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "var"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def default_database_url(data_dir: Path = DEFAULT_DATA_DIR) -> str:
    return f"sqlite:///{data_dir / 'tpm-vs-pm.sqlite3'}"


def normalise_database_url(url: str) -> str:
    """Accept Heroku-style URLs; SQLAlchemy 2 rejects `postgres://` and needs a driver name."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to run, read once at an entry point."""

    signing_secret: str = ""
    bot_token: str = ""
    app_token: str = ""
    slack_api_url: str = DEFAULT_SLACK_API_URL
    port: int = 3000
    database_url: str = field(default_factory=default_database_url)
    data_dir: Path = DEFAULT_DATA_DIR
    corpus_dir: Path = ROOT / "corpus"
    responses_dir: Path = ROOT / "responses"
    client_id: str = ""
    client_secret: str = ""
    scopes: tuple[str, ...] = ()
    retention_days: int = 90
    # A claim unanswered for this long is taken over by another worker or process (bot/slack/delivery.py);
    # longer than any delivery with its retries (bot/slack/poster.py gives up after 25 s).
    claim_lease_seconds: int = 45
    log_level: str = "INFO"
    web_concurrency: int = 2
    web_threads: int = 8
    log_text: bool = False

    @property
    def model_dir(self) -> Path:
        return self.data_dir / "model"

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.client_id and self.client_secret)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("TPM_DATA_DIR") or DEFAULT_DATA_DIR)
        api_url = env.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
        if not api_url.startswith(("http://", "https://")):
            raise ConfigError("SLACK_API_URL must start with http:// or https://")
        if not api_url.endswith("/"):
            api_url += "/"
        return cls(
            signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            bot_token=env.get("SLACK_BOT_TOKEN", ""),
            app_token=env.get("SLACK_APP_TOKEN", ""),
            slack_api_url=api_url,
            port=_int(env, "PORT", 3000, low=1, high=65535),
            database_url=normalise_database_url(
                env.get("DATABASE_URL") or default_database_url(data_dir)
            ),
            data_dir=data_dir,
            corpus_dir=Path(env.get("TPM_CORPUS_DIR") or ROOT / "corpus"),
            client_id=env.get("SLACK_CLIENT_ID", ""),
            client_secret=env.get("SLACK_CLIENT_SECRET", ""),
            scopes=tuple(s for s in env.get("SLACK_SCOPES", "").replace(" ", "").split(",") if s),
            retention_days=_int(env, "TPM_RETENTION_DAYS", 90, low=1, high=3650),
            claim_lease_seconds=_int(env, "TPM_CLAIM_LEASE_SECONDS", 45, low=1, high=3600),
            log_level=_choice(env, "LOG_LEVEL", "INFO", LOG_LEVELS),
            web_concurrency=_int(env, "WEB_CONCURRENCY", 2, low=1, high=64),
            web_threads=_int(env, "WEB_THREADS", 8, low=1, high=256),
            log_text=env.get("TPM_LOG_TEXT", "") == "1",
        )

    def require(self, *names: str) -> None:
        """Fail with the variable's name when a setting an entry point needs is empty."""
        env_names = {
            "signing_secret": "SLACK_SIGNING_SECRET",
            "bot_token": "SLACK_BOT_TOKEN",
            "app_token": "SLACK_APP_TOKEN",
        }
        for name in names:
            if not getattr(self, name):
                raise ConfigError(f"{env_names[name]} is not set")
        if "bot_token" in names and not self.bot_token.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
        if "app_token" in names and not self.app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = (env.get(name) or default).strip().upper()
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}, got {env.get(name)!r}")
    return value


def _int(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")
    return value
