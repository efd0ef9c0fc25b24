"""CSV import of pre-test and post-test scores: all or nothing, every bad row named."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from backend.audit.models import AuditEntry
from backend.people.choices import Role
from lms.services.completion import enrollment_scores_import
from tests.factories import EmployeeFactory, EnrollmentFactory, running_offering

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Messages are asserted in their English source; pages and services answer in the active language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(two_agencies, make_login):
    units = two_agencies
    people = [EmployeeFactory(name=name) for name in ("Ani", "Budi")]
    offering, enrollments = running_offering(owner_unit=units["dikbud"], participants=people, sessions=2)
    ani = enrollments[0]
    ani.pre_test = Decimal(30)
    ani.save()
    return {
        "offering": offering,
        "people": people,
        "enrollments": enrollments,
        "waiting": EnrollmentFactory(offering=offering, status="waitlisted"),
        "coordinator": make_login(unit=units["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=units["dikbud"]),
    }


def run(world, lines: list[str], *, dry_run=False):
    data = ("\n".join(lines) + "\n").encode()
    return enrollment_scores_import(
        offering=world["offering"], actor=world["coordinator"], data=data, dry_run=dry_run, source="nilai.csv"
    )


def scores(enrollment):
    enrollment.refresh_from_db()
    return enrollment.pre_test, enrollment.post_test


def test_scores_are_imported_and_an_empty_cell_keeps_the_old_score(world):
    ani, budi = world["people"]
    result = run(world, ["NIP;pre_test;post_test", f"{ani.nip};;80,5", f"{budi.nip};45;70"])
    assert result.ok, result.errors
    assert result.written
    assert result.updated == 2
    assert scores(world["enrollments"][0]) == (Decimal(30), Decimal("80.5"))
    assert scores(world["enrollments"][1]) == (Decimal(45), Decimal(70))
    assert AuditEntry.objects.filter(content_type__model="enrollment", reason="Imported from nilai.csv").count() == 2


def test_every_bad_row_is_named_and_nothing_is_written(world):
    ani, budi = world["people"]
    lines = [
        "nip,pre,post",
        f"{ani.nip},50,90",  # 2: good
        "199001012015031999,50,90",  # 3: unknown NIP
        f"{world['waiting'].employee.nip},50,90",  # 4: not a participant
        f"{budi.nip},101,90",  # 5: above 100
        f"{ani.nip},10,20",  # 6: duplicate
        f"{budi.nip},,",  # 7: no score at all
        f"{budi.nip},abc,70.123",  # 8: not a number, three decimals
        "12345,1,2",  # 9: not a NIP
    ]
    result = run(world, lines)
    assert not result.written
    lines_named = sorted({error.line for error in result.errors})
    assert lines_named == [3, 4, 5, 6, 7, 8, 9]
    messages = {}
    for error in result.errors:
        messages.setdefault(error.line, []).append(error.message)
    assert "Unknown NIP" in messages[3][0]
    assert "not a participant" in messages[4][0]
    assert "0 to 100" in messages[5][0]
    assert messages[6] == ["Duplicate row: line 2 has the same NIP."]
    assert "No score" in " ".join(messages[7])
    assert "not a number" in " ".join(messages[8])
    assert "more than 2 decimals" in " ".join(messages[8])
    assert "18 digits" in messages[9][0]
    assert scores(world["enrollments"][0]) == (Decimal(30), None)
    assert scores(world["enrollments"][1]) == (None, None)
    assert not AuditEntry.objects.filter(content_type__model="enrollment").exists()


def test_a_finished_offering_takes_no_scores(world):
    world["offering"].status = "finished"
    world["offering"].save()
    result = run(world, ["nip,pre_test,post_test", f"{world['people'][0].nip},50,90"])
    assert not result.written
    assert "no longer change" in result.errors[0].message


def test_scores_import_page_previews_then_imports(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("offering-scores-import", kwargs={"pk": world["offering"].pk})
    client.force_login(world["coordinator"])
    data = f"nip,pre_test,post_test\n{world['people'][1].nip},40,75\n".encode()
    preview = client.post(url, {"file": SimpleUploadedFile("nilai.csv", data), "preview_only": "on"})
    assert preview.status_code == 200
    assert "The file is correct" in preview.content.decode()
    assert scores(world["enrollments"][1]) == (None, None)
    done = client.post(url, {"token": preview.context["confirm"].initial["token"]})
    assert done.status_code == 302
    assert scores(world["enrollments"][1]) == (Decimal(40), Decimal(75))


def test_scores_sheet_download(client, world):
    import io

    from openpyxl import load_workbook

    client.force_login(world["coordinator"])
    response = client.get(reverse("offering-scores-import", kwargs={"pk": world["offering"].pk}), {"sheet": "1"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("nip", "pre_test", "post_test", "nama")
    assert sorted(row[3] for row in rows[1:]) == ["Ani", "Budi"]
