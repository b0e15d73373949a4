"""Who is who across documents: spellings, acronyms, and the user's own aliases file."""
from __future__ import annotations

import json

from claims.identity import Aliases, cluster, same_person
from claims.resolve import find_acronyms
from support import claims_cli, export_rows, write_articles


def test_spellings_of_one_surname_are_one_person():
    assert same_person("Abdelhak Khiame", "Abdelhak Khiam")
    assert same_person("Abdelhak Khiam", "Abdelhak el-Khayam")
    assert not same_person("Ali Hassan", "Ali Hussein")
    assert not same_person("Jane Doe", "John Doe")


def test_a_text_defines_its_acronyms():
    text = "Morocco’s Central Bureau of Judicial Investigation (BCIJ) said on Monday it had arrested three men."
    assert find_acronyms(text) == [("BCIJ", "Central Bureau of Judicial Investigation")]


def test_aliases_pin_and_split():
    names = {"a": "Ana Ruiz", "b": "A. Ruiz-Vega", "c": "Ali Hassan", "d": "Ali Hasan"}
    kinds = dict.fromkeys(names, "person")
    auto = {i.members for i in cluster(names, kinds, {}, Aliases())}
    assert ("c", "d") in auto and ("a",) in auto
    pinned = {i.members for i in cluster(names, kinds, {}, Aliases(same=[["Ana Ruiz", "A. Ruiz-Vega"]],
                                                                     different=[["Ali Hassan", "Ali Hasan"]]))}
    assert ("a", "b") in pinned and ("c",) in pinned and ("d",) in pinned


def test_extract_records_identities_and_respects_an_aliases_file(tmp_path):
    folder = write_articles(tmp_path / "in", {
        "a.txt": "Police chief Jana Novakova said 40 people were arrested on Monday.",
        "b.txt": "Police chief Jana Novakowa said the 40 arrests were lawful and necessary.",
    })
    db = tmp_path / "c.db"
    assert claims_cli("extract", folder, "--db", db).returncode == 0
    found = json.loads(claims_cli("identities", "--db", db, "--json").stdout)
    assert [sorted(i["names"]) for i in found] == [["Jana Novakova", "Jana Novakowa"]]
    assert found[0]["reasons"]
    rows = export_rows(db)
    assert {r["speaker_identity"] for r in rows if r["speaker"]} == {found[0]["name"]}

    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"different": [["Jana Novakova", "Jana Novakowa"]]}), encoding="utf-8")
    assert claims_cli("extract", folder, "--db", db, "--aliases", aliases).returncode == 0
    assert json.loads(claims_cli("identities", "--db", db, "--json").stdout) == []
    # The split is kept: a later run without --aliases still respects it.
    assert claims_cli("extract", folder, "--db", db).returncode == 0
    assert json.loads(claims_cli("identities", "--db", db, "--json").stdout) == []


def test_a_broken_aliases_file_is_a_fatal_error_naming_it(tmp_path):
    bad = tmp_path / "aliases.json"
    bad.write_text("{not json", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Officials said 3 people died.", encoding="utf-8")
    result = claims_cli("extract", tmp_path / "a.txt", "--db", tmp_path / "c.db", "--aliases", bad)
    assert result.returncode == 2 and "aliases.json" in result.stderr.decode()
