"""JP totals per employee and year: the ledger read the way every page and the waitlist need it."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Sum

from backend.people.choices import EmploymentType
from lms.models import JpLedgerEntry
from lms.rules import JP_MINUTES


def jp_target_minutes() -> int:
    """The yearly JP a PNS must reach (PP 17/2020 Pasal 203(4)), in minutes."""
    return settings.LMS_PNS_TARGET_JP * JP_MINUTES


def jp_cap_minutes(employment_type: str) -> int | None:
    """The most a PPPK may earn in a contract year (PP 49/2018 Pasal 40); PNS have no cap."""
    if employment_type == EmploymentType.PPPK:
        return settings.LMS_PPPK_CAP_JP * JP_MINUTES
    return None


def jp_minutes_by_employee(*, employee_ids, year: int) -> dict[int, int]:
    """Credited minutes per employee for a calendar year (one query, uncapped)."""
    rows = (
        JpLedgerEntry.objects.filter(employee_id__in=employee_ids, year=year)
        .values("employee_id")
        .annotate(total=Sum("minutes"))
        .values_list("employee_id", "total")
    )
    return dict(rows)


@dataclass(frozen=True)
class JpProgress:
    year: int
    earned_minutes: int
    # What counts: for PPPK the earned minutes up to the cap.
    counted_minutes: int
    target_minutes: int | None
    cap_minutes: int | None

    @property
    def deficit_minutes(self) -> int:
        if self.target_minutes is None:
            return 0
        return max(0, self.target_minutes - self.counted_minutes)

    @property
    def percent(self) -> int:
        goal = self.target_minutes or self.cap_minutes
        if not goal:
            return 0
        return min(100, round(self.counted_minutes * 100 / goal))

    @property
    def met(self) -> bool:
        return self.target_minutes is not None and self.counted_minutes >= self.target_minutes


def jp_progress_get(*, employee, year: int) -> JpProgress:
    """JP progress of one employee: PNS toward 20 JP, PPPK against the 24 JP cap."""
    earned = jp_minutes_by_employee(employee_ids=[employee.pk], year=year).get(employee.pk, 0)
    return jp_progress_of(employment_type=employee.employment_type, earned_minutes=earned, year=year)


def jp_progress_of(*, employment_type: str, earned_minutes: int, year: int) -> JpProgress:
    cap = jp_cap_minutes(employment_type)
    counted = min(earned_minutes, cap) if cap is not None else earned_minutes
    target = jp_target_minutes() if employment_type == EmploymentType.PNS else None
    return JpProgress(
        year=year, earned_minutes=earned_minutes, counted_minutes=counted, target_minutes=target, cap_minutes=cap
    )
