"""Typed errors raised in the core and turned into messages at the edges (CLI, Slack)."""


class BotError(Exception):
    """Base class for errors a user or operator can act on."""


class EmptyInput(BotError):
    """The text had nothing to classify once markup and whitespace were removed."""


class ConfigError(BotError):
    """A setting is missing or malformed; the message names the variable."""


class CorpusError(BotError):
    """A corpus file is malformed; the message names the file and line."""


class ModelError(BotError):
    """The model artifact is missing, untrusted or cannot be built."""


class SchemaBehind(BotError):
    """The database schema is older than this code expects."""


class UnreadableFile(BotError):
    """A shared file has no text to read; `reason` names why for the reply template."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason  # too_large | too_many_pages | encrypted | scanned | corrupt | unsupported | empty


class DatabaseUnavailable(BotError):
    """DATABASE_URL is malformed or its server does not answer; the message says which."""
