from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from backend.audit.forms import HistoryFilterForm
from backend.audit.selectors import history_list, history_readable, history_rows
from backend.people.access import access_for

PAGE_SIZE = 50


@login_required
@require_GET
def history_page(request):
    """HR and administrators read who changed which score, attendance, enrollment or certificate."""
    if not history_readable(access_for(request.user)):
        raise PermissionDenied
    form = HistoryFilterForm(request.GET or None)
    page = Paginator(history_list(flt=form.history_filter()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": history_rows(page.object_list), "query": query.urlencode()}
    return render(request, "audit/history.html", context)
