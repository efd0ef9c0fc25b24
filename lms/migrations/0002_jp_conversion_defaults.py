from django.db import migrations


def load(apps, schema_editor):
    from lms.rules import DEFAULT_CONVERSIONS

    JpConversion = apps.get_model("lms", "JpConversion")
    for kind, conversion in DEFAULT_CONVERSIONS.items():
        JpConversion.objects.get_or_create(
            kind=kind,
            defaults={
                "basis": str(conversion.basis),
                "jp": conversion.jp,
                "max_units_per_month": conversion.max_units_per_month,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("lms", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
