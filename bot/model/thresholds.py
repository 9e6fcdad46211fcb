"""Every threshold that turns the models' scores into an answer, in one place."""

from __future__ import annotations

from dataclasses import dataclass

# A paste with this many segments (or lines) and characters is a posting whatever the intent
# model says: the intent model is trained on chat-length messages and has never seen a whole
# posting. Below it, a message has no room for a posting beside the sender's experience.
POSTING_MIN_SEGMENTS = 5
POSTING_MIN_CHARS = 400


@dataclass(frozen=True)
class Thresholds:
    """The numbers that turn scores into answers, each with its reason."""

    # Below this top score we say the verdict is uncertain instead of stating it flatly.
    low_confidence: float = 0.55
    # Two management roles are a hybrid when the runner-up holds at least this share of the
    # management evidence: a 65/35 split is a real mix, a 80/20 split is a role with extras.
    hybrid_share: float = 0.35
    # A message is answered as off-topic only when the intent model is at least this sure.
    off_topic: float = 0.5
    # A text in a language the corpus does not cover is read by spelling alone: its confidence is
    # capped here, below low_confidence, so the answer says it is a guess.
    unread_language: float = 0.3
    # A line the role model gives at least this probability of a management role is a clear duty.
    management_duty: float = 0.6
    # A line this sure to be a management duty is a pasted duty, however sure the intent model is
    # that the message is off topic (2% of the off-topic training messages reach it).
    clear_duty: float = 0.8
    # Should I apply: the share of the posting's duties the experience covers for a "yes", and for
    # a "partly" (bot/model/fit.py).
    covers_most: float = 0.6
    covers_some: float = 0.25
    # Lines the current model is this sure are boilerplate are left out of a correction: "we offer
    # a pension" is not program work, nor another job's duty, whatever the posting was.
    obvious_boilerplate: float = 0.8
