"""The feedback loop: a shared correction, exported for review, reviewed, retrained, fixed."""

import shutil

from bot.core.brain import load_models
from bot.model.candidates import export
from bot.model.verdict import Brain

CORRECTED = "Chair the weekly vendor call for the badge-reader replacement at our head office"


def correct(store, brain, label, *, shared):
    """A user's click on a verdict for CORRECTED, with or without sharing the text."""
    verdict_id = store.verdicts.record(
        brain.classify(CORRECTED),
        team_id="T1",
        user_id="U1",
        channel_id="D1",
        surface="dm",
        text=CORRECTED,
    )
    store.feedback.record(verdict_id, team_id="T1", user_id="U1", label=label, share_text=shared)


def test_a_reviewed_correction_changes_the_verdict_after_retraining(tmp_path, store, small_model):
    corpus = shutil.copytree(small_model[0], tmp_path / "corpus")
    shutil.copytree(small_model[1], tmp_path / "model")
    brain = Brain(load_models(corpus, tmp_path / "model"))
    before = brain.classify(CORRECTED)
    target = "program" if before.role != "program" else "product"

    correct(store, brain, target, shared=True)
    counts = export(brain, store.feedback.for_review(), tmp_path / "candidates")
    assert counts[target] == 1

    # The review: a person reads the candidates and moves the lines they accept.
    reviewed = [
        line
        for line in (tmp_path / "candidates" / f"{target}.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert reviewed == [CORRECTED]
    with (corpus / "roles" / "en" / f"{target}.txt").open("a") as handle:
        handle.write("\n".join(reviewed) + "\n")

    after = Brain(load_models(corpus, tmp_path / "model")).classify(CORRECTED)
    assert (before.role, after.role) == (before.role, target) and before.role != target


def test_unshared_feedback_never_becomes_a_candidate(tmp_path, store, brain):
    correct(store, brain, "program", shared=False)
    assert export(brain, store.feedback.for_review(), tmp_path / "c") == dict.fromkeys(
        ("project", "program", "product", "other"), 0
    )


def test_the_feedback_and_privacy_commands(cli, brain, tmp_path):
    from bot.store import Store

    run, url = cli, cli.database_url
    assert run("feedback", "stats").exit_code == 2  # no schema yet: one line saying what to run
    assert run("db", "upgrade").stdout.strip() == "schema at 0004"
    store = Store.from_url(url)
    correct(store, brain, "program", shared=True)
    store.engine.dispose()
    stats = run("feedback", "stats")
    assert stats.exit_code == 0 and "0 of 1" in stats.stdout
    out = run("feedback", "export", "--out", tmp_path / "cand")
    assert out.exit_code == 0 and "review them" in out.stdout
    assert CORRECTED in (tmp_path / "cand" / "program.txt").read_text()
    assert run("forget").exit_code == 2
    gone = run("forget", "--user", "U1")
    assert gone.exit_code == 0 and "verdicts: 1" in gone.stdout
    assert run("db", "expire").exit_code == 0
    assert run("feedback", "stats").stdout.strip() == "no feedback yet"
