from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.appraisal.imports.parsing import XLS_MAGIC
from backend.common.uploads import CSV, MB, XLSX, upload_check

IMPORT_TYPES = (CSV, XLSX)
EXTENSIONS = tuple(extension for kind in IMPORT_TYPES for extension in kind.extensions)


def max_file_bytes() -> int:
    return settings.IMPORT_MAX_MB * MB


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    preview_only = forms.BooleanField(
        label=_("Preview only"),
        required=False,
        initial=True,
        help_text=_("Check the file and show what would change, writing nothing. Untick to import at once."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request: a lazy string formatted at import time would stay in one language.
        self.fields["file"].help_text = gettext("CSV (UTF-8, comma or semicolon) or Excel .xlsx, at most %(size)s.") % {
            "size": filesizeformat(max_file_bytes())
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_file_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(max)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(max_file_bytes())}
            )
        head = upload.read(len(XLS_MAGIC))
        upload.seek(0)
        if head.startswith(XLS_MAGIC):
            raise forms.ValidationError(
                _("This is an old Excel .xls file. Save it as .xlsx (Excel Workbook) or as CSV UTF-8.")
            )
        # By content as well as name: a renamed document or program is refused before it is parsed.
        upload_check(upload, types=IMPORT_TYPES, max_mb=settings.IMPORT_MAX_MB)
        return upload


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
