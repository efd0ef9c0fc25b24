from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.appraisal.demo import seed_appraisal
from backend.appraisal.demo.seed import DEFAULT_YEARS
from backend.people.demo.seed import DEFAULT_EMPLOYEES, DEFAULT_SEED, people_data_exists, seed_regency
from backend.people.demo.staffing import MIN_EMPLOYEES
from certificates.demo import seed_certificates
from lms.demo import seed_lms


class Command(BaseCommand):
    help = (
        "Load the demo regency (Kabupaten Bungo): organisation, positions, employees and demo logins, "
        "with their appraisal (scores, evaluations, IKM surveys) and training (courses, offerings, "
        "enrollments, attendance, JP)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--employees",
            type=int,
            default=DEFAULT_EMPLOYEES,
            help=gettext_lazy("Number of employees (default %(default)s)."),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=gettext_lazy("Random seed; the same seed gives the same people (default %(default)s)."),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=gettext_lazy("Skip, successfully, when people data already exists (used by `make run`)."),
        )
        parser.add_argument(
            "--years",
            type=int,
            default=DEFAULT_YEARS,
            choices=range(1, DEFAULT_YEARS + 1),
            help=gettext_lazy("Years of appraisal data, up to 2025 (default %(default)s)."),
        )
        parser.add_argument(
            "--no-appraisal",
            action="store_true",
            help=gettext_lazy("Load people only, without appraisal or training data."),
        )
        parser.add_argument(
            "--no-training",
            action="store_true",
            help=gettext_lazy("Load people and appraisal, without training data."),
        )

    def handle(self, *args, employees, seed, if_empty, years, no_appraisal, no_training, **options):
        if people_data_exists():
            if if_empty:
                self.stdout.write(_("People data already exists; the demo data is not loaded again."))
                return
            # Seeding on top of real or earlier data would duplicate the regency.
            raise CommandError(
                _(
                    "The database already holds organisation units, positions or employees. "
                    "Load the demo only into an empty database, or pass --if-empty to skip."
                )
            )
        if employees < MIN_EMPLOYEES:
            raise CommandError(_("--employees must be at least %(min)d.") % {"min": MIN_EMPLOYEES})
        self.stdout.write(
            _("Loading Kabupaten Bungo with %(count)d employees (seed %(seed)d)…") % {"count": employees, "seed": seed}
        )
        try:
            # All or nothing: people without their appraisal would be skipped by --if-empty forever.
            with transaction.atomic():
                result = seed_regency(
                    employees=employees, seed=seed, password=settings.DEMO_PASSWORD, stdout=self.stdout
                )
                seconds = result.seconds
                if not no_appraisal:
                    seconds += seed_appraisal(seed=seed, years=years, stdout=self.stdout).seconds
                    # Courses target the appraisal's indicators and enrollments follow its gaps.
                    if not no_training:
                        seconds += seed_lms(seed=seed, stdout=self.stdout).seconds
                        seed_certificates(stdout=self.stdout)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded in %(seconds).1f s.") % {"seconds": seconds}))
        self.stdout.write(_("Run `python manage.py demo_logins` to list the demo accounts."))
