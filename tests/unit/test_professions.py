"""Issue 14 §5: the professions are defined once (common/professions.py); the
organisation's choices, the task catalogue, job descriptions, staffing, the caseload
rules and the statistics filter take them from there."""

import pytest

from tyonjako.caseload.rules import facts
from tyonjako.common import professions
from tyonjako.organisation.choices import JobTitle, Profession, profession_choices
from tyonjako.staffing.rules import costs
from tyonjako.tasks.catalogue import model


def test_the_organisation_spells_every_profession_of_the_table() -> None:
    assert tuple(Profession.values) == professions.ALL_PROFESSIONS
    assert set(professions.PROFESSIONS) <= set(professions.ALL_PROFESSIONS)
    assert [code for code, _label in profession_choices()] == list(professions.PROFESSIONS)


def test_the_catalogue_staffing_and_caseload_rules_read_the_same_table() -> None:
    assert model.PROFESSIONS is professions.ALL_PROFESSIONS
    assert model.DESCRIBED_PROFESSIONS is professions.PROFESSIONS
    for module in (model, costs, facts):
        assert module.SOCIAL_WORKER is professions.SOCIAL_WORKER
        assert module.COUNSELLOR is professions.COUNSELLOR
        assert module.OTHER is professions.OTHER


@pytest.mark.parametrize("title", JobTitle.values)
def test_every_job_title_counts_as_a_profession_of_the_table(title: str) -> None:
    profession = professions.profession_of_title(title)
    assert profession in professions.ALL_PROFESSIONS
    if profession in professions.PROFESSIONS:
        assert title in professions.titles_of_profession(profession)


def test_the_statistics_filter_offers_the_professions_work_is_divided_between() -> None:
    from django.conf import settings

    if not settings.configured:  # pragma: no cover - the unit tests run with settings
        pytest.skip("needs Django settings")
    from tyonjako.encounters.forms import StatisticsForm

    offered = [code for code, _label in StatisticsForm.base_fields["profession"].choices]
    assert offered == ["", *professions.PROFESSIONS]
