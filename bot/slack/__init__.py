"""Slack's side: the Bolt app, HTTP and Socket Mode, listeners, delivery."""
