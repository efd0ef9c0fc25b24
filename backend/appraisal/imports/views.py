"""Upload → preview (nothing written) → confirm. The confirm step re-checks the stored file from scratch."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.appraisal.imports import staging
from backend.appraisal.imports.forms import ConfirmForm, UploadForm, max_file_bytes
from backend.appraisal.imports.parsing import FileRejected, read_rows
from backend.appraisal.imports.result import ImportResult
from backend.appraisal.imports.services import can_import, employee_import, ikm_response_import, score_import
from backend.appraisal.imports.spec import COLUMNS, MAX_ROWS, Column, Kind
from backend.people.access import access_for

SAMPLES = Path(__file__).resolve().parent / "samples"
SAMPLE_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Long lists of errors are shown in part: the first ones are what to fix first.
ERRORS_SHOWN = 1000


@dataclass(frozen=True)
class ImportPage:
    kind: str
    title: Promise
    intro: Promise
    who: Promise
    service: Callable[..., ImportResult]

    @property
    def columns(self) -> tuple[Column, ...]:
        return COLUMNS[self.kind]


PAGES = {
    Kind.EMPLOYEES: ImportPage(
        Kind.EMPLOYEES,
        gettext_lazy("Employees"),
        gettext_lazy(
            "Adds new employees. Employment type, birth date and sex are read from the NIP. A NIP that is "
            "already in Bangkom is an error: this import never overwrites a person."
        ),
        gettext_lazy("HR analysts and administrators."),
        employee_import,
    ),
    Kind.SCORES: ImportPage(
        Kind.SCORES,
        gettext_lazy("Indicator scores"),
        gettext_lazy(
            "Enters target and realisasi per employee, indicator and period; the achievement is computed. A score "
            "that already exists for the same employee, indicator and period is updated, and the preview says so."
        ),
        gettext_lazy("HR analysts and administrators; a supervisor for their direct subordinates only."),
        score_import,
    ),
    Kind.IKM: ImportPage(
        Kind.IKM,
        gettext_lazy("IKM questionnaires"),
        gettext_lazy(
            "Adds paper questionnaires to a unit's IKM survey, one row per questionnaire. The survey is found by "
            "unit code and period and must exist. Identical rows are separate questionnaires, not duplicates."
        ),
        gettext_lazy("HR analysts, administrators and the coordinators of the unit."),
        ikm_response_import,
    ),
}


def _page(request, kind: str) -> ImportPage:
    page = PAGES.get(kind)
    if page is None:
        raise Http404
    if not can_import(access_for(request.user), kind):
        raise PermissionDenied
    return page


@login_required
def import_index(request):
    access = access_for(request.user)
    pages = [page for page in PAGES.values() if can_import(access, page.kind)]
    if not pages:
        raise PermissionDenied
    context = {"pages": pages, "max_rows": MAX_ROWS, "max_bytes": max_file_bytes()}
    return render(request, "appraisal/imports/index.html", context)


@login_required
def import_sample(request, kind: str, extension: str):
    _page(request, kind)
    if extension not in SAMPLE_TYPES:
        raise Http404
    path = SAMPLES / f"{kind}.{extension}"
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"bangkom-{kind}.{extension}",
        content_type=SAMPLE_TYPES[extension],
    )


def _run(request, page: ImportPage, *, data: bytes, filename: str, dry_run: bool) -> ImportResult:
    try:
        parsed = read_rows(data, columns=page.columns, max_rows=MAX_ROWS)
    except FileRejected as exc:
        return ImportResult(kind=page.kind, dry_run=dry_run, errors=exc.errors)
    result = page.service(actor=request.user, rows=parsed.rows, dry_run=dry_run, source=filename)
    if parsed.ignored:
        result.warnings.append(
            _("These columns were ignored: %(columns)s.") % {"columns": ", ".join(f"“{h}”" for h in parsed.ignored)}
        )
    return result


def _imported(request, result: ImportResult):
    messages.success(
        request,
        _("Imported: %(created)d added, %(updated)d updated, %(unchanged)d unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("import-index")


def _render(request, page: ImportPage, *, form, result=None, token=None, filename=""):
    context = {
        "page": page,
        "form": form,
        "result": result,
        "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
        "errors_hidden": max(len(result.errors) - ERRORS_SHOWN, 0) if result else 0,
        "confirm": ConfirmForm(initial={"token": token}) if token else None,
        "filename": filename,
    }
    return render(request, "appraisal/imports/upload.html", context)


@login_required
def import_upload(request, kind: str):
    page = _page(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render(request, page, form=form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    dry_run = form.cleaned_data["preview_only"]
    result = _run(request, page, data=data, filename=upload.name, dry_run=dry_run)
    if result.written:
        return _imported(request, result)
    token = None
    if dry_run and result.ok:
        token = staging.stage(user=request.user, kind=kind, data=data, filename=upload.name)
    return _render(request, page, form=UploadForm(), result=result, token=token, filename=upload.name)


@login_required
@require_POST
def import_confirm(request, kind: str):
    page = _page(request, kind)
    form = ConfirmForm(request.POST)
    staged = staging.claim(user=request.user, kind=kind, token=form.cleaned_data["token"]) if form.is_valid() else None
    if staged is None:
        messages.error(request, _("This preview has expired or was already imported. Upload the file again."))
        return redirect("import-upload", kind=kind)
    result = _run(request, page, data=staged.data, filename=staged.filename, dry_run=False)
    if result.written:
        return _imported(request, result)
    return _render(request, page, form=UploadForm(), result=result, filename=staged.filename)
