"""Issue 14 §5: the import's columns are described once (encounters/importing/columns.py);
the profiles, the row validation, the fast path, the canonical profile and the docs
follow that table."""

import re
from pathlib import Path

import yaml

from tyonjako.encounters.importing import columns, fast, profiles, rows
from tyonjako.encounters.importing.profiles import PROFILES_DIR

DOCS = Path(__file__).resolve().parents[3] / "docs" / "import-format.md"


def test_the_profiles_and_the_rows_read_the_one_table() -> None:
    assert profiles.CANONICAL_COLUMNS is columns.CANONICAL_COLUMNS
    assert profiles.MAPPABLE is columns.MAPPABLE
    assert profiles.LIST_COLUMNS is columns.LIST_COLUMNS
    assert set(columns.REQUIRED_COLUMNS) == {"date", "unit", "contact_type"}
    assert set(rows._TEXT_COLUMNS) | columns.LIST_COLUMNS >= columns.TEXT_TARGETS
    # every value a profile can name unknown has a word for the error message
    assert set(columns.NOUNS) >= columns.TEXT_TARGETS


def test_the_fast_path_looks_up_only_columns_of_the_table() -> None:
    names = [name for name, _may_create in fast._ORDER]
    assert set(names) <= set(columns.CANONICAL_COLUMNS)
    assert {name for name in names if name in columns.LIST_COLUMNS} == set(columns.LIST_COLUMNS)


def test_the_canonical_profile_maps_every_column_onto_itself() -> None:
    data = yaml.safe_load((PROFILES_DIR / "canonical.yaml").read_text(encoding="utf-8"))
    assert list(data["columns"].items()) == [(c, c) for c in columns.CANONICAL_COLUMNS]


def test_the_docs_describe_every_column_in_order_and_say_which_are_required() -> None:
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("## Canonical columns", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|([^|]*)\|", table, flags=re.MULTILINE)
    assert [name for name, _ in documented] == list(columns.CANONICAL_COLUMNS)
    required = {name for name, mark in documented if mark.strip() == "**yes**"}
    assert required == set(columns.REQUIRED_COLUMNS)
    for column in columns.COLUMNS:
        for choice in column.choices:
            row = next(line for line in table.splitlines() if line.startswith(f"| `{column.name}`"))
            assert f"`{choice}`" in row, (column.name, choice)
