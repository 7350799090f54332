"""Survey versions share the one model of versioned definitions (common/definitions.py):
they gain the survey's key, filled from the survey."""

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    SurveyVersion = apps.get_model("surveys", "SurveyVersion")
    for version in SurveyVersion.objects.select_related("survey"):
        version.key = version.survey.key
        version.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_round_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyversion",
            name="key",
            field=models.CharField(default="", max_length=80, verbose_name="key"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
