"""Build the answerer from settings: the models (trained now if missing or stale) and templates."""

from __future__ import annotations

from bot.answer import Answerer
from bot.model.train import ensure_models
from bot.model.verdict import Brain
from bot.responses import Renderer
from bot.settings import Settings


def load_brain(settings: Settings) -> Brain:
    loaded = ensure_models(settings.corpus_dir, settings.model_dir)
    return Brain(loaded.models, settings.thresholds)


def load_answerer(settings: Settings) -> Answerer:
    return Answerer(load_brain(settings), Renderer(settings.responses_dir))
