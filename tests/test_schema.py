"""schema/ holds what the code generates; a stale file fails here."""
from claims import schema
from support import ROOT


def test_schema_files_are_up_to_date():
    stale = [name for name, content in schema.render().items()
             if (ROOT / "schema" / name).read_text(encoding="utf-8") != content]
    assert not stale, f"schema/ is out of date for {stale}: run `python -m claims.schema`"
