"""Requests built and signed exactly as Slack builds and signs them."""

from __future__ import annotations

import itertools
import json
import time
from urllib.parse import quote, urlencode

from slack_sdk.signature import SignatureVerifier

SECRET = "test-signing-secret"
_ids = itertools.count(1)


def signed_headers(body: str, content_type: str, *, secret=SECRET, timestamp=None) -> dict:
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }


def event_body(event: dict, *, event_id: str | None = None, team: str = "T0001") -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": team,
            "api_app_id": "A0001",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT0001", "is_bot": True}],
        }
    )


def mention(
    text: str, *, channel: str, ts: str, thread_ts: str | None = None, user="U0HUMAN"
) -> dict:
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@UBOT0001> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": "T0001",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def dm(text: str, *, channel: str, ts: str, user="U0HUMAN", **extra) -> dict:
    return {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
        "team": "T0001",
        **extra,
    }


def command_body(text: str, *, response_url: str, user="U0HUMAN", channel="C0CMD") -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T0001",
            "team_domain": "example",
            "channel_id": channel,
            "channel_name": "careers",
            "user_id": user,
            "user_name": "someone",
            "command": "/tpm-vs-pm",
            "text": text,
            "api_app_id": "A0001",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def interactive_body(payload: dict) -> str:
    return "payload=" + quote(json.dumps(payload))


def block_action(
    action_id: str,
    value: str,
    *,
    message=None,
    response_url: str,
    channel="C0ACT",
    user="U0HUMAN",
    consent=False,
    ephemeral=False,
) -> dict:
    state = {
        "values": {
            "feedback": {
                "feedback_consent": {
                    "type": "checkboxes",
                    "selected_options": [{"value": "share"}] if consent else [],
                }
            }
        }
    }
    payload = {
        "type": "block_actions",
        "user": {"id": user, "team_id": "T0001"},
        "api_app_id": "A0001",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "team": {"id": "T0001", "domain": "example"},
        "container": {
            "type": "message",
            "message_ts": (message or {}).get("ts", "1.1"),
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "channel": {"id": channel, "name": "careers"},
        "state": state,
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "feedback",
                "type": "button",
                "value": value,
                "action_ts": str(time.time()),
            }
        ],
    }
    if message is not None:
        payload["message"] = message
    return payload


def message_shortcut(text: str, *, response_url: str, user="U0HUMAN") -> dict:
    return {
        "type": "message_action",
        "callback_id": "classify_posting",
        "trigger_id": "1.2.3",
        "action_ts": str(time.time()),
        "team": {"id": "T0001", "domain": "example"},
        "user": {"id": user, "team_id": "T0001"},
        "channel": {"id": "C0SHORT", "name": "jobs"},
        "message_ts": "1700000000.000200",
        "response_url": response_url,
        "token": "legacy",
        "message": {"type": "message", "user": "U0POSTER", "text": text, "ts": "1700000000.000200"},
    }
