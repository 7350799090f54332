"""Run the lawful §36 deadlines by default (erityisen-tuen-tarve@2).

Loads the shipped version 2 and the Pohjanmaa two-way model (not put in use),
and moves the *county default* from the shipped @1 to @2 when the county
default is the unmodified shipped @1. A version in use never changes: only which
version is active moves; assessments keep the version that made them, and team
or service-area choices stay as the county made them. A county that changed its
default (another version, or its own @1 text) keeps it.

Clients' stored completion deadlines set at intake by @1's rule DC1 (three
months for adults over 75 or with the highest care allowance) are cleared: the
law gives three months only to a child who needs special support, which intake
cannot yet know (Sosiaalihuoltolaki 1301/2014 §36).
"""

from django.db import migrations

KEY = "erityisen-tuen-tarve"
SHIPPED_V1 = "erityisen-tuen-tarve.v1.yaml"
LAWFUL = "erityisen-tuen-tarve.v2.yaml"
NOT_ACTIVE = ("erityisen-tuen-tarve-pohjanmaa.v1.yaml",)


def _load(InstrumentVersion, source):
    from tyonjako.assessments.engine import load_instrument

    instrument = load_instrument(source)
    version, _created = InstrumentVersion.objects.get_or_create(
        key=instrument.key,
        version=instrument.version,
        defaults={
            "source": source,
            "name_fi": instrument.name["fi"],
            "name_sv": instrument.name["sv"],
            "name_en": instrument.name.get("en", ""),
        },
    )
    return version


def forwards(apps, schema_editor):
    from tyonjako.assessments.engine import INSTRUMENTS_DIR

    InstrumentVersion = apps.get_model("assessments", "InstrumentVersion")
    InstrumentActivation = apps.get_model("assessments", "InstrumentActivation")
    Client = apps.get_model("clients", "Client")

    def text(name):
        return (INSTRUMENTS_DIR / name).read_text(encoding="utf-8")

    lawful = _load(InstrumentVersion, text(LAWFUL))
    for name in NOT_ACTIVE:
        _load(InstrumentVersion, text(name))
    county = (
        InstrumentActivation.objects.filter(team__isnull=True, service_area__isnull=True)
        .select_related("version")
        .first()
    )
    shipped_v1 = text(SHIPPED_V1)
    if (
        county is not None
        and county.version.key == KEY
        and county.version.version == 1
        and county.version.source == shipped_v1
        and lawful.source == text(LAWFUL)
    ):
        county.version = lawful
        county.save(update_fields=["version"])
    Client.objects.filter(assessment_complete_by__isnull=False).update(
        assessment_complete_by=None
    )


def backwards(apps, schema_editor):
    """Put the shipped @1 back as the county default if @2 is it; nothing is deleted."""
    InstrumentVersion = apps.get_model("assessments", "InstrumentVersion")
    InstrumentActivation = apps.get_model("assessments", "InstrumentActivation")
    first = InstrumentVersion.objects.filter(key=KEY, version=1).first()
    county = InstrumentActivation.objects.filter(
        team__isnull=True, service_area__isnull=True, version__key=KEY, version__version=2
    ).first()
    if first is not None and county is not None:
        county.version = first
        county.save(update_fields=["version"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_load_default_instrument"),
        ("clients", "0002_intake_deadlines"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
