"""Figure groups kept up to date run by run: a run regroups the subjects its documents
touched, and what it leaves is what regrouping the whole archive would make."""
from __future__ import annotations

from claims import extract
from claims.conflicts import rebuild_conflicts, update_conflicts
from claims.pipeline import refresh_derived
from claims.store import document_rows, open_db, write_rows
from support import from_scratch

FIGHTERS = "fighter ruritanian (joined)"
FIREFIGHTERS = "firefighter volunteer (killed)"
STORIES = {
    "ministry.txt": "The interior ministry said 1,200 Ruritanian fighters had joined armed groups abroad.",
    "institute.txt": "A research institute estimated that 1,600 Ruritanian fighters had joined armed groups abroad.",
    "rescuers.txt": "Rescuers said 14 volunteer firefighters were killed in the warehouse blaze on Monday.",
    "union.txt": "The firefighters' union said 19 volunteer firefighters were killed in the warehouse blaze.",
    "mayor.txt": "The mayor said 21 volunteer firefighters were killed in the warehouse blaze.",
}


def _write(db, name: str):
    rows = document_rows(extract(STORIES[name], source=name))
    write_rows(db, rows)
    return rows


def _groups(db) -> dict:
    """Everything grouping writes, in an order that does not depend on write order."""
    return {
        "groups": sorted(db.execute("SELECT id, subject, event, conflict, members, documents, low, high, subject_key"
                                    " FROM figure_groups").fetchall()),
        "members": sorted(db.execute("SELECT group_id, claim_id FROM figure_group_members").fetchall()),
        "flags": sorted(db.execute("SELECT id, conflict_group FROM claims").fetchall(), key=repr),
    }


def _regrouped_from_scratch(db, tmp_path) -> dict:
    def regroup(copy):
        rebuild_conflicts(copy)
        return _groups(copy)

    return from_scratch(db, tmp_path, regroup)


def _subjects(db) -> set[str]:
    return {row[0] for row in db.execute("SELECT subject FROM figure_groups")}


def test_groups_built_run_by_run_equal_groups_built_at_once(tmp_path):
    db = open_db(tmp_path / "c.db")
    for name in STORIES:
        _write(db, name)
        refresh_derived(db)
        assert _groups(db) == _regrouped_from_scratch(db, tmp_path), name
    assert _subjects(db) == {FIGHTERS, FIREFIGHTERS}
    assert db.execute("SELECT count(*) FROM figure_groups WHERE conflict = 1").fetchone()[0] == 2
    db.conn.close()


def test_a_run_regroups_only_the_subjects_its_documents_touch(tmp_path):
    db = open_db(tmp_path / "c.db")
    for name in ("ministry.txt", "institute.txt", "rescuers.txt", "union.txt"):
        _write(db, name)
    refresh_derived(db)
    untouched = db.execute("SELECT rowid, * FROM figure_groups WHERE subject = ?", [FIGHTERS]).fetchall()
    assert untouched
    _write(db, "mayor.txt")
    assert [row[0] for row in db.execute("SELECT subject FROM stale_subjects")] == \
        [row[0] for row in db.execute("SELECT subject_key FROM figure_groups WHERE subject = ?", [FIREFIGHTERS])]
    assert update_conflicts(db) == 1
    assert db.execute("SELECT rowid, * FROM figure_groups WHERE subject = ?", [FIGHTERS]).fetchall() == untouched
    assert db.execute("SELECT members FROM figure_groups WHERE subject = ?", [FIREFIGHTERS]).fetchone()[0] == 3
    assert update_conflicts(db) == 0  # nothing written since
    assert _groups(db) == _regrouped_from_scratch(db, tmp_path)
    db.conn.close()


def test_a_rewritten_document_leaves_the_groups_its_old_figures_were_in(tmp_path):
    db = open_db(tmp_path / "c.db")
    for name in ("ministry.txt", "institute.txt", "rescuers.txt"):
        _write(db, name)
    refresh_derived(db)
    assert _subjects(db) == {FIGHTERS}
    # The same document written again (a rules change, --force) now counts something else.
    rows = document_rows(extract(STORIES["institute.txt"], source="institute.txt"))
    rows.claims = [c[:13] + ("Ruritanian volunteers",) + c[14:] for c in rows.claims]
    rows.figures = [f[:2] + (f[2].replace("fighter", "volunteer"), f[3].replace("fighter", "volunteer")) + f[4:]
                    for f in rows.figures]
    write_rows(db, rows)
    refresh_derived(db)
    assert _subjects(db) == set()
    assert db.execute("SELECT count(*) FROM figure_group_members").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM claims WHERE conflict_group IS NOT NULL").fetchone()[0] == 0
    assert _groups(db) == _regrouped_from_scratch(db, tmp_path)
    db.conn.close()


def test_each_figure_with_a_subject_is_stored_with_it_and_the_rest_are_not(tmp_path):
    db = open_db(tmp_path / "c.db")
    text = ("The firefighters' union said 19 volunteer firefighters were killed in the warehouse blaze,"
            " which destroyed 40% of the building.")
    rows = document_rows(extract(text, source="union.txt"))
    write_rows(db, rows)
    figures = dict(db.execute("SELECT text, id FROM claims WHERE kind = 'statistic'").fetchall())
    assert set(figures) == {"19", "40%"}  # a share has no subject to compare
    stored = db.execute("SELECT claim_id, tokens, event, low, high, speaker FROM figure_subjects").fetchall()
    assert stored == [(figures["19"], "firefighter volunteer", "killed", 19.0, 19.0, "firefighters' union")]
    assert [f[0] for f in rows.figures] == [figures["19"]]
    db.conn.close()
