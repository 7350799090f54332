"""factory_boy factories with Finnish and Swedish fake data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from tyonjako.caseload.models import Assignment, AssignmentKind
from tyonjako.clients.models import Client
from tyonjako.organisation.models import (
    Post,
    ServiceArea,
    Team,
    TeamMembership,
    Unit,
    WellbeingArea,
    Worker,
)


class WellbeingAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingArea
        django_get_or_create = ("code",)

    code = "POHJ"
    name_fi = "Pohjanmaan hyvinvointialue"
    name_sv = "Välfärdsområdet i Österbotten"
    name_en = "Ostrobothnia wellbeing services county"


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    wellbeing_area = factory.SubFactory(WellbeingAreaFactory)
    code = factory.Sequence(lambda n: f"PA{n}")
    name_fi = factory.Sequence(lambda n: f"Palvelualue {n}")
    name_sv = factory.Sequence(lambda n: f"Serviceområde {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    service_area = factory.SubFactory(ServiceAreaFactory)
    code = factory.Sequence(lambda n: f"YKS{n}")
    name_fi = factory.Sequence(lambda n: f"Aikuissosiaalityö {n}")
    name_sv = factory.Sequence(lambda n: f"Vuxensocialarbete {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"TIIMI{n}")
    name_fi = factory.Sequence(lambda n: f"Aikuiset 30–64 ({n})")
    name_sv = factory.Sequence(lambda n: f"Vuxna 30–64 ({n})")
    age_min = 30
    age_max = 64


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"kayttaja{n}")
    first_name = factory.Iterator(["Aino", "Johan", "Sanna", "Linnea", "Mikko"])
    last_name = factory.Iterator(["Virtanen", "Holmström", "Mäkinen", "Sjöberg", "Laine"])
    password = factory.PostGenerationMethodCall("set_password", "salasana")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create:
            instance.save()


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    user = factory.SubFactory(UserFactory)
    role = "counsellor"
    job_title = "counsellor"
    licence = "sosionomi"
    fte = Decimal("1.00")
    languages = factory.LazyFunction(lambda: ["fi"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    worker = factory.SubFactory(WorkerFactory)
    team = factory.SubFactory(TeamFactory)
    start = dt.date(2024, 1, 1)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"VAKANSSI{n}")
    profession = "social_worker"


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    key = factory.Sequence(lambda n: f"AS-{900000 + n}")
    team = factory.SubFactory(TeamFactory)
    birth_year = 1980
    gender = "female"
    language = "fi"
    pending_since = dt.date(2026, 11, 2)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    client = factory.SubFactory(ClientFactory)
    worker = factory.SubFactory(WorkerFactory)
    kind = AssignmentKind.PERSONAL_WORKER
    start = dt.date(2026, 11, 5)
