"""Build the answerer from settings: the models (trained now if missing or stale) and templates."""

from __future__ import annotations

from pathlib import Path

from bot.core.answer import Answerer
from bot.core.responses import Renderer
from bot.errors import ModelError
from bot.model import artifact
from bot.model.corpus import load_intents
from bot.model.serving import ServingModels
from bot.model.verdict import Brain
from bot.settings import Settings


def load_models(corpus_dir: Path, model_dir: Path) -> ServingModels:
    """The serving models, trained first if missing or stale. Only training imports
    scikit-learn; a fresh artifact is answered from with numpy alone."""
    expected = artifact.current_fingerprint(corpus_dir)
    models = artifact.load_serving(model_dir, expected)
    if models is None:
        from bot.model.train import ensure_models

        ensure_models(corpus_dir, model_dir)
        models = artifact.load_serving(model_dir, expected)
    if models is None:
        raise ModelError(f"{model_dir}: the serving model could not be written or read")
    return models


def load_brain(settings: Settings) -> Brain:
    return Brain(load_models(settings.corpus_dir, settings.model_dir))


def load_answerer(settings: Settings) -> Answerer:
    renderer = Renderer(settings.responses_dir, settings.data_dir / "templates")
    return Answerer(load_brain(settings), renderer)


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
