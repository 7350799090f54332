"""Ship the default instrument so assessments work right after `migrate`."""

from django.db import migrations

DEFAULT_FILE = "erityisen-tuen-tarve.v1.yaml"


def load_default(apps, schema_editor):
    from tyonjako.assessments.engine import INSTRUMENTS_DIR, load_instrument

    InstrumentVersion = apps.get_model("assessments", "InstrumentVersion")
    InstrumentActivation = apps.get_model("assessments", "InstrumentActivation")
    source = (INSTRUMENTS_DIR / DEFAULT_FILE).read_text(encoding="utf-8")
    instrument = load_instrument(source)
    version, _ = InstrumentVersion.objects.get_or_create(
        key=instrument.key,
        version=instrument.version,
        defaults={
            "source": source,
            "name_fi": instrument.name["fi"],
            "name_sv": instrument.name["sv"],
            "name_en": instrument.name.get("en", ""),
        },
    )
    if not InstrumentActivation.objects.filter(team__isnull=True, service_area__isnull=True).exists():
        InstrumentActivation.objects.create(version=version)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_instruments_and_assessments")]
    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
