"""The layers in ARCHITECTURE.md, enforced: each package imports only what its layer may."""

import ast
from pathlib import Path

import pytest

from bot.settings import ROOT

BOT = ROOT / "bot"
# Third-party packages that mean Slack, the web or the database.
TRANSPORT = ("slack_sdk", "slack_bolt", "aiohttp", "gunicorn")
DATABASE = ("sqlalchemy", "alembic", "psycopg")

# Layer (module prefix) -> (our modules it may import, third-party packages it may not).
RULES = {
    "bot.model": (("bot.model", "bot.errors"), (*TRANSPORT, *DATABASE, "jinja2", "click")),
    "bot.core": (("bot.core", "bot.model", "bot.errors", "bot.settings"), (*TRANSPORT, *DATABASE)),
    "bot.store": (("bot.store", "bot.errors"), TRANSPORT),
    "bot.slack.listeners": (("bot.slack.listeners", "bot.slack.responder"), DATABASE),
    "bot.slack": (
        (
            "bot.slack",
            "bot.core",
            "bot.model",
            "bot.store",
            "bot.errors",
            "bot.settings",
            "bot.logs",
        ),
        (),
    ),
    "bot.errors": ((), (*TRANSPORT, *DATABASE)),
    "bot.settings": (("bot.errors",), (*TRANSPORT, *DATABASE)),
    "bot.logs": ((), (*TRANSPORT, *DATABASE)),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "bot":  # `from bot import logs` names a module
                found.update(f"bot.{alias.name}" for alias in node.names)
    return found


def layer_of(module: str) -> str | None:
    matches = [layer for layer in RULES if module == layer or module.startswith(layer + ".")]
    return max(matches, key=len) if matches else None


def within(module: str, prefixes) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


FILES = sorted(p for p in BOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_imports_only_what_its_layer_may(path):
    module = module_name(path)
    layer = layer_of(module)
    if layer is None:
        return  # bot.cli and bot.__main__ sit on top and may import anything
    ours, banned = RULES[layer]
    for name in imports(path):
        if name == "bot" or name.startswith("bot."):
            assert name == "bot" or within(name, ours), f"{module} may not import {name}"
        else:
            assert not within(name, banned), f"{module} may not import {name}"


def test_every_layer_named_in_the_rules_exists_and_every_module_is_in_one():
    for layer in RULES:
        assert (ROOT / Path(*layer.split("."))).with_suffix(".py").exists() or (
            ROOT / Path(*layer.split("."))
        ).is_dir(), layer
    loose = [module_name(p) for p in FILES if layer_of(module_name(p)) is None]
    assert sorted(loose) == ["bot", "bot.__main__", "bot.cli"]


def test_the_rules_catch_a_forbidden_import(tmp_path):
    """The check itself can fail: a model module importing the store is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from bot.store import Store\nimport slack_sdk\n")
    names = imports(bad)
    ours, banned = RULES["bot.model"]
    assert not within("bot.store", ours) and within("slack_sdk", banned)
    assert names == {"bot.store", "slack_sdk"}
