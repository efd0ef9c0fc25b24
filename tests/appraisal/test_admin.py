import pytest
from django.urls import reverse

from backend.appraisal.models import AppraisalRules, PredikatBound
from backend.audit.selectors import audit_entry_list
from backend.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_login, two_agencies):
    user = make_login(unit=two_agencies["bkpsdm"], roles=[Role.ADMINISTRATOR], username="admin")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_defaults_exist_from_the_migration():
    rules = AppraisalRules.objects.get()
    assert (rules.weak_threshold, rules.result_meets_from, rules.result_above_from) == (80, 100, 110)
    assert PredikatBound.objects.filter(org_rating="istimewa", predikat="sangat_baik").exists()


def test_administrator_changes_the_weak_threshold_with_history(admin_client):
    rules = AppraisalRules.objects.get()
    url = reverse("admin:appraisal_appraisalrules_change", args=[rules.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data["weak_threshold"] = "75"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rules.refresh_from_db()
    assert rules.weak_threshold == 75
    assert audit_entry_list(obj=rules).first().changes["weak_threshold"] == ["80.00", "75"]


@pytest.mark.parametrize("model", ["score", "evaluation", "indicator", "period", "ikmsurvey", "followup"])
def test_appraisal_records_are_read_only_in_the_admin(admin_client, model):
    assert admin_client.get(reverse(f"admin:appraisal_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:appraisal_{model}_add")).status_code == 403
