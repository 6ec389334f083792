"""The open design library: designs, their versions, variants, files, photos, documents,
makes and history. Rules live in services.py and selectors.py; STL checks in stl.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accessibility.models import EasyReadReviewed
from ops.uploads import random_upload_to
from spaces.models import Space


class Category(models.TextChoices):
    EATING_DRINKING = "eating_drinking", _("Eating and drinking")
    EMERGENCY_SAFETY = "emergency_safety", _("Emergency and safety")
    MOBILITY_WHEELCHAIR = "mobility_wheelchair", _("Mobility and wheelchair")
    WRITING_COMMUNICATION = "writing_communication", _("Writing and communication")
    HOUSEHOLD = "household", _("Household")
    PLAY_LEISURE = "play_leisure", _("Play and leisure")
    TOOLS_JIGS = "tools_jigs", _("Tools and jigs")
    OTHER = "other", _("Other")


class Need(models.TextChoices):
    LIMITED_GRIP = "limited_grip", _("Limited grip strength")
    TREMOR = "tremor", _("Tremor")
    ONE_HANDED = "one_handed", _("One-handed use")
    LOW_VISION = "low_vision", _("Low vision")
    LIMITED_REACH = "limited_reach", _("Limited reach")
    LIMITED_DEXTERITY = "limited_dexterity", _("Limited finger dexterity")
    WHEELCHAIR = "wheelchair", _("Wheelchair use")


class Licence(models.TextChoices):
    """SPDX identifiers of the licences a design may carry."""

    CC_BY = "CC-BY-4.0", _("CC BY 4.0 (attribution)")
    CC_BY_SA = "CC-BY-SA-4.0", _("CC BY-SA 4.0 (attribution, share alike)")
    CC_BY_NC = "CC-BY-NC-4.0", _("CC BY-NC 4.0 (attribution, non-commercial)")
    CC_BY_NC_SA = "CC-BY-NC-SA-4.0", _("CC BY-NC-SA 4.0 (attribution, non-commercial, share alike)")
    CC0 = "CC0-1.0", _("CC0 (public domain)")
    GPL3 = "GPL-3.0", _("GPL-3.0")
    CERN_OHL_S = "CERN-OHL-S-2.0", _("CERN-OHL-S-2.0 (strongly reciprocal open hardware)")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.GPL3: "https://www.gnu.org/licenses/gpl-3.0.html",
    Licence.CERN_OHL_S: "https://ohwr.org/cern_ohl_s_v2.txt",
}


class Design(EasyReadReviewed):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Supports(models.TextChoices):
        NONE = "none", _("No supports")
        BUILDPLATE = "buildplate", _("Supports on the build plate only")
        EVERYWHERE = "everywhere", _("Supports everywhere")

    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="designs", verbose_name=_("space")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="designs",
        verbose_name=_("author"),
    )
    slug = models.SlugField(_("short name in addresses"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, lists, links.")
    )
    easy_read_description = models.TextField(
        _("easy-to-read description"),
        blank=True,
        help_text=_("Short sentences, everyday words, one idea per sentence."),
    )
    category = models.CharField(
        _("category"), max_length=30, choices=Category.choices, default=Category.OTHER
    )
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Comma-separated, e.g. cup, handle.")
    )
    # Need codes, comma-separated (see ``Need``); ``selectors.need_filter`` matches one.
    needs = models.CharField(_("needs addressed"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices)
    authors_text = models.CharField(
        _("authors"),
        max_length=300,
        blank=True,
        help_text=_("Everyone who designed it, including co-designers who use the aid."),
    )
    attribution = models.TextField(
        _("attribution"),
        blank=True,
        help_text=_("Who must be credited, with links to the original."),
    )
    remix_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remixes",
        verbose_name=_("remix of"),
    )
    # Print settings.
    material = models.CharField(_("material"), max_length=60, blank=True)
    nozzle_mm = models.DecimalField(
        _("nozzle (mm)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    layer_height_mm = models.DecimalField(
        _("layer height (mm)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    infill_percent = models.PositiveSmallIntegerField(_("infill (%)"), null=True, blank=True)
    supports = models.CharField(_("supports"), max_length=12, choices=Supports.choices, blank=True)
    orientation = models.CharField(_("print orientation"), max_length=200, blank=True)
    print_minutes = models.PositiveIntegerField(
        _("estimated print time (minutes)"), null=True, blank=True
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    downloads = models.PositiveIntegerField(_("downloads"), default=0)
    is_example_geometry = models.BooleanField(
        _("example geometry"),
        default=False,
        help_text=_("Geometry made by code for the demo, not a tested aid."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("design")
        verbose_name_plural = _("designs")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["category"]),
            models.Index(fields=["licence"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(infill_percent__isnull=True) | Q(infill_percent__lte=100),
                name="design_infill_percent_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="design_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("design-detail", kwargs={"slug": self.slug})

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(Licence(self.licence), "") if self.licence else ""

    @property
    def has_print_settings(self) -> bool:
        return bool(self.material and self.layer_height_mm and self.infill_percent is not None)

    @property
    def need_list(self) -> list[str]:
        return [code for code in self.needs.split(",") if code]

    @property
    def need_labels(self) -> list[str]:
        labels = dict(Need.choices)
        return [str(labels[code]) for code in self.need_list if code in labels]


class DesignVersion(models.Model):
    """A set of files; a new version replaces the files, older ones stay downloadable."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    changelog = models.CharField(
        _("what changed"),
        max_length=300,
        help_text=_('e.g. "tested at the coffee machine for two weeks, handle widened".'),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["design", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["design", "number"], name="design_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="design_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.design} v{self.number}"


