"""The model on disk: safe to load, never stale, rebuilt when what it learned from changes."""

import shutil

import pytest
import skops.io as sio

from bot.errors import ModelError
from bot.model import artifact
from bot.model.train import current_fingerprint, ensure_models


def _no_training(*args, **kwargs):
    raise AssertionError("a fresh model was trained again")


@pytest.fixture
def trained(small_model, tmp_path):
    """A copy of the session's small corpus and of the model `ensure_models` trained on it in an
    empty directory, with what that first call returned: the training is done once a session."""
    corpus, model_dir, first = small_model
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copytree(model_dir, tmp_path / "model")
    return tmp_path / "corpus", tmp_path / "model", first


def test_a_fresh_checkout_trains_once_then_loads(trained, monkeypatch):
    corpus, model_dir, first = trained
    assert first.meta["fingerprint"] == current_fingerprint(corpus)

    monkeypatch.setattr("bot.model.train.train", _no_training)
    second = ensure_models(corpus, model_dir)
    assert first.meta["trained_at"] == second.meta["trained_at"]
    assert second.meta["fingerprint"] == current_fingerprint(corpus)


def test_a_changed_corpus_means_a_retrain(trained):
    corpus, model_dir, first = trained
    before = first.meta["fingerprint"]
    with (corpus / "roles" / "en" / "project.txt").open("a") as handle:
        handle.write("Own the snagging list for the new clinic fit-out until handover\n")
    assert artifact.load(model_dir, current_fingerprint(corpus)) is None
    after = ensure_models(corpus, model_dir)
    assert after.meta["fingerprint"] != before
    assert after.meta["examples"]["role"] == first.meta["examples"]["role"] + 1
    assert (
        after.meta["examples"]["role"] == ensure_models(corpus, model_dir).meta["examples"]["role"]
    )


def test_a_changed_library_version_means_a_retrain(trained, monkeypatch):
    corpus, model_dir, _ = trained
    assert artifact.load(model_dir, current_fingerprint(corpus)) is not None
    real = artifact.library_versions()
    monkeypatch.setattr(artifact, "library_versions", lambda: {**real, "scikit-learn": "0.0.1"})
    assert artifact.load(model_dir, current_fingerprint(corpus)) is None


def test_a_tampered_file_is_not_loaded(trained):
    _, model_dir, first = trained
    fingerprint = first.meta["fingerprint"]
    assert artifact.load(model_dir, fingerprint) is not None
    model_path, _ = artifact.paths(model_dir)
    model_path.write_bytes(model_path.read_bytes() + b"\0")
    assert artifact.load(model_dir, fingerprint) is None


class Sneaky:
    """A type no model file should contain."""


def test_a_file_with_untrusted_types_is_refused(tmp_path):
    import hashlib
    import json

    model_dir = tmp_path / "model"
    model_dir.mkdir()
    model_path, meta_path = artifact.paths(model_dir)
    data = sio.dumps({"role": Sneaky(), "intent": Sneaky()})
    model_path.write_bytes(data)
    meta_path.write_text(
        json.dumps({"fingerprint": "f", "sha256": hashlib.sha256(data).hexdigest()})
    )
    with pytest.raises(ModelError, match="Sneaky"):
        artifact.load(model_dir, "f")


def test_the_saved_file_is_a_skops_file_with_only_trusted_types(small_model):
    model_path, _ = artifact.paths(small_model[1])
    untrusted = set(sio.get_untrusted_types(file=model_path))
    assert untrusted <= artifact.TRUSTED_TYPES


def test_serving_files_are_checked_and_never_used_stale(trained, monkeypatch):
    from bot.core.brain import load_models
    from bot.model import serving

    corpus, model_dir, first = trained
    monkeypatch.setattr("bot.model.train.train", _no_training)
    fingerprint = first.meta["fingerprint"]
    assert artifact.load_serving(model_dir, fingerprint) is not None
    assert artifact.load_serving(model_dir, "another corpus") is None
    arrays = model_dir / serving.ARRAYS
    arrays.write_bytes(arrays.read_bytes() + b"\0")
    assert artifact.load_serving(model_dir, fingerprint) is None
    (model_dir / serving.VOCABULARY).unlink()
    assert load_models(corpus, model_dir) is not None  # written again from the skops files
    assert artifact.load_serving(model_dir, fingerprint) is not None


def test_serving_files_shaped_unlike_training_are_refused(trained):
    import hashlib
    import io
    import json

    import numpy as np

    from bot.model import serving

    _, model_dir, _ = trained
    meta = artifact.read_meta(model_dir)
    with np.load(model_dir / serving.ARRAYS, allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    arrays["decider.coef"] = arrays["decider.coef"][:, :5]  # a decider of another model
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    (model_dir / serving.ARRAYS).write_bytes(buffer.getvalue())
    meta["serving_sha256"][serving.ARRAYS] = hashlib.sha256(buffer.getvalue()).hexdigest()
    artifact.paths(model_dir)[1].write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="decider coefficients"):
        artifact.load_serving(model_dir, meta["fingerprint"])


def test_library_versions_agree_with_importlib_metadata():
    from importlib import metadata

    expected = {name: metadata.version(name) for name in artifact.LIBRARIES}
    assert artifact.library_versions() == expected


def test_a_missing_library_is_a_model_error(monkeypatch):
    monkeypatch.setattr(artifact, "LIBRARIES", (*artifact.LIBRARIES, "no-such-library"))
    with pytest.raises(ModelError, match="no-such-library"):
        artifact.library_versions()
