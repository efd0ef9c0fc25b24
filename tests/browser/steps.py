"""Steps every browser journey takes, and the world's clock: helpers the journey modules import."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from lms.models import Offering, Session

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's
LANGUAGES = ["id", "en"]


# --- Steps every journey takes ---------------------------------------------------------


def log_in(page, *, username: str, lang: str) -> None:
    """Open the login page, pick the language there (Indonesian is the default), and log in."""
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    if lang != "id":
        choose_language(page, lang)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    # The home page, signed in: a failed login would stay on the login form.
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.locator("form[action='/accounts/logout/']")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def choose_language(page, lang: str) -> None:
    """The site's own switch in the top bar: it posts, sets the cookie and comes back."""
    with page.expect_navigation():
        page.locator(f"form.langswitch button[value='{lang}']").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(f"form.langswitch button[value='{lang}']")).to_have_attribute("aria-pressed", "true")


def nav(page, label: str) -> None:
    """Follow a link of the main menu by its visible text."""
    with page.expect_navigation():
        page.locator("nav.mainnav").get_by_role("link", name=label, exact=True).click()


# --- The world's clock -----------------------------------------------------------------


def session_hours_now() -> tuple[datetime.date, datetime.time, datetime.time]:
    """(today, starts, ends) of a session under way now, local time, kept within the day.

    It started a few minutes ago (a check-in now is on time, not late) and runs for about an hour.
    Scheduled for tomorrow at these hours, it is under way once ``a_day_passes()``.
    """
    now = timezone.localtime().replace(second=0, microsecond=0)
    midnight = now.replace(hour=0, minute=0)
    starts = max(now - datetime.timedelta(minutes=5), midnight)
    ends = min(now + datetime.timedelta(minutes=55), now.replace(hour=23, minute=59))
    return now.date(), starts.time(), ends.time()


def a_day_passes() -> None:
    """A night goes by: every offering's calendar moves one day back, so that today is tomorrow.

    The live server reads the real clock, which the tests must not fake. Instead every date of
    every offering (its days, its enrollment window, its sessions) moves back by the same day, so
    they keep their distance to each other, and a session that was tomorrow is under way now.
    """
    day = datetime.timedelta(days=1)
    for offering in Offering.objects.all():
        Offering.objects.filter(pk=offering.pk).update(
            start_date=offering.start_date - day,
            end_date=offering.end_date - day,
            enroll_opens=offering.enroll_opens - day,
            enroll_closes=offering.enroll_closes - day,
        )
    for session in Session.objects.all():
        Session.objects.filter(pk=session.pk).update(date=session.date - day)
