from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tyonjako.organisation.loader import OrganisationFileError, load_organisation
from tyonjako.organisation.models import Post, Team, TeamMembership, Unit, Worker

pytestmark = pytest.mark.django_db

# Long lines are the point here: the line numbers in the messages must match.
# ruff: noqa: E501

YAML = """\
wellbeing_area: {code: POHJ, name_fi: Pohjanmaan hyvinvointialue, name_sv: Välfärdsområdet i Österbotten}
service_areas:
  - code: KESKI
    name_fi: Keskinen palvelualue
    name_sv: Mellersta serviceområdet
    units:
      - code: KESKI-ASTY
        name_fi: Aikuissosiaalityö
        name_sv: Vuxensocialarbete
        teams:
          - {code: KESKI-1829, name_fi: Nuoret aikuiset, name_sv: Unga vuxna, kind: adult_social_work, age_min: 18, age_max: 29}
workers:
  - username: aino
    first_name: Aino
    role: counsellor
    job_title: counsellor
    licence: sosionomi
    fte: 0.8
    languages: [fi, sv]
    teams:
      - {team: KESKI-1829, start: 1.3.2023}
posts:
  - {code: SO-1, unit: KESKI-ASTY, team: KESKI-1829, profession: counsellor, fte: 0.8, holder: aino}
  - {code: STT-AVOIN, unit: KESKI-ASTY, profession: social_worker}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_organisation_loads_in_full(tmp_path: Path) -> None:
    report = load_organisation(write(tmp_path, "org.yaml", YAML))
    assert report.created == {
        "area": 1,
        "service_area": 1,
        "unit": 1,
        "team": 1,
        "worker": 1,
        "membership": 1,
        "post": 2,
    }
    team = Team.objects.get(code="KESKI-1829")
    assert (team.age_min, team.age_max, team.unit.code) == (18, 29, "KESKI-ASTY")
    worker = Worker.objects.get(user__username="aino")
    assert worker.languages == ["fi", "sv"] and str(worker.fte) == "0.80"
    assert TeamMembership.objects.get().start.isoformat() == "2023-03-01"
    assert Post.objects.get(code="STT-AVOIN").is_open


def test_loading_the_same_file_again_updates_instead_of_duplicating(tmp_path: Path) -> None:
    path = write(tmp_path, "org.yaml", YAML)
    load_organisation(path)
    report = load_organisation(path)
    assert report.created == {} and report.updated["team"] == 1
    assert Team.objects.count() == 1


def test_every_problem_is_reported_with_line_and_field_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    bad = YAML.replace("role: counsellor", "role: janitor").replace(
        "team: KESKI-1829, start", "team: NOPE, start"
    )
    with pytest.raises(OrganisationFileError) as error:
        load_organisation(write(tmp_path, "org.yaml", bad))
    assert "line 13: worker.role: unknown value 'janitor'" in error.value.errors[0]
    assert any(
        "line 21: membership.team: unknown team code 'NOPE'" in e for e in error.value.errors
    )
    assert not Unit.objects.exists() and not Worker.objects.exists()


def test_a_csv_organisation_loads_with_semicolons(tmp_path: Path) -> None:
    text = (
        "kind;code;parent;name_fi;name_sv;username;role;job_title;languages;team;start;unit;profession\n"
        "area;POHJ;;Pohjanmaa;Österbotten;;;;;;;;\n"
        "service_area;ETELA;POHJ;Etelä;Syd;;;;;;;;\n"
        "unit;ETELA-ASTY;ETELA;Aikuissosiaalityö;Vuxensocialarbete;;;;;;;;\n"
        "team;ETELA-3064;ETELA-ASTY;Aikuiset;Vuxna;;;;;;;;\n"
        "worker;;;;;johan;social_worker;social_worker;sv|fi;;;;\n"
        "membership;;;;;johan;;;;ETELA-3064;2024-01-01;;\n"
        "post;STT-1;;;;;;;;;;ETELA-ASTY;social_worker\n"
    )
    load_organisation(write(tmp_path, "org.csv", text))
    assert Worker.objects.get().languages == ["sv", "fi"]
    assert Team.objects.get().unit.code == "ETELA-ASTY"


def test_a_csv_error_names_its_line(tmp_path: Path) -> None:
    text = "kind,code,parent,name_fi,name_sv\narea,POHJ,,Pohjanmaa,Österbotten\nunit,X,MISSING,Yksikkö,Enhet\n"
    with pytest.raises(OrganisationFileError) as error:
        load_organisation(write(tmp_path, "org.csv", text))
    assert error.value.errors == ["line 3: unit.parent: unknown service area code 'MISSING'"]


def test_the_command_reports_problems_and_exits_with_an_error(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "org.yaml", "workers:\n  - {username: x, role: lead}\n")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("org", "load", str(path))
    assert "line 2: worker.job_title: required" in capsys.readouterr().err


def test_an_unknown_file_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OrganisationFileError, match=r"use a \.yaml"):
        load_organisation(write(tmp_path, "org.txt", "x"))
