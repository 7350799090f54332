"""The model description: written sections win, empty ones are prefilled from the pilot."""

from tyonjako.pilots.definition import DEFAULT_INDICATORS_PATH, read_pilot
from tyonjako.pilots.innokyla import PATH_FIELDS, SECTIONS, as_markdown, prefill, sections


def _pilot():
    return read_pilot(
        DEFAULT_INDICATORS_PATH.with_name("seinajoki-2023.yaml").read_text(encoding="utf-8")
    )


def test_there_are_ten_sections_and_seven_path_fields():
    assert len(SECTIONS) == 10
    assert len(PATH_FIELDS) == 7


def test_prefill_draws_goals_period_places_and_figures():
    texts = prefill(
        _pilot(),
        "fi",
        indicator_lines=["Käyttöönotto: 69,2 %"],
        conclusions="Toimii.",
        decision="Kaksi tointa muutetaan.",
        place_names=["Osasto A21"],
    )
    assert "1.3.2023–31.12.2023: Osasto A21" in texts["what_is_it"]
    assert "- Käyttöönotto: 69,2 %" in texts["evaluation"]
    assert texts["further_development"] == "Kaksi tointa muutetaan."


def test_a_written_section_replaces_the_prefilled_text_and_markdown_keeps_the_order():
    items = sections({"links": {"fi": "innokyla.fi"}}, {"what_is_it": "Esitys"}, "fi")
    assert items[0].prefilled and items[0].text == "Esitys"
    links = next(item for item in items if item.key == "links")
    assert not links.prefilled and links.text == "innokyla.fi"
    text = as_markdown("Malli", items, "Kehittämisen polku")
    assert text.index("## 1.") < text.index("## 10.") < text.index("## Kehittämisen polku")