class Variant(models.Model):
    """One variant of a design (a size, a hand), with a sentence on whom it suits."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(_("name"), max_length=80)
    suits = models.CharField(
        _("whom it suits"),
        max_length=300,
        help_text=_('e.g. "for caps of about 30 mm, such as small water bottles".'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["design", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["design", "name"], name="design_variant_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.design} – {self.name}"


def design_file_path(instance: DesignFile, filename: str) -> str:
    """Kept for migration 0001; new files get random names (``random_upload_to``)."""
    return f"designs/{instance.design_id}/files/{filename}"


class DesignFile(models.Model):
    class Kind(models.TextChoices):
        STL = "stl", _("STL (for printing)")
        THREE_MF = "3mf", _("3MF")
        OBJ = "obj", _("OBJ")
        STEP = "step", _("STEP")
        SCAD = "scad", _("OpenSCAD source")
        SVG = "svg", _("SVG drawing")
        DXF = "dxf", _("DXF drawing")
        PDF = "pdf", _("PDF document")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being checked")
        PRINTABLE = "printable", _("Printable")
        WARNINGS = "warnings", _("Printable with warnings")
        REJECTED = "rejected", _("Rejected")
        STORED = "stored", _("Stored (not a print file)")

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="files")
    version = models.ForeignKey(
        DesignVersion, on_delete=models.CASCADE, related_name="files", verbose_name=_("version")
    )
    variant = models.ForeignKey(
        Variant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("variant"),
    )
    file = models.FileField(_("file"), upload_to=random_upload_to("designs/files"), max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    report = models.JSONField(_("validation report"), default=dict, blank=True)
    # Ids of the machines whose build volume holds the part, as ",3,7,": filterable everywhere.
    fits_machines = models.CharField(max_length=500, blank=True)
    thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to=random_upload_to("designs/thumbnails"),
        blank=True,
        max_length=300,
        db_index=True,  # /media/ finds the row by its file (ops/media.py)
    )
    downloads = models.PositiveIntegerField(_("downloads"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    validated_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("design file")
        verbose_name_plural = _("design files")
        ordering = ["design", "-version__number", "variant__position", "original_name"]
        indexes = [models.Index(fields=["design", "status"])]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("design-file-download", kwargs={"pk": self.pk})

    @property
    def is_stl(self) -> bool:
        return self.kind == self.Kind.STL

    @property
    def is_checked(self) -> bool:
        return self.status != self.Status.PENDING


class DesignPhoto(models.Model):
    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=random_upload_to("designs/photos"), max_length=300, db_index=True
    )
    alt_text = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["design", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="design_photo_alt_required"),
        ]

    def __str__(self) -> str:
        return self.alt_text


class DesignDocument(models.Model):
    """Documentation that good assistive-technology designs carry: text, a PDF, or both."""

    class Kind(models.TextChoices):
        USER_GUIDE = "user_guide", _("User guide")
        MAKER_CHECKLIST = "maker_checklist", _("Maker checklist")
        BOM = "bom", _("Bill of materials")
        RATIONALE = "rationale", _("Design rationale")

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    pdf = models.FileField(
        _("PDF"), upload_to=random_upload_to("designs/documents"), blank=True, max_length=300
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["design", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["design", "kind"], name="design_document_unique_kind"),
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(pdf=""), name="design_document_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.design} – {self.get_kind_display()}"


class Make(models.Model):
    """Someone printed this design: "I made it", with photo, printer, material and a note."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="makes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="design_makes"
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=random_upload_to("designs/makes"),
        blank=True,
        max_length=300,
        db_index=True,
    )
    photo_alt = models.CharField(_("photo description (alt text)"), max_length=250, blank=True)
    printer = models.CharField(_("printer"), max_length=120, blank=True)
    material = models.CharField(_("material"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("make")
        verbose_name_plural = _("makes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="design_make_photo_alt_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.design} – {self.user}"


class DesignEvent(models.Model):
    """History: every change of a design's status or content, with a snapshot of its fields."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned to draft")
        ARCHIVED = "archived", _("Archived")
        VERSION = "version", _("New version")

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.design} – {self.get_action_display()}"
