import datetime

import pytest
from django.core import signing
from django.urls import reverse

from backend.people.choices import Role
from lms.ical import calendar_feed_url, calendar_token, escape_text, fold, sessions_ics
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    OfferingFactory,
    SessionFactory,
    TrainerFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

T = datetime.time
DAY = datetime.date(2030, 7, 1)


def parse(text: str) -> list[tuple[str, dict[str, str], str]]:
    """A small RFC 5545 reader: checks line endings and lengths, unfolds, splits name;params:value."""
    assert text.endswith("\r\n")
    raw_lines = text.split("\r\n")[:-1]
    for line in raw_lines:
        assert "\n" not in line
        assert "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    unfolded: list[str] = []
    for line in raw_lines:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    rows = []
    for line in unfolded:
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        rows.append((name, dict(p.split("=", 1) for p in params), value))
    return rows


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def events(rows) -> list[dict[str, str]]:
    found, current = [], None
    for name, _params, value in rows:
        if (name, value) == ("BEGIN", "VEVENT"):
            current = {}
        elif (name, value) == ("END", "VEVENT"):
            found.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return found


def test_escaping_follows_rfc_5545():
    assert escape_text("Aula 1, Lt. 2; Gedung A\\B\nBaris dua") == "Aula 1\\, Lt. 2\\; Gedung A\\\\B\\nBaris dua"
    assert unescape(escape_text("a,b;c\\d\ne")) == "a,b;c\\d\ne"


def test_folding_keeps_75_octets_and_never_splits_a_character():
    line = "SUMMARY:" + "Pelatihan é" * 30
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert fold("SHORT:x") == "SHORT:x"


def test_document_is_well_formed_with_utc_times_and_escaped_text(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    settings.SITE_URL = "https://bangkom.bungokab.go.id"
    offering = OfferingFactory(
        code="pp-2030",
        course=CourseFactory(title="Pelayanan Prima; Etika, dan Komunikasi " + "Publik " * 10),
        venue=VenueFactory(name="Aula BKPSDM", address="Jl. Sudirman, Muara Bungo"),
    )
    session = SessionFactory(
        offering=offering, date=DAY, starts_at=T(8), ends_at=T(12, 30), topic="Pembukaan", trainer=TrainerFactory()
    )
    text = sessions_ics(
        name="Pelatihan, saya", sessions=[session], now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    rows = parse(text)
    assert rows[0] == ("BEGIN", {}, "VCALENDAR")
    assert rows[-1] == ("END", {}, "VCALENDAR")
    header = {name: value for name, _params, value in rows[:8]}
    assert header["VERSION"] == "2.0"
    assert header["PRODID"]
    assert unescape(header["X-WR-CALNAME"]) == "Pelatihan, saya"
    (event,) = events(rows)
    assert event["UID"] == f"session-{session.pk}@bangkom.bungokab.go.id"
    assert event["DTSTAMP"] == "20300101T000000Z"
    # 08:00 and 12:30 in Jakarta (UTC+7).
    assert (event["DTSTART"], event["DTEND"]) == ("20300701T010000Z", "20300701T053000Z")
    assert unescape(event["SUMMARY"]) == f"{offering.course.title}: Pembukaan"
    assert "\\;" in event["SUMMARY"]
    assert "\\," in event["SUMMARY"]
    assert unescape(event["LOCATION"]) == "Aula BKPSDM, Jl. Sudirman, Muara Bungo"
    assert event["URL"] == f"https://bangkom.bungokab.go.id/training/offerings/{offering.pk}/"
    assert event["STATUS"] == "CONFIRMED"
    assert "pp-2030" in unescape(event["DESCRIPTION"])


@pytest.fixture
def person(two_agencies, make_login):
    return make_login(unit=two_agencies["school"], username="peserta").employee


def test_person_feed_holds_their_seats_and_the_sessions_they_teach(client, person):
    held = OfferingFactory(code="held")
    SessionFactory(offering=held, date=held.start_date)
    done = OfferingFactory(code="done", status="finished")
    SessionFactory(offering=done, date=done.start_date)
    waiting = OfferingFactory(code="waiting")
    SessionFactory(offering=waiting, date=waiting.start_date)
    dropped = OfferingFactory(code="dropped", status="cancelled")
    SessionFactory(offering=dropped, date=dropped.start_date)
    taught = OfferingFactory(code="taught")
    SessionFactory(offering=taught, date=taught.start_date, trainer=TrainerFactory(employee=person))
    SessionFactory(offering=OfferingFactory(code="unrelated"))
    EnrollmentFactory(offering=held, employee=person)
    EnrollmentFactory(offering=done, employee=person, status="completed")
    EnrollmentFactory(offering=waiting, employee=person, status="waitlisted")
    EnrollmentFactory(offering=dropped, employee=person)

    url = calendar_feed_url(person)
    assert url.startswith("http")
    response = client.get(url[url.index("/training/") :])  # no login: calendar apps subscribe anonymously
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    codes = {unescape(e["DESCRIPTION"]).split("(")[-1].split(")")[0] for e in events(parse(response.content.decode()))}
    assert codes == {"held", "done", "taught"}


def test_person_feed_refuses_tampered_or_foreign_tokens(client, person):
    good = calendar_token(person.pk)
    assert client.get(reverse("my-calendar-feed", args=[good[:-1] + "x"])).status_code == 404
    foreign = signing.dumps({"e": person.pk}, salt="another-purpose")
    assert client.get(reverse("my-calendar-feed", args=[foreign])).status_code == 404
    person.is_active = False
    person.save()
    assert client.get(reverse("my-calendar-feed", args=[good])).status_code == 404


def test_offering_feed_for_visible_offerings_only(client, two_agencies, make_login, person):
    published = OfferingFactory(owner_unit=two_agencies["dinkes"])
    SessionFactory(offering=published)
    SessionFactory(offering=published, starts_at=T(13), ends_at=T(15))
    draft = OfferingFactory(owner_unit=two_agencies["dinkes"], status="draft")
    assert client.get(reverse("offering-calendar", args=[published.pk])).status_code == 302
    client.force_login(person.user)
    response = client.get(reverse("offering-calendar", args=[published.pk]))
    assert response.status_code == 200
    assert len(events(parse(response.content.decode()))) == 2
    assert client.get(reverse("offering-calendar", args=[draft.pk])).status_code == 404
    client.force_login(
        make_login(unit=two_agencies["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dinkes"])
    )
    assert client.get(reverse("offering-calendar", args=[draft.pk])).status_code == 200
