"""The trained models on disk: a skops file plus a metadata file whose fingerprint decides staleness.

A model is rebuilt, never used stale, when the training corpus, the code that shapes features,
the hyperparameters or the versions of the numeric libraries change. Template edits do not count.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ModelError
from bot.model import params
from bot.model.corpus import training_files

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
LIBRARIES = ("scikit-learn", "numpy", "scipy", "skops")
# The modules whose code changes what the models learn.
_FEATURE_SOURCES = (
    "pipeline.py",
    "corpus.py",
    "train.py",
    "prepare.py",
    "aggregate.py",
    "segment.py",
    "lexicons/sections.toml",
    "params.py",
    "scorer.py",
    "serving.py",
)
# Types a model file may contain beyond skops' defaults; anything else is refused on load.
TRUSTED_TYPES = frozenset(
    {
        "builtins.dict",
        "numpy.float32",
        "numpy.float64",
        "numpy.int64",
        "numpy.dtype",
        "numpy.ndarray",
        "scipy.sparse._csr.csr_matrix",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.pipeline.FeatureUnion",
        "sklearn.pipeline.Pipeline",
    }
)


PARAMS = {
    "role": params.ROLE_PARAMS,
    "question_line_weight": params.QUESTION_LINE_WEIGHT,
    "intent": params.INTENT_PARAMS,
    "random_state": params.RANDOM_STATE,
    "decider": {
        "C": params.DECIDER_C,
        "written_weight": params.WRITTEN_POSTING_WEIGHT,
        "synthetic": params.SYNTHETIC_POSTINGS,
    },
}


@dataclass(frozen=True)
class Artifact:
    models: dict[str, Any]
    meta: dict[str, Any]


# An installed distribution's folder is `<name>-<version>.dist-info`, the name normalised with
# runs of `-_.` as one underscore (the binary distribution format's rule), so the first `-`
# ends the name.
_DIST_INFO = ".dist-info"


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def library_versions() -> dict[str, str]:
    """The installed versions of the libraries that decide what training writes.

    Read from the `.dist-info` folder names on `sys.path`: importing `importlib.metadata` (and the
    e-mail parser it loads) costs more than the whole of `tpm-bot ask`'s own answer. The first
    match on `sys.path` wins, as it does for `import`."""
    wanted = {_normalised(name): name for name in LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            name, _, version = folder.removesuffix(_DIST_INFO).partition("-")
            if folder.endswith(_DIST_INFO) and version and (key := _normalised(name)) in wanted:
                found.setdefault(wanted[key], version)
    missing = [name for name in LIBRARIES if name not in found]
    if missing:
        raise ModelError(f"not installed: {', '.join(missing)}; run `uv sync`")
    return {name: found[name] for name in LIBRARIES}


def fingerprint(training_files: list[Path], params: dict[str, Any]) -> str:
    """A hash of everything that decides what the model learns."""
    digest = hashlib.sha256()
    digest.update(f"format={FORMAT_VERSION}\n".encode())
    digest.update(json.dumps(library_versions(), sort_keys=True).encode())
    digest.update(json.dumps(params, sort_keys=True, default=str).encode())
    here = Path(__file__).parent
    for name in _FEATURE_SOURCES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    for path in training_files:
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def current_fingerprint(corpus_dir: Path) -> str:
    """The fingerprint a model trained on `corpus_dir` by this code would carry."""
    return fingerprint(training_files(corpus_dir), PARAMS)


def paths(model_dir: Path) -> tuple[Path, Path]:
    return model_dir / "models.skops", model_dir / "models.json"


def read_meta(model_dir: Path) -> dict[str, Any] | None:
    _, meta_path = paths(model_dir)
    try:
        return json.loads(meta_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def save(model_dir: Path, models: dict[str, Any], meta: dict[str, Any]) -> None:
    """Write the skops file, the serving files and the metadata, each atomically and the
    metadata last, so a second process never reads half a model."""
    import zipfile

    import skops.io as sio

    from bot.model import serving

    model_dir.mkdir(parents=True, exist_ok=True)
    model_path, meta_path = paths(model_dir)
    # The vocabulary is stored as JSON inside the zip; deflate shrinks it about thirtyfold.
    data = sio.dumps(models, compression=zipfile.ZIP_DEFLATED)
    arrays, vocabulary = serving.export(models)
    meta = {
        **meta,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size_bytes": len(data),
        "serving_sha256": {
            serving.ARRAYS: hashlib.sha256(arrays).hexdigest(),
            serving.VOCABULARY: hashlib.sha256(vocabulary).hexdigest(),
        },
        "serving_bytes": len(arrays) + len(vocabulary),
    }
    _atomic_write(model_path, data)
    _atomic_write(model_dir / serving.ARRAYS, arrays)
    _atomic_write(model_dir / serving.VOCABULARY, vocabulary)
    _atomic_write(meta_path, json.dumps(meta, indent=2, sort_keys=True).encode())


def load(model_dir: Path, expected_fingerprint: str) -> Artifact | None:
    """The saved models if they match `expected_fingerprint`; None when missing or stale."""
    import skops.io as sio

    meta = read_meta(model_dir)
    model_path, _ = paths(model_dir)
    if meta is None or not model_path.exists():
        return None
    if meta.get("fingerprint") != expected_fingerprint:
        log.info("model.stale", extra={"saved": meta.get("fingerprint", "")[:12]})
        return None
    data = model_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        log.warning("model.checksum_mismatch")
        return None
    untrusted = set(sio.get_untrusted_types(data=data))
    refused = untrusted - TRUSTED_TYPES
    if refused:
        raise ModelError(f"{model_path} contains types that are not trusted: {sorted(refused)}")
    return Artifact(sio.loads(data, trusted=sorted(untrusted)), meta)


def load_serving(model_dir: Path, expected_fingerprint: str):
    """The serving models if fresh and intact, else None; never imports the training stack."""
    from bot.model import serving

    meta = read_meta(model_dir)
    if meta is None or meta.get("fingerprint") != expected_fingerprint:
        return None
    return serving.load(model_dir, meta)


def _atomic_write(path: Path, data: bytes) -> None:
    import tempfile  # writing happens only after training

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
