import pytest
from django.core.management import CommandError, call_command

from tyonjako.caseload.models import Assignment, AssignmentKind
from tyonjako.clients.models import Client
from tyonjako.demo.build import DemoRefused, build_demo
from tyonjako.organisation.models import Team, Worker

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_bilingual_area_with_every_role() -> None:
    summary = build_demo()
    assert 40 <= summary.workers <= 50
    assert summary.clients == 2000
    roles = set(Worker.objects.values_list("role", flat=True))
    assert roles == {
        "counsellor",
        "social_worker",
        "lead",
        "secretary",
        "director",
        "evaluator",
        "admin",
    }
    assert any("sv" in w.languages for w in Worker.objects.all())
    assert Client.objects.filter(language="sv").count() > 400
    assert Team.objects.filter(kind="health_social_work").count() == 2


def test_every_counsellor_personal_worker_in_the_demo_is_a_real_counsellor() -> None:
    build_demo()
    kinds = set(
        Assignment.objects.filter(kind=AssignmentKind.PAIR).values_list("worker__role", flat=True)
    )
    assert kinds == {"social_worker"}


@pytest.mark.slow  # over 20 s (docs/testing.md); CI runs it
def test_the_demo_is_reproducible() -> None:
    build_demo()
    first = list(Client.objects.order_by("key").values_list("key", "language", "birth_year")[:50])
    from tyonjako.surveys.models import NamedResponse, Response, Round

    NamedResponse.objects.all().delete()
    Response.objects.all().delete()
    Round.objects.all().delete()
    Assignment.objects.all().delete()
    Client.objects.all().delete()
    Worker.objects.all().delete()
    from tyonjako.encounters.models import PrecountedTable
    from tyonjako.organisation.models import Post, TeamMembership, Unit
    from tyonjako.staffing.models import Scenario

    Scenario.objects.all().delete()
    PrecountedTable.objects.all().delete()
    Post.objects.all().delete()
    TeamMembership.objects.all().delete()
    Team.objects.all().delete()
    Unit.objects.all().delete()
    from tyonjako.organisation.models import ServiceArea

    ServiceArea.objects.all().delete()
    build_demo()
    assert (
        list(Client.objects.order_by("key").values_list("key", "language", "birth_year")[:50])
        == first
    )


def test_the_demo_refuses_a_database_with_data() -> None:
    build_demo()
    with pytest.raises(DemoRefused):
        build_demo()


def test_the_demo_command_refuses_when_debug_is_off(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("demo")


def test_the_demo_command_with_if_empty_succeeds_on_a_full_database(settings, capsys) -> None:
    settings.DEBUG = True
    call_command("demo")
    call_command("demo", "--if-empty")
    assert "demo not loaded" in capsys.readouterr().out
