import uuid

import django.db.models.deletion
from django.db import migrations, models


def mark_tallied_months_stale(apps, schema_editor):
    """Months tallied before the client sets existed are recounted, so that each has its set."""
    month_tally = apps.get_model("encounters", "MonthTally")
    stale_month = apps.get_model("encounters", "StaleMonth")
    tallied = set(month_tally.objects.values_list("unit_id", "month").distinct().iterator())
    tallied -= set(stale_month.objects.values_list("unit_id", "month"))
    token = uuid.uuid4().hex
    stale_month.objects.bulk_create(
        [
            stale_month(unit_id=unit_id, month=month, token=token)
            for unit_id, month in sorted(tallied)
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("encounters", "0008_encounters_without_a_client"),
        ("organisation", "0002_unit_needs_review"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthClients",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("ids", models.BinaryField()),
                (
                    "team",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.team",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.unit",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["unit", "month"], name="month_clients_unit_month"),
                    models.Index(fields=["team", "month"], name="month_clients_team_month"),
                ],
            },
        ),
        migrations.RunPython(mark_tallied_months_stale, migrations.RunPython.noop),
    ]
