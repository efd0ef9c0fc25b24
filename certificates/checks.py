"""A system check: WeasyPrint without the system's HarfBuzz subsetter renders about five times slower."""

from django.core.checks import Warning, register

from certificates.rendering import harfbuzz_subset_available


@register()
def harfbuzz_subset_check(app_configs, **kwargs):
    if harfbuzz_subset_available():
        return []
    return [
        Warning(
            "libharfbuzz-subset0 is missing: certificates render about 5× slower.",
            hint="apt-get install libharfbuzz-subset0",
            id="certificates.W001",
        )
    ]
