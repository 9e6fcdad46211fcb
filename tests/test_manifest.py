"""The manifests describe what the code listens for."""

import json

import pytest

from bot.settings import ROOT
from bot.slack.installs import DEFAULT_SCOPES
from bot.slack.listeners.commands import HELP_WORDS  # noqa: F401  (the command module must import)
from bot.slack.listeners.shortcuts import CALLBACK_ID


@pytest.mark.parametrize("name", ["manifest.json", "manifest.dev.json"])
def test_manifest_matches_the_listeners(name):
    manifest = json.loads((ROOT / name).read_text())
    features, settings = manifest["features"], manifest["settings"]
    assert [c["command"] for c in features["slash_commands"]] == ["/tpm-vs-pm"]
    assert [(s["type"], s["callback_id"]) for s in features["shortcuts"]] == [
        ("message", CALLBACK_ID)
    ]
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert {
        "app_mention",
        "message.im",
        "app_home_opened",
        "tokens_revoked",
        "app_uninstalled",
    } <= set(settings["event_subscriptions"]["bot_events"])
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(DEFAULT_SCOPES)
    assert settings["interactivity"]["is_enabled"]
    assert settings["socket_mode_enabled"] == (name == "manifest.dev.json")
    assert 174 <= len(manifest["display_information"]["long_description"]) <= 4000
