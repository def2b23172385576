from django import forms
from django.core.exceptions import ValidationError

from quotes.editing.selectors import speaker_lookup
from quotes.models import Appearance, Quote, Speaker


def speaker_typed(value: str) -> Speaker | None:
    """The one speaker an editor's typing names (a slug, which the form
    suggests, or an exact name), or None if it names nobody."""
    found = speaker_lookup(value)
    if len(found) > 1:
        raise ValidationError(f"Several speakers are called “{value}”: choose one from the list.")
    return found[0] if found else None


class SpeakerField(forms.CharField):
    """A speaker as an editor types it: its slug (the form suggests them) or its exact name."""

    def clean(self, value) -> Speaker:
        value = super().clean(value)
        speaker = speaker_typed(value)
        if speaker is None:
            raise ValidationError(f"No speaker called “{value}”.")
        return speaker


class QuotesMergeForm(forms.Form):
    """Speaker page: the selected quotes, and the one whose wording to keep."""

    quotes = forms.ModelMultipleChoiceField(queryset=Quote.objects.none())
    canonical = forms.ModelChoiceField(queryset=Quote.objects.none(), required=False)

    def __init__(self, *args, speaker: Speaker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quotes"].queryset = self.fields["canonical"].queryset = Quote.objects.by_speaker(speaker)
        self.fields["quotes"].error_messages["invalid_choice"] = "A selected quote has changed; reload the page."

    def clean(self):
        data = super().clean()
        chosen = list(data.get("quotes") or [])
        if len(chosen) < 2:
            raise ValidationError("Select two or more quotes to merge.")
        canonical = data.get("canonical")
        if canonical is None:
            # Without a choice, keep the wording most outlets carried.
            canonical = max(chosen, key=lambda q: (q.outlet_count, -q.id))
        elif canonical not in chosen:
            raise ValidationError("The wording to keep must be one of the selected quotes.")
        data["target"] = canonical
        data["sources"] = [q for q in chosen if q != canonical]
        return data


class DuplicateMergeForm(forms.Form):
    """Quote page: merge one possible duplicate into this quote."""

    source = forms.ModelChoiceField(
        queryset=Quote.objects.visible(), error_messages={"invalid_choice": "That quote has changed; reload the page."}
    )
    canonical = forms.ChoiceField(choices=[("target", "this wording"), ("source", "its wording")], required=False)


class SplitForm(forms.Form):
    appearances = forms.ModelMultipleChoiceField(queryset=Appearance.objects.none())

    def __init__(self, *args, quote: Quote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appearances"].queryset = Appearance.objects.filter(quote=quote)
        self.fields["appearances"].error_messages["required"] = "Select the printings to split off."


class ReattributeForm(forms.Form):
    speaker = forms.CharField(max_length=300)
    # The typed name is a person not yet known: create them.
    new_speaker = forms.BooleanField(required=False, label="This is a new speaker: create them")
    alias = forms.CharField(max_length=300, required=False)
    # Only this printing; without it, the whole quote.
    appearance = forms.ModelChoiceField(queryset=Appearance.objects.none(), required=False)

    def __init__(self, *args, quote: Quote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appearance"].queryset = Appearance.objects.filter(quote=quote)

    def clean(self):
        """`target` is {"speaker": Speaker} or {"new_speaker": name}, the
        arguments the reattribute services take."""
        data = super().clean()
        typed = data.get("speaker")
        if not typed:
            return data
        speaker = speaker_typed(typed)
        if speaker and data.get("new_speaker"):
            raise ValidationError(f"{speaker.name} is already a speaker: untick “new speaker” to choose them.")
        if speaker:
            data["target"] = {"speaker": speaker}
        elif data.get("new_speaker"):
            data["target"] = {"new_speaker": typed}
        else:
            raise ValidationError(
                f"No speaker called “{typed}”. Choose one from the list, or tick “new speaker” to create them."
            )
        return data


class HideForm(forms.Form):
    # Only this printing is "not a quote"; without it, the whole quote.
    appearance = forms.ModelChoiceField(queryset=Appearance.objects.none(), required=False)

    def __init__(self, *args, quote: Quote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appearance"].queryset = Appearance.objects.filter(quote=quote)


class SpeakerMergeForm(forms.Form):
    speaker = SpeakerField(max_length=300, label="Speaker to merge into this one")


class AliasForm(forms.Form):
    alias = forms.CharField(max_length=300)


def form_errors(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class SpeakerProfileForm(forms.Form):
    """The speaker page: what the speaker is. Blank clears a field (and
    keeps it clear: ingest does not learn it again)."""

    role = forms.CharField(required=False, max_length=200)
    organisation = forms.CharField(required=False, max_length=200)
    country = forms.CharField(required=False, max_length=100)
    wikidata_id = forms.RegexField(
        required=False, max_length=20, regex=r"^Q[1-9][0-9]*$",
        error_messages={"invalid": "A Wikidata id is Q and a number, like Q42."},
    )
