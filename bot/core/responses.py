"""The jinja2 environment that renders every reply from `responses/`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import jinja2

from bot.core.blocks import escape_mrkdwn


def _escape_for_slack(value: Any) -> Any:
    # Slack needs only &, < and > escaped; HTML autoescaping would show ' as a visible &#39;.
    return escape_mrkdwn(value) if isinstance(value, str) else value


def _pct(value: float) -> str:
    return f"{round(100 * value)}%"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Renderer:
    """Render a named template with the UI strings available as `ui`."""

    def __init__(self, responses_dir: Path, cache_dir: Path | None = None):
        # Compiled templates are kept on disk (jinja2 marshals code objects; nothing is pickled)
        # so a one-shot `tpm-bot ask` does not compile them again each time.
        cache = None
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(responses_dir),
            bytecode_cache=cache,
            undefined=jinja2.StrictUndefined,
            finalize=_escape_for_slack,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            autoescape=False,
            auto_reload=False,  # templates ship with the code; no stat() per reply
        )
        self.env.filters["pct"] = _pct
        self.env.filters["clip"] = _clip
        self.ui = tomllib.loads((responses_dir / "ui.toml").read_text(encoding="utf-8"))

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(f"{name}.j2").render(ui=self.ui, **context)

    def compile_all(self) -> None:
        """Compile every template now rather than on its first reply."""
        for name in self.env.list_templates(extensions=["j2"]):
            self.env.get_template(name)

    def templates(self) -> list[str]:
        return sorted(n[:-3] for n in self.env.list_templates(extensions=["j2"]) if n[0] != "_")
