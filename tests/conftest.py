"""Shared fixtures: one trained model per test session, settings pointed at temporary places."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.answer import Answerer
from bot.model.train import ensure_models
from bot.model.verdict import Brain
from bot.responses import Renderer
from bot.settings import ROOT, Settings

# Keep every test off the network and free of a developer's Slack variables.
for name in list(os.environ):
    if name.startswith("SLACK_") or name in ("DATABASE_URL", "TPM_DATA_DIR"):
        del os.environ[name]
os.environ["NO_PROXY"] = "127.0.0.1,localhost"
os.environ["SKIP_SLACK_SDK_WARNING"] = "1"

SAMPLE = ROOT / "corpus" / "samples" / "program-manager-posting.txt"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    """A data directory holding the session's trained model, shared by in-process and CLI tests."""
    path = tmp_path_factory.mktemp("data")
    ensure_models(ROOT / "corpus", path / "model")
    return path


@pytest.fixture(scope="session")
def base_settings(data_dir) -> Settings:
    return Settings(data_dir=data_dir)


@pytest.fixture(scope="session")
def brain(base_settings) -> Brain:
    loaded = ensure_models(base_settings.corpus_dir, base_settings.model_dir)
    return Brain(loaded.models, base_settings.thresholds)


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer(ROOT / "responses")


@pytest.fixture(scope="session")
def answerer(brain, renderer) -> Answerer:
    return Answerer(brain, renderer)


@pytest.fixture(scope="session")
def sample_posting() -> str:
    return SAMPLE.read_text(encoding="utf-8")
