"""The serving artifact: the fitted models as plain arrays and JSON, loaded with numpy alone.

Training writes `serving.npz` (arrays, read with `allow_pickle=False`) and `serving.json`
(vocabularies, classes) beside the skops files, and records their SHA-256 in `models.json` with
the same fingerprint. Answering loads only these, so a process that answers never imports
scikit-learn, scipy or skops; a stale, tampered or malformed pair is refused, never used.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import ModelError
from bot.model import INTENTS, LINE_LABELS, ROLES
from bot.model.aggregate import Decider
from bot.model.scorer import LinearTextScorer

log = logging.getLogger(__name__)

ARRAYS = "serving.npz"
VOCABULARY = "serving.json"
# Decider inputs: shares of the whole posting, its duties and its requirements, and evidence.
DECIDER_FEATURES = 3 * len(ROLES) + 1


@dataclass(frozen=True)
class ServingModels:
    role: LinearTextScorer
    intent: LinearTextScorer
    decider: Decider
    meta: dict[str, Any]


def export(models: dict[str, Any]) -> tuple[bytes, bytes]:
    """The fitted models (pipelines and the decider) as the bytes of the two serving files."""
    arrays: dict[str, np.ndarray] = {}
    vocabulary: dict[str, Any] = {}
    for name in ("role", "intent"):
        model_arrays, model_vocabulary = LinearTextScorer.export(models[name])
        arrays.update({f"{name}.{key}": value for key, value in model_arrays.items()})
        vocabulary[name] = model_vocabulary
    decider = models["decider"]
    arrays["decider.coef"] = np.asarray(decider.coef_, dtype=np.float64)
    arrays["decider.intercept"] = np.asarray(decider.intercept_, dtype=np.float64)
    vocabulary["decider"] = {"classes": [str(c) for c in decider.classes_]}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue(), json.dumps(vocabulary, sort_keys=True).encode()


def load(model_dir: Path, meta: dict[str, Any]) -> ServingModels | None:
    """The serving models described by `meta` (already checked fresh), or None when a file is
    missing or its checksum differs. A file that passes the checksum but has the wrong shape is
    an error: something wrote it that is not our training."""
    expected = meta.get("serving_sha256") or {}
    blobs = {}
    for name in (ARRAYS, VOCABULARY):
        try:
            data = (model_dir / name).read_bytes()
        except FileNotFoundError:
            return None
        if hashlib.sha256(data).hexdigest() != expected.get(name):
            log.warning("model.checksum_mismatch", extra={"file": name})
            return None
        blobs[name] = data
    try:
        with np.load(io.BytesIO(blobs[ARRAYS]), allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
        vocabulary = json.loads(blobs[VOCABULARY])
    except (OSError, ValueError, zipfile.BadZipFile) as exc:  # JSONDecodeError is a ValueError
        raise ModelError(f"{model_dir}: the serving files cannot be read ({exc})") from None
    _check_shapes(arrays, vocabulary)
    text_models = {}
    for name in ("role", "intent"):
        prefix = f"{name}."
        own = {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}
        text_models[name] = LinearTextScorer(own, vocabulary[name])
    decider = Decider(
        arrays["decider.coef"],
        arrays["decider.intercept"],
        tuple(vocabulary["decider"]["classes"]),
    )
    return ServingModels(text_models["role"], text_models["intent"], decider, meta)


def _count_terms(data: np.ndarray) -> int:
    return int((data == ord("\n")).sum()) + 1 if data.size else 0


def _check_shapes(arrays: dict[str, np.ndarray], vocabulary: dict[str, Any]) -> None:
    problems = []
    for name, labels in (("role", LINE_LABELS), ("intent", INTENTS)):
        v = vocabulary.get(name, {})
        width = sum(
            _count_terms(arrays.get(f"{name}.{part}", np.empty(0))) for part in ("words", "chars")
        )
        if sorted(v.get("classes", [])) != sorted(labels):
            problems.append(f"{name} classes {v.get('classes')}")
        if arrays.get(f"{name}.idf", np.empty(0)).shape != (width,):
            problems.append(f"{name} idf")
        if arrays.get(f"{name}.coef", np.empty(0)).shape != (len(labels), width):
            problems.append(f"{name} coefficients")
        if arrays.get(f"{name}.intercept", np.empty(0)).shape != (len(labels),):
            problems.append(f"{name} intercepts")
    if sorted(vocabulary.get("decider", {}).get("classes", [])) != sorted(ROLES):
        problems.append("decider classes")
    if arrays.get("decider.coef", np.empty(0)).shape != (len(ROLES), DECIDER_FEATURES):
        problems.append("decider coefficients")
    if problems:
        raise ModelError(f"the serving model is not shaped as training writes it: {problems}")
