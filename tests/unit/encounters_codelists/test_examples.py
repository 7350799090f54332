from __future__ import annotations

import re

import pytest

from tyonjako.encounters.codelists import EXAMPLES_DIR, parse_codes_csv, parse_thl_csv

EXPECTED = {
    "example-reasons.csv": "reason",
    "example-target-groups.csv": "target_group",
    "example-partners.csv": "partner",
    "example-referral-sources.csv": "referral_source",
    "example-destinations.csv": "destination",
    "example-codes.csv": "code",
}


def test_the_folder_holds_the_expected_files() -> None:
    names = {p.name for p in EXAMPLES_DIR.glob("*.csv")}
    assert names == {*EXPECTED, "example-thl-export.csv"}


@pytest.mark.parametrize(("name", "list_name"), sorted(EXPECTED.items()))
def test_example_parses_with_fi_and_sv(name: str, list_name: str) -> None:
    records = parse_codes_csv(EXAMPLES_DIR / name)
    assert len(records) >= 8
    assert {r.list for r in records} == {list_name}
    for record in records:
        assert record.labels.get("fi"), record
        assert record.labels.get("sv"), record
        assert record.labels.get("en"), record


def test_example_thl_export_has_fi_and_sv() -> None:
    records = parse_thl_csv(
        EXAMPLES_DIR / "example-thl-export.csv", list="referral_source", system=""
    ).records
    assert records
    for record in records:
        assert record.labels.get("fi") and record.labels.get("sv"), record
        assert record.code.startswith("EX")


def test_example_codes_are_local_or_icd10_z55_to_z65_only() -> None:
    records = parse_codes_csv(EXAMPLES_DIR / "example-codes.csv")
    assert {r.system for r in records} == {"local", "ICD10"}
    for record in records:
        if record.system == "ICD10":
            match = re.fullmatch(r"Z(\d\d)(\.\d)?", record.code)
            assert match and 55 <= int(match.group(1)) <= 65, record.code
    codes = {r.code for r in records}
    assert {"Z59.0", "Z59.1", "Z59.5", "Z59.6", "Z60.4", "Z63.0", "Z65.1"} <= codes


def test_no_example_presents_spat_or_rs() -> None:
    for path in EXAMPLES_DIR.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(SPAT|RS)\b", text), path.name


def test_readme_marks_everything_as_example() -> None:
    readme = (EXAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    assert "EXAMPLE ONLY" in readme
    assert "not official" in readme
    assert "unofficial" in readme
    for path in EXAMPLES_DIR.glob("*.csv"):
        assert f"`{path.name}`" in readme


def test_package_does_not_import_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tyonjako.encounters.codelists\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework'}]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
