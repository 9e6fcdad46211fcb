"""Fetch a file someone shared with the bot, with the bot token, from Slack and nowhere else.

`files.info` names the file's `url_private`; that address is fetched only when it is on Slack's
file host (or the Web API host the app is configured with, as a local stand-in is), so a file
can never make the server request an address of someone's choosing.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.documents import MAX_FILE_BYTES
from bot.errors import UnreadableFile

SLACK_FILE_HOSTS = frozenset({"files.slack.com"})
FETCH_TIMEOUT_SECONDS = 10


class _SameHostsOnly(urllib.request.HTTPRedirectHandler):
    def __init__(self, hosts: frozenset[str]):
        self.hosts = hosts

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).hostname not in self.hosts:
            raise UnreadableFile("fetch", "the file moved off Slack's file host")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(client: WebClient, file_id: str, api_url: str) -> tuple[bytes, str]:
    """The file's bytes and name; `UnreadableFile` when it is too big or cannot be fetched."""
    try:
        info = client.files_info(file=file_id)["file"]
    except SlackApiError:
        raise UnreadableFile("fetch", "files.info refused") from None
    if int(info.get("size") or 0) > MAX_FILE_BYTES:
        raise UnreadableFile("too_large", "the file is too large")
    url = info.get("url_private_download") or info.get("url_private") or ""
    api_host = urlsplit(api_url).hostname or ""
    hosts = SLACK_FILE_HOSTS | {api_host}
    scheme, host = urlsplit(url).scheme, urlsplit(url).hostname
    if host not in hosts or not (scheme == "https" or (scheme == "http" and host == api_host)):
        raise UnreadableFile("fetch", "the file is not on Slack's file host")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    opener = urllib.request.build_opener(_SameHostsOnly(hosts))
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            data = response.read(MAX_FILE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError):
        raise UnreadableFile("fetch", "the download failed") from None
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile("too_large", "the file is too large")
    return data, str(info.get("name") or "")
