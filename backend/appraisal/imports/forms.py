from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.appraisal.imports.spec import MAX_FILE_BYTES

EXTENSIONS = (".csv", ".txt", ".xlsx")


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
            "size": filesizeformat(MAX_FILE_BYTES)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(max)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_FILE_BYTES)}
            )
        return upload


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
