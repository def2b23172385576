from django import forms

from .models import Outlet


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; the upload service checks each one."""

    def __init__(self, *args, **kwargs):
        # Empty files reach the upload service, which names them precisely.
        kwargs.setdefault("allow_empty_file", True)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.zip,text/plain,text/html"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        required=False,
        label="Files",
    )
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}), label="…or paste the text")
    outlet = forms.ModelChoiceField(
        Outlet.objects.all(), required=False, empty_label="(from the page or the URL)", label="Outlet"
    )
    new_outlet = forms.CharField(required=False, max_length=200, label="…or a new outlet")
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https", label="URL")
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published")
    title = forms.CharField(required=False, max_length=500, label="Title")

    def clean(self):
        data = super().clean()
        if data.get("outlet") and data.get("new_outlet", "").strip():
            raise forms.ValidationError("Pick an outlet or name a new one, not both.")
        return data
