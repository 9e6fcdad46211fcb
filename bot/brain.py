"""Build the answerer from settings: the models (trained now if missing or stale) and templates."""

from __future__ import annotations

from bot.answer import Answerer
from bot.model.corpus import load_intents
from bot.model.train import ensure_models
from bot.model.verdict import Brain
from bot.responses import Renderer
from bot.settings import Settings


def load_brain(settings: Settings) -> Brain:
    loaded = ensure_models(settings.corpus_dir, settings.model_dir)
    return Brain(loaded.models, settings.thresholds)


def load_answerer(settings: Settings) -> Answerer:
    return Answerer(load_brain(settings), Renderer(settings.responses_dir))


def load_warm_answerer(settings: Settings) -> Answerer:
    """The answerer for a server: every template compiled, and one message of each intent plus
    the sample postings answered once, so the first people after a start (and, under gunicorn's
    preload, every forked worker) wait no longer than the rest."""
    answerer = load_answerer(settings)
    answerer.renderer.compile_all()
    first_of_each: dict[str, str] = {}
    for example in load_intents(settings.corpus_dir):
        first_of_each.setdefault(example.label, example.text)
    samples = sorted((settings.corpus_dir / "samples").glob("*.txt"))
    for text in [*first_of_each.values(), *(p.read_text(encoding="utf-8") for p in samples)]:
        answerer.answer(text)
    return answerer
