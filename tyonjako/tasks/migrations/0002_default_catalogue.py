"""Ship the default task catalogue and its job descriptions, so they are there after `migrate`."""

from django.db import migrations


def load_default(apps, schema_editor):
    from tyonjako.tasks.catalogue import DEFAULT_CATALOGUE_PATH, load_catalogue

    TaskCatalogue = apps.get_model("tasks", "TaskCatalogue")
    JobDescriptionVersion = apps.get_model("tasks", "JobDescriptionVersion")
    source = DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8")
    catalogue = load_catalogue(source)
    if TaskCatalogue.objects.exists():
        return
    TaskCatalogue.objects.create(key=catalogue.key, version=catalogue.version, source=source, is_active=True)
    for description in catalogue.job_descriptions:
        if description.unit:
            continue  # unit-specific descriptions need the county's units; load them with `tasks load`
        JobDescriptionVersion.objects.create(
            profession=description.profession, unit=None, version=description.version, status="published",
            effective_from=description.effective_from, task_codes=sorted(description.task_codes),
            notes={"fi": description.notes.fi, "sv": description.notes.sv, "en": description.notes.en},
        )


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_task_catalogue_and_job_descriptions")]
    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
