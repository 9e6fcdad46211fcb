"""The brain: corpus, pipelines, training, the artifact on disk, verdicts and evaluation."""

ROLES = ("project", "program", "product", "other")
MANAGEMENT_ROLES = ("project", "program", "product")
# The role model labels lines: a role, or boilerplate that is evidence of nothing.
BOILERPLATE = "boilerplate"
LINE_LABELS = (*ROLES, BOILERPLATE)
INTENTS = ("role_check", "explain_difference", "career_advice", "greeting_help", "off_topic")
# Languages the corpus is written in, so the bot reads them; anything else is answered honestly.
LANGUAGES = ("en", "fr", "de", "es")
