"""Who is who kept up to date run by run: a run reconsiders the speakers it wrote and those
they could be one person with, and what it leaves is what computing every identity again
would make."""
from __future__ import annotations

from claims import extract
from claims.identity import Aliases, rebuild_identities, update_identities
from claims.pipeline import refresh_derived
from claims.store import document_rows, open_db, write_rows
from support import from_scratch

STORIES = {
    "a.txt": "Interior minister Farid Benhalima said 40 suspects were arrested on Monday.",
    "b.txt": "Mayor Tom Okafor said 300 homes lost power. Okafor added that crews were at work.",
    "c.txt": "Farid Benhalime told reporters that 45 suspects had been arrested.",
    "d.txt": "The NEA said 35 people were evacuated from the valley.",
    "e.txt": "The National Emergency Agency (NEA) said 30 people were evacuated. NEA director Sara Lind said 12 "
             "homes were destroyed.",
    "f.txt": "Farida Benhalima, a lawyer, said 3 of the suspects were released.",
}


def _write(db, name: str, text: str | None = None):
    write_rows(db, document_rows(extract(text or STORIES[name], source=name)))


def _who(db) -> dict:
    return {
        "identities": sorted(db.execute("SELECT id, name, members, reasons FROM identities").fetchall()),
        "speakers": sorted(db.execute("SELECT id, identity_id FROM speakers").fetchall()),
    }


def _computed_from_scratch(db, tmp_path) -> dict:
    def recompute(copy):
        rebuild_identities(copy)
        return _who(copy)

    return from_scratch(db, tmp_path, recompute)


def _identity(db, speaker: str) -> str:
    return db.execute("SELECT identity_id FROM speakers WHERE id = ?", [speaker]).fetchone()[0]


def test_identities_built_run_by_run_equal_identities_built_at_once(tmp_path):
    db = open_db(tmp_path / "c.db")
    for name in STORIES:
        _write(db, name)
        refresh_derived(db)
        assert _who(db) == _computed_from_scratch(db, tmp_path), name
    assert _identity(db, "farid benhalime") == _identity(db, "farid benhalima")
    assert _identity(db, "nea") == _identity(db, "national emergency agency")
    assert _identity(db, "farida benhalima") != _identity(db, "farid benhalima")
    db.conn.close()


def test_a_run_reconsiders_only_the_speakers_it_could_affect(tmp_path):
    db = open_db(tmp_path / "c.db")
    for name in ("a.txt", "b.txt", "d.txt", "e.txt"):
        _write(db, name)
    refresh_derived(db)
    _write(db, "c.txt")
    assert [row[0] for row in db.execute("SELECT speaker_id FROM stale_speakers")] == ["farid benhalime"]
    # The new spelling, and the one speaker in its block it turns out to be; nobody else.
    assert update_identities(db) == 2
    assert update_identities(db) == 0  # nothing written since
    assert _identity(db, "farid benhalime") == _identity(db, "farid benhalima")
    assert _who(db) == _computed_from_scratch(db, tmp_path)
    db.conn.close()


def test_a_rewritten_document_gives_up_its_speakers_claims(tmp_path):
    """The name an identity goes by follows the claims its speakers have: a document
    rewritten without its speaker changes that, and is reconsidered."""
    db = open_db(tmp_path / "c.db")
    for name in ("a.txt", "c.txt"):
        _write(db, name)
    _write(db, "g.txt", "Farid Benhalime said 50 suspects were arrested. Farid Benhalime said 8 were freed.")
    refresh_derived(db)
    assert db.execute("SELECT name FROM identities").fetchall() == [("Farid Benhalime",)]
    rows = document_rows(extract("Farid Benhalime said 50 suspects were arrested. Farid Benhalime said 8 were"
                                 " freed.", source="g.txt"))
    rows.claims = [c[:17] + (None, None, None) + c[20:] for c in rows.claims]  # speaker, its id and resolved name
    rows.speakers = []
    write_rows(db, rows)
    assert refresh_derived(db)[1]
    assert _who(db) == _computed_from_scratch(db, tmp_path)
    db.conn.close()


def test_aliases_given_recompute_every_identity(tmp_path):
    db = open_db(tmp_path / "c.db")
    for name in ("a.txt", "b.txt"):
        _write(db, name)
    refresh_derived(db)
    refresh_derived(db, Aliases(same=[["Farid Benhalima", "Tom Okafor"]]))
    assert _identity(db, "tom okafor") == _identity(db, "farid benhalima")
    _write(db, "c.txt")  # the pinned alias holds for what later runs add
    refresh_derived(db)
    assert len({_identity(db, s) for s in ("tom okafor", "farid benhalima", "farid benhalime")}) == 1
    assert _who(db) == _computed_from_scratch(db, tmp_path)
    db.conn.close()
