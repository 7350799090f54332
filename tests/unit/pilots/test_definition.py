"""Reading pilot and indicator definitions: every problem named by its line."""

import datetime as dt

import pytest

from tyonjako.pilots.definition import (
    DEFAULT_INDICATORS_PATH,
    DefinitionError,
    read_indicators,
    read_pilot,
)
from tyonjako.pilots.measures import MEASURES

PILOT = """\
key: trial-1
name: {fi: Kokeilu, sv: Försök}
period: {start: 1.3.2023, end: 2023-12-31}
places: [T1]
main_goal: {fi: Tavoite, sv: Mål}
indicators: [adoption_rate]
checkpoints:
  - {key: cp-1, name: {fi: Väli, sv: Mellan}, cut_off: 2023-07-31, report_due: 2023-09-30}
"""


def test_a_pilot_is_read_with_its_dates_in_either_spelling():
    pilot = read_pilot(PILOT, {"adoption_rate"})
    assert pilot.period.start == dt.date(2023, 3, 1)
    assert pilot.checkpoints[0].cut_off == dt.date(2023, 7, 31)
    assert pilot.places == ("T1",)


def test_every_problem_is_named_by_line():
    broken = PILOT.replace("cut_off: 2023-07-31", "cut_off: 2024-07-31").replace(
        "name: {fi: Kokeilu, sv: Försök}", "name: Kokeilu"
    )
    with pytest.raises(DefinitionError) as error:
        read_pilot(broken + "colour: blue\n", {"adoption_rate"})
    text = "\n".join(error.value.errors)
    assert "line 2: pilot.name: give the text in Finnish and Swedish" in text
    assert "cut-off is outside the pilot period" in text
    assert "pilot.colour: unknown key" in text


def test_an_unknown_indicator_and_bad_yaml_are_refused():
    with pytest.raises(DefinitionError, match="unknown indicator 'adoption_rate'"):
        read_pilot(PILOT, set())
    with pytest.raises(DefinitionError, match="line 3: not valid YAML"):
        read_pilot("key: trial\nname: [a\nplaces: b\n", None)


def test_a_checkpoint_due_before_its_cut_off_is_refused():
    with pytest.raises(DefinitionError, match="due before the data cut-off"):
        read_pilot(PILOT.replace("report_due: 2023-09-30", "report_due: 2023-07-01"), None)


def test_the_shipped_indicators_use_known_measures_and_say_everything_in_fi_and_sv():
    indicators = read_indicators(DEFAULT_INDICATORS_PATH.read_text(encoding="utf-8"), set(MEASURES))
    assert {"adoption_rate", "s42_compliance_rate", "override_rate"} <= set(indicators)
    for indicator in indicators.values():
        assert indicator.name.fi and indicator.name.sv
        assert indicator.description.fi and indicator.description.sv


def test_a_rate_needs_a_denominator():
    text = (
        "- {key: x, name: {fi: a, sv: b}, description: {fi: a, sv: b},"
        " statistic: rate, numerator: contacts}\n"
    )
    with pytest.raises(DefinitionError, match="needs a denominator"):
        read_indicators(text, set(MEASURES))


def test_the_shipped_seed_pilot_reads():
    text = DEFAULT_INDICATORS_PATH.with_name("seinajoki-2023.yaml").read_text(encoding="utf-8")
    known = set(read_indicators(DEFAULT_INDICATORS_PATH.read_text(encoding="utf-8")))
    pilot = read_pilot(text, known)
    assert [cp.cut_off for cp in pilot.checkpoints][1:] == [
        dt.date(2023, 7, 31),
        dt.date(2023, 10, 31),
    ]
    assert pilot.questions[-1].survey_questions[0] == "october-staff-survey:fits_health_care"


def test_a_key_given_twice_is_refused_with_its_line():
    """The one YAML reader (common/yamlines.py) remembers keys given twice."""
    with pytest.raises(DefinitionError) as error:
        read_pilot(PILOT + "places: [T2]\n", {"adoption_rate"})
    assert "line 9: pilot.places: given twice" in "\n".join(error.value.errors)
