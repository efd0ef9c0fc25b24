import pytest
from rest_framework.test import APIClient

from backend.people.choices import Role
from tests.factories import EmployeeFactory, OrgUnitFactory, RoleAssignmentFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects real logins, not test fixtures.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_inline(request, settings):
    """Run tasks inline, as the embedded default does, even where CI configures a broker.

    Tests marked ``celery_worker`` exercise the real broker and worker instead.
    """
    if "celery_worker" in request.keywords:
        yield
        return
    from backend.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = bool(not settings.CELERY_BROKER_URL)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploads and rendered certificates of a test go to its own folder, not the developer's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Factories write without the services that invalidate cached lists: every test starts clean.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def make_login():
    """Create an employee with a login and optional roles; returns the user."""

    def _make(*, unit=None, roles=(), coordinator_unit=None, supervisor=None, username=None):
        user = UserFactory(**({"username": username} if username else {}))
        kwargs = {"user": user, "supervisor": supervisor}
        if unit is not None:
            kwargs["unit"] = unit
        EmployeeFactory(**kwargs)
        for role in roles:
            RoleAssignmentFactory(user=user, role=role, org_unit=coordinator_unit if role == Role.COORDINATOR else None)
        return user

    return _make


@pytest.fixture
def two_agencies():
    """Two OPDs, each with a sub-unit, and the competency agency (BKPSDM)."""
    bkpsdm = OrgUnitFactory(code="bkpsdm", name="BKPSDM", kind="badan", is_competency_agency=True)
    dikbud = OrgUnitFactory(code="dikbud", name="Dinas Pendidikan dan Kebudayaan")
    dinkes = OrgUnitFactory(code="dinkes", name="Dinas Kesehatan")
    school = OrgUnitFactory(code="sdn-1", name="SD Negeri 1 Muara Bungo", kind="sekolah", parent=dikbud)
    puskesmas = OrgUnitFactory(code="pkm-1", name="Puskesmas Muara Bungo I", kind="puskesmas", parent=dinkes)
    return {"bkpsdm": bkpsdm, "dikbud": dikbud, "dinkes": dinkes, "school": school, "puskesmas": puskesmas}


def pytest_collection_modifyitems(config, items):
    """Skip, with the reason stated, tests whose real services are not configured."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    has_broker = bool(settings.CELERY_BROKER_URL)
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI does)")
    skip_broker = pytest.mark.skip(reason="needs a Celery broker: set CELERY_BROKER_URL=redis://… (CI does)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "celery_worker" in item.keywords and not has_broker:
            item.add_marker(skip_broker)
