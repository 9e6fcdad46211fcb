"""From text to reply: answering, rendering, layout. No Slack SDK, no database."""
