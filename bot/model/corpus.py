"""Load the labelled corpus: one item per line, the label from the file or folder name."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.errors import CorpusError
from bot.model import INTENTS, LANGUAGES, LINE_LABELS, ROLES


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: str  # "file:line", so a bad label can be found and fixed


@dataclass(frozen=True)
class Posting:
    text: str
    label: str
    source: str
    title: str | None = None
    title_role: str | None = None  # None when the title claims no role for sure ("none")
    language: str = "en"


def read_lines(path: Path, label: str) -> list[Example]:
    """Items of one file; `#` comments and blank lines are skipped."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 ({exc.reason})") from None
    examples = []
    for number, line in enumerate(raw.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            examples.append(Example(line, label, f"{path}:{number}"))
    return examples


def load_labelled_dir(folder: Path, labels: Iterable[str]) -> list[Example]:
    """Every `<label>.txt` in `folder`; an unknown file name is an error, not a silent skip."""
    labels = tuple(labels)
    files = sorted(folder.glob("*.txt"))
    unknown = [f.name for f in files if f.stem not in labels]
    if unknown:
        raise CorpusError(
            f"{folder}: unknown label file(s) {', '.join(unknown)}; expected {labels}"
        )
    missing = [label for label in labels if not (folder / f"{label}.txt").exists()]
    if missing:
        raise CorpusError(f"{folder}: no examples for {', '.join(missing)}")
    examples: list[Example] = []
    for path in files:
        examples.extend(read_lines(path, path.stem))
    return examples


def training_files(corpus_dir: Path) -> list[Path]:
    """The files training reads, in a stable order: what the model fingerprint hashes."""
    return (
        sorted((corpus_dir / "roles").glob("*/*.txt"))
        + sorted((corpus_dir / "questions").glob("*.txt"))
        + sorted((corpus_dir / "intents").glob("*.txt"))
        + sorted((corpus_dir / "postings").glob("*/*"))
    )


def load_roles(corpus_dir: Path) -> list[Example]:
    """Labelled lines of job ads in every language folder under `roles/`."""
    root = corpus_dir / "roles"
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    unknown = [f.name for f in folders if f.name not in LANGUAGES]
    if unknown:
        raise CorpusError(f"{root}: unknown language folder(s) {', '.join(unknown)}")
    if not folders:
        raise CorpusError(f"{root}: no language folders ({', '.join(LANGUAGES)})")
    examples: list[Example] = []
    for folder in folders:
        files = sorted(folder.glob("*.txt"))
        strays = [f.name for f in files if f.stem not in LINE_LABELS]
        if strays:
            raise CorpusError(
                f"{folder}: unknown label file(s) {', '.join(strays)}; expected {LINE_LABELS}"
            )
        for path in files:
            examples.extend(read_lines(path, path.stem))
    missing = set(LINE_LABELS) - {e.label for e in examples}
    if missing:
        raise CorpusError(f"{root}: no examples for {', '.join(sorted(missing))}")
    return examples


def load_question_lines(corpus_dir: Path) -> list[Example]:
    """Duties as people paste them into a question: terse, often after a title. Optional."""
    root = corpus_dir / "questions"
    return load_labelled_dir(root, ROLES) if root.is_dir() else []


def load_intents(corpus_dir: Path) -> list[Example]:
    return load_labelled_dir(corpus_dir / "intents", INTENTS)


def load_test_intents(corpus_dir: Path) -> list[Example]:
    return load_labelled_dir(corpus_dir / "test" / "intents", INTENTS)


def load_postings(corpus_dir: Path) -> list[Posting]:
    """Whole training postings; the folder is the label, `titles.tsv` gives the title facts."""
    return _postings_under(corpus_dir / "postings", required=False)


def _tsv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CorpusError(f"{path}: cannot read ({exc})") from None


@dataclass(frozen=True)
class Question:
    """A held-out role-check question: what the role is, and for `other` what it is closer to."""

    text: str
    role: str
    closer_to: str | None
    source: str


def load_test_questions(corpus_dir: Path, kinds: Iterable[str]) -> list[Question]:
    """`test/questions.tsv`: columns role, closer_to (a kind for `other`, else empty), question."""
    path = corpus_dir / "test" / "questions.tsv"
    known = set(kinds)
    questions = []
    for number, row in enumerate(_tsv(path), start=2):
        role, kind, text = row.get("role"), row.get("closer_to") or None, row.get("question")
        if role not in ROLES or not text:
            raise CorpusError(f"{path}:{number}: needs a role in {ROLES} and a question")
        if (role == "other") != (kind is not None) or (kind is not None and kind not in known):
            raise CorpusError(
                f"{path}:{number}: closer_to is one of {sorted(known)} for other only"
            )
        questions.append(Question(text, role, kind, f"{path}:{number}"))
    if not questions:
        raise CorpusError(f"{path}: no questions")
    return questions


@dataclass(frozen=True)
class Experience:
    """A held-out message about the sender's own work (`self`) or a career question that
    mentions it (`advice`), with what that work is."""

    text: str
    role: str
    kind: str
    source: str


@dataclass(frozen=True)
class FitCase:
    """A held-out "should I apply?" pair and how well the experience covers the posting."""

    me: str
    posting: str
    posting_role: str
    me_role: str
    match: str  # yes | partly | no
    source: str


def load_test_experience(corpus_dir: Path) -> list[Experience]:
    """`test/experience.tsv`: columns role, kind (self | advice), message."""
    path = corpus_dir / "test" / "experience.tsv"
    out = []
    for number, row in enumerate(_tsv(path), start=2):
        if row.get("role") not in ROLES or row.get("kind") not in ("self", "advice"):
            raise CorpusError(f"{path}:{number}: needs a role in {ROLES} and a kind (self, advice)")
        out.append(Experience(row["message"], row["role"], row["kind"], f"{path}:{number}"))
    return out


def load_test_fits(corpus_dir: Path) -> list[FitCase]:
    """`test/fit/fit.tsv` (pair, posting_role, me_role, match) with `NN-me.txt`, `NN-posting.txt`."""
    root = corpus_dir / "test" / "fit"
    out = []
    for number, row in enumerate(_tsv(root / "fit.tsv"), start=2):
        where = f"{root / 'fit.tsv'}:{number}"
        if {row.get("posting_role"), row.get("me_role")} - set(ROLES) or row.get("match") not in (
            "yes",
            "partly",
            "no",
        ):
            raise CorpusError(f"{where}: needs roles in {ROLES} and a match (yes, partly, no)")
        try:
            me = (root / f"{row['pair']}-me.txt").read_text(encoding="utf-8")
            posting = (root / f"{row['pair']}-posting.txt").read_text(encoding="utf-8")
        except OSError as exc:
            raise CorpusError(f"{where}: {exc}") from None
        out.append(FitCase(me, posting, row["posting_role"], row["me_role"], row["match"], where))
    return out


def load_test_postings(corpus_dir: Path) -> list[Posting]:
    """Held-out whole postings, in the same layout as the training ones."""
    return _postings_under(corpus_dir / "test" / "postings")


def _postings_under(root: Path, *, required: bool = True) -> list[Posting]:
    postings: list[Posting] = []
    for label in ROLES:
        folder = root / label
        titles = _read_titles(folder / "titles.tsv")
        for path in sorted(folder.glob("*.txt")):
            title, title_role, language = titles.get(path.name, (None, None, "en"))
            postings.append(
                Posting(
                    path.read_text(encoding="utf-8"), label, str(path), title, title_role, language
                )
            )
    if required and not postings:
        raise CorpusError(f"{root}: no postings")
    return postings


def _read_titles(path: Path) -> dict[str, tuple[str, str | None, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = {}
    for number, row in enumerate(rows, start=2):
        role = (row.get("title_role") or "").strip()
        if role not in (*ROLES, "none"):
            raise CorpusError(f"{path}:{number}: title_role {role!r} is not one of {ROLES} or none")
        language = (row.get("language") or "en").strip()
        if language not in LANGUAGES:
            raise CorpusError(f"{path}:{number}: language {language!r} is not one of {LANGUAGES}")
        out[row["file"].strip()] = (
            row["title"].strip(),
            None if role == "none" else role,
            language,
        )
    return out
