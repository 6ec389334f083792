"""Forms of the design library pages: input parsing only, the rules are in services.py."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from designs.models import Category, Design, DesignDocument, Licence, Need


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)
    need = forms.ChoiceField(label=_("Need"), required=False)
    licence = forms.ChoiceField(label=_("Licence"), required=False)
    space = forms.ChoiceField(label=_("Space"), required=False)
    mine = forms.BooleanField(label=_("Printable on a machine of mine"), required=False)
    easy_read = forms.BooleanField(label=_("Has an easy-to-read description"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("downloads", _("Most downloaded")),
        ],
    )

    def __init__(self, *args: Any, spaces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything: list[tuple[str, Any]] = [("", _("All"))]
        cast(forms.ChoiceField, self.fields["category"]).choices = anything + list(Category.choices)
        cast(forms.ChoiceField, self.fields["need"]).choices = anything + list(Need.choices)
        cast(forms.ChoiceField, self.fields["licence"]).choices = anything + list(Licence.choices)
        cast(forms.ChoiceField, self.fields["space"]).choices = anything + spaces


class DesignForm(forms.Form):
    space = forms.ChoiceField(label=_("Space"))
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        help_text=_("One sentence: what it is and whom it helps."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, lists, links."),
    )
    easy_read_description = forms.CharField(
        label=_("Easy-to-read description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Short sentences, everyday words, one idea per sentence."),
    )
    easy_read_reviewed_by = forms.CharField(
        label=_("Easy-to-read text reviewed by"),
        required=False,
        max_length=200,
        help_text=_(
            "Who checked the easy-to-read text, ideally people of the target group. "
            "A changed text counts as not reviewed unless you record a new review here."
        ),
    )
    easy_read_reviewed_at = forms.DateField(
        label=_("Reviewed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Comma-separated.")
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs it addresses"),
        required=False,
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)
    co_designers_text = forms.CharField(
        label=_("Authors and co-designers"), required=False, max_length=300
    )
    attribution = forms.CharField(
        label=_("Attribution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who must be credited, with links to the original."),
    )
    material = forms.CharField(label=_("Material"), required=False, max_length=60)
    nozzle_mm = forms.DecimalField(
        label=_("Nozzle (mm)"), required=False, min_value=0, max_digits=4, decimal_places=2
    )
    layer_height_mm = forms.DecimalField(
        label=_("Layer height (mm)"), required=False, min_value=0, max_digits=4, decimal_places=2
    )
    infill_percent = forms.IntegerField(
        label=_("Infill (%)"), required=False, min_value=0, max_value=100
    )
    supports = forms.ChoiceField(
        label=_("Supports"), required=False, choices=[("", "–"), *Design.Supports.choices]
    )
    orientation = forms.CharField(label=_("Print orientation"), required=False, max_length=200)
    print_minutes = forms.IntegerField(
        label=_("Estimated print time (minutes)"), required=False, min_value=0
    )

    def __init__(
        self, *args: Any, spaces: list[tuple[str, str]], licences: list[str] | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["space"]).choices = spaces
        if licences is not None:
            cast(forms.ChoiceField, self.fields["licence"]).choices = [
                c for c in Licence.choices if c[0] in licences
            ]

    def design_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("space", None)
        data["authors_text"] = data.pop("co_designers_text", "")
        return data


class EditDesignForm(DesignForm):
    """The same fields without the space (a design stays in its space)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, spaces=[], **kwargs)
        del self.fields["space"]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("STL for printing; 3MF, OBJ, STEP, SCAD, SVG, DXF or PDF as extra files."),
    )
    variant = forms.ChoiceField(label=_("Variant"), required=False)

    def __init__(self, *args: Any, variants: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none: list[tuple[str, Any]] = [("", _("All variants / none"))]
        cast(forms.ChoiceField, self.fields["variant"]).choices = none + variants


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Photo"))
    alt_text = forms.CharField(
        label=_("Photo description (alt text)"),
        max_length=250,
        help_text=_("Describe the photo for people who cannot see it."),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DesignDocument.Kind.choices)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown."),
    )
    pdf = forms.FileField(label=_("PDF"), required=False)


class VariantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("e.g. size M, left hand"))
    suits = forms.CharField(label=_("Whom it suits"), max_length=300)


class VersionForm(forms.Form):
    changelog = forms.CharField(
        label=_("What changed"),
        max_length=300,
        help_text=_('e.g. "tested at the coffee machine for two weeks, handle widened".'),
    )


class MakeForm(forms.Form):
    printer = forms.CharField(label=_("Printer"), required=False, max_length=120)
    material = forms.CharField(label=_("Material"), required=False, max_length=60)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(label=_("Photo"), required=False)
    photo_alt = forms.CharField(
        label=_("Photo description (alt text)"), required=False, max_length=250
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Note for the author"), required=False, max_length=300)
