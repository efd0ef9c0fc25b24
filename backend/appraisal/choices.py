"""Closed vocabularies of the appraisal (PermenPANRB 6/2022, PermenPANRB 14/2017)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMESTER = "semester", _("Semester")
    ANNUAL = "annual", _("Annual")


# How many periods of each kind a year holds.
PERIODS_PER_YEAR = {
    PeriodKind.MONTHLY: 12,
    PeriodKind.QUARTERLY: 4,
    PeriodKind.SEMESTER: 2,
    PeriodKind.ANNUAL: 1,
}


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class IndicatorLevel(models.TextChoices):
    IKU = "iku", _("Organisational key indicator (IKU)")
    IKI = "iki", _("Individual indicator (IKI)")


class IndicatorCategory(models.TextChoices):
    PRODUCTIVITY = "productivity", _("Productivity")
    SERVICE_QUALITY = "service_quality", _("Service quality")
    COMMUNITY_SATISFACTION = "community_satisfaction", _("Community satisfaction")
    OTHER = "other", _("Other")


class Aspect(models.TextChoices):
    QUANTITY = "quantity", _("Quantity")
    QUALITY = "quality", _("Quality")
    TIME = "time", _("Time")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


class Rating(models.TextChoices):
    """The three-step scale of result and behaviour ratings."""

    BELOW = "below", _("below expectation")
    MEETS = "meets", _("meets expectation")
    ABOVE = "above", _("above expectation")


class Predikat(models.TextChoices):
    # Labels exactly as PermenPANRB 6/2022 writes them: legal terms, not translated.
    SANGAT_BAIK = "sangat_baik", "Sangat Baik"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang/Misconduct"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


# PermenPANRB 6/2022: predikat from result rating (rows) × behaviour rating (columns).
PREDIKAT_MATRIX = {
    (Rating.ABOVE, Rating.BELOW): Predikat.KURANG,
    (Rating.ABOVE, Rating.MEETS): Predikat.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predikat.SANGAT_BAIK,
    (Rating.MEETS, Rating.BELOW): Predikat.KURANG,
    (Rating.MEETS, Rating.MEETS): Predikat.BAIK,
    (Rating.MEETS, Rating.ABOVE): Predikat.BAIK,
    (Rating.BELOW, Rating.BELOW): Predikat.SANGAT_KURANG,
    (Rating.BELOW, Rating.MEETS): Predikat.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): Predikat.BUTUH_PERBAIKAN,
}


class BerakhlakValue(models.TextChoices):
    """The seven core values of ASN (BerAKHLAK); proper names, not translated."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", "Berorientasi Pelayanan"
    AKUNTABEL = "akuntabel", "Akuntabel"
    KOMPETEN = "kompeten", "Kompeten"
    HARMONIS = "harmonis", "Harmonis"
    LOYAL = "loyal", "Loyal"
    ADAPTIF = "adaptif", "Adaptif"
    KOLABORATIF = "kolaboratif", "Kolaboratif"


class OrgRating(models.TextChoices):
    ISTIMEWA = "istimewa", "Istimewa"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


class IkmElement(models.TextChoices):
    """The nine IKM elements (PermenPANRB 14/2017), U1–U9."""

    U1 = "u1", _("U1 Requirements")
    U2 = "u2", _("U2 System, mechanism and procedure")
    U3 = "u3", _("U3 Completion time")
    U4 = "u4", _("U4 Cost/tariff")
    U5 = "u5", _("U5 Product specification")
    U6 = "u6", _("U6 Staff competence")
    U7 = "u7", _("U7 Staff behaviour")
    U8 = "u8", _("U8 Handling of complaints and suggestions")
    U9 = "u9", _("U9 Facilities")


IKM_ELEMENTS = [element.value for element in IkmElement]


class IkmGrade(models.TextChoices):
    A = "A", _("A – Very good (Sangat Baik)")
    B = "B", _("B – Good (Baik)")
    C = "C", _("C – Fair (Kurang Baik)")
    D = "D", _("D – Poor (Tidak Baik)")


class FollowUpKind(models.TextChoices):
    NEW_TARGET = "new_target", _("New target")
    COACHING = "coaching", _("Coaching (pembinaan)")
    TRAINING = "training", _("Training (development)")
    REASSIGNMENT = "reassignment", _("Reassignment (penempatan ulang)")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
