"""Default caseload weights per segment: this project's assumption, editable in the admin."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = {"care": "3.00", "cooperation": "2.00", "guidance": "1.00", "self_service": "0.50", "none": "1.00"}


def add_defaults(apps, schema_editor):
    SegmentWeight = apps.get_model("caseload", "SegmentWeight")
    for segment, weight in DEFAULTS.items():
        SegmentWeight.objects.get_or_create(segment=segment, defaults={"weight": Decimal(weight)})


class Migration(migrations.Migration):
    dependencies = [("caseload", "0002_assignment_guards_weights_snapshots")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
