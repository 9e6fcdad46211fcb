"""The brain: corpus, pipelines, training, the artifact on disk, verdicts and evaluation."""

ROLES = ("project", "program", "product", "other")
MANAGEMENT_ROLES = ("project", "program", "product")
INTENTS = ("role_check", "explain_difference", "career_advice", "greeting_help", "off_topic")
