"""The legal defaults of the appraisal rules, and starting bounds of the predikat distribution.

DOMAIN.md gives no national numbers for the bounds: these are starting values that
an administrator replaces with the regency's own in the Django admin.
"""

from decimal import Decimal

from django.db import migrations

DEFAULT_BOUNDS = {
    "istimewa": {"sangat_baik": "0.200"},
    "baik": {"sangat_baik": "0.100"},
    "butuh_perbaikan": {"sangat_baik": "0.050", "baik": "0.600"},
    "kurang": {"sangat_baik": "0.000", "baik": "0.400"},
    "sangat_kurang": {"sangat_baik": "0.000", "baik": "0.250"},
}


def create_defaults(apps, schema_editor):
    AppraisalRules = apps.get_model("appraisal", "AppraisalRules")
    PredikatBound = apps.get_model("appraisal", "PredikatBound")
    if not AppraisalRules.objects.exists():
        AppraisalRules.objects.create()
    for org_rating, shares in DEFAULT_BOUNDS.items():
        for predikat, share in shares.items():
            PredikatBound.objects.get_or_create(
                org_rating=org_rating, predikat=predikat, defaults={"max_share": Decimal(share)}
            )


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
