"""Accessibility: feedback on barriers, easy-read texts, place and machine profiles, the
personal needs profile and the need board. Logic lives in services.py and selectors.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ops.uploads import random_upload_to
from spaces.models import Space

# --- accessibility statement --------------------------------------------------------------


class AccessibilityFeedback(models.Model):
    """A message from the feedback form on the accessibility statement page."""

    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    page_url = models.CharField(_("page with the barrier"), max_length=500, blank=True)
    message = models.TextField(_("message"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.message[:60]}"


# --- easy read ---------------------------------------------------------------------------


class EasyReadReviewed(models.Model):
    """Who reviewed the easy-to-read text a model stores (a design's description, a
    workshop's summary) and when; the rule for keeping or clearing it is
    ``accessibility.easy_read_review.easy_read_review_after_edit``."""

    easy_read_reviewed_by = models.CharField(
        _("easy-to-read text reviewed by"),
        max_length=200,
        blank=True,
        help_text=_("Who checked the easy-to-read text, ideally people of the target group."),
    )
    easy_read_reviewed_at = models.DateField(
        _("easy-to-read text reviewed on"), null=True, blank=True
    )

    class Meta:
        abstract = True


class EasyReadText(models.Model):
    """A text in easy-to-read German (Leichte Sprache) for one place on the site.

    ``key`` names the place: "home", "how-to-book", "space:<slug>", "privacy",
    "consent:needs-profile:v1", "design:<pk>", ... Other apps look texts up by key."""

    key = models.CharField(_("key"), max_length=120)
    language = models.CharField(_("language"), max_length=5, default="de")
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(
        _("text"),
        help_text=_("One statement per line. An empty line starts a new paragraph."),
    )
    reviewed_by = models.CharField(
        _("reviewed by"),
        max_length=200,
        blank=True,
        help_text=_("Who checked the text, ideally people of the target group."),
    )
    reviewed_at = models.DateField(_("reviewed on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("easy-read text")
        verbose_name_plural = _("easy-read texts")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="easy_read_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"

    @property
    def paragraphs(self) -> list[list[str]]:
        """Paragraphs as lists of lines: easy-read texts put each statement on its own line."""
        blocks = [block.strip() for block in self.text.replace("\r\n", "\n").split("\n\n")]
        return [
            [line.strip() for line in block.split("\n") if line.strip()]
            for block in blocks
            if block
        ]


# --- places and machines -------------------------------------------------------------------


class PlaceProfile(models.Model):
    """A space's accessibility, stored as an A11yJSON ``PlaceInfo.properties.accessibility``
    document (see accessibility/a11yjson.py for the part of the format we support)."""

    space = models.OneToOneField(Space, on_delete=models.CASCADE, related_name="place_profile")
    document = models.JSONField(_("A11yJSON document"), default=dict)
    source = models.CharField(
        _("source"),
        max_length=250,
        blank=True,
        help_text=_("Who measured it, or where it is from."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("accessibility profile of a place")
        verbose_name_plural = _("accessibility profiles of places")

    def __str__(self) -> str:
        return str(self.space)


class MachineAdaptation(models.Model):
    """How a machine is adapted. ``None`` means nobody has checked yet (unknown)."""

    machine = models.OneToOneField(
        "bookings.Machine", on_delete=models.CASCADE, related_name="adaptation"
    )
    adapted_controls = models.BooleanField(_("adapted controls"), null=True, blank=True)
    adapted_controls_description = models.CharField(
        _("which controls are adapted"), max_length=250, blank=True
    )
    safety_guard = models.BooleanField(_("additional safety guard"), null=True, blank=True)
    seated_operation = models.BooleanField(_("can be used seated"), null=True, blank=True)
    height_adjustable_table = models.BooleanField(
        _("height-adjustable table"), null=True, blank=True
    )
    table_height_min_cm = models.PositiveSmallIntegerField(
        _("lowest table height (cm)"), null=True, blank=True
    )
    table_height_max_cm = models.PositiveSmallIntegerField(
        _("highest table height (cm)"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("machine adaptation")
        verbose_name_plural = _("machine adaptations")
        constraints = [
            models.CheckConstraint(
                condition=Q(table_height_min_cm__isnull=True)
                | Q(table_height_max_cm__isnull=True)
                | Q(table_height_max_cm__gte=models.F("table_height_min_cm")),
                name="adaptation_table_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.machine)


# --- personal needs profile (GDPR Art. 9) ----------------------------------------------------


class Need(models.TextChoices):
    """Needs, never diagnoses."""

    WHEELCHAIR = "wheelchair", _("I use a wheelchair")
    MORE_TIME = "more_time", _("I need more time at the machine")
    SPEAK_SLOWLY = "speak_slowly", _("Please speak slowly")
    TALKER = "talker", _("I communicate with a talker (speech device)")
    SIGN_LANGUAGE = "sign_language", _("I communicate in sign language")
    ASSISTANT = "assistant", _("I need an assistant with me")
    EASY_READ = "easy_read", _("Easy-read please")
    SEATED = "seated", _("I need to work seated")
    QUIET = "quiet", _("I need a quiet place or breaks")


class NeedsProfile(models.Model):
    """A person's needs, stored only while their consent stands. Withdrawing consent deletes
    this row (and with it every need) at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="needs_profile"
    )
    needs = models.JSONField(_("needs"), default=list)
    other_needs = models.TextField(
        _("other needs, in your own words"),
        blank=True,
        max_length=1000,
        help_text=_("Describe what helps you, not a diagnosis."),
    )
    consent_version = models.CharField(_("consent version"), max_length=20)
    consent_given_at = models.DateTimeField(_("consent given at"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("needs profile")
        verbose_name_plural = _("needs profiles")

    def __str__(self) -> str:
        return f"needs profile #{self.pk}"


class ConsentEvent(models.Model):
    """Proof that consent was given or withdrawn, without any of the data itself."""

    class Action(models.TextChoices):
        GIVEN = "given", _("given")
        WITHDRAWN = "withdrawn", _("withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_events"
    )
    purpose = models.CharField(_("purpose"), max_length=40)
    version = models.CharField(_("version"), max_length=20)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent event")
        verbose_name_plural = _("consent events")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.purpose} {self.version} {self.action}"


class SupportPerson(models.Model):
    """Someone (e.g. a carer) the person allows to book and sign up on their behalf."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_persons"
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporting"
    )
    consent_version = models.CharField(_("consent version"), max_length=20)
    consent_given_at = models.DateTimeField(_("consent given at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("support person")
        verbose_name_plural = _("support persons")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "supporter"],
                condition=Q(revoked_at__isnull=True),
                name="support_person_unique_active",
            ),
            models.CheckConstraint(
                condition=~Q(user=models.F("supporter")), name="support_person_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supporter} → {self.user}"


# --- need board ------------------------------------------------------------------------------


class BarrierNeed(models.Model):
    """An everyday barrier someone describes, worked on together until it becomes a design."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        DISCUSSION = "discussion", _("In discussion")
        PROTOTYPING = "prototyping", _("Prototyping")
        TESTING = "testing", _("Testing in daily life")
        SOLVED = "solved", _("Solved")
        PUBLISHED = "published", _("Published")

    class ShownAs(models.TextChoices):
        NAME = "name", _("with my display name")
        PSEUDONYM = "pseudonym", _("with a pseudonym")
        ANONYMOUS = "anonymous", _("anonymously")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="barrier_needs"
    )
    shown_as = models.CharField(
        _("show me"), max_length=10, choices=ShownAs.choices, default=ShownAs.NAME
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("describe the barrier in your own words"))
    measurements = models.TextField(_("measurements"), blank=True)
    tried = models.TextField(_("what you have tried"), blank=True)
    space = models.ForeignKey(
        Space,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barrier_needs",
        verbose_name=_("space where we could meet"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    meeting_note = models.CharField(_("when and where we meet"), max_length=300, blank=True)
    meeting_link = models.CharField(
        _("link to the booking or workshop"),
        max_length=500,
        blank=True,
        help_text=_("An address on this site (starting with /) or a web address."),
    )
    meeting_booking = models.ForeignKey(
        "bookings.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booking where we meet"),
    )
    meeting_session = models.ForeignKey(
        "workshops.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workshop date where we meet"),
    )
    helpers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="needs_taken_on"
    )
    design = models.ForeignKey(
        "designs.Design",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_needs",
        verbose_name=_("design in the library"),
        help_text=_("The design this need became."),
    )
    hidden_at = models.DateTimeField(_("hidden by staff at"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(shown_as="pseudonym") | ~Q(pseudonym=""),
                name="need_pseudonym_given",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("need-detail", kwargs={"pk": self.pk})

    @property
    def requester_name(self) -> str:
        """How the requester is shown to others, as they chose."""
        if self.shown_as == self.ShownAs.PSEUDONYM:
            return self.pseudonym
        if self.shown_as == self.ShownAs.ANONYMOUS:
            return str(_("Anonymous"))
        return self.requester.public_name


def shown_name(*, need: BarrierNeed, user: object) -> str:
    """The name to show for ``user`` on this need: the requester always under the name they
    chose (pseudonym or anonymous), everyone else under their display name."""
    if getattr(user, "pk", None) == need.requester_id:
        return need.requester_name
    return str(getattr(user, "public_name", ""))


class NeedPhoto(models.Model):
    need = models.ForeignKey(BarrierNeed, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=random_upload_to("needs/photos"), db_index=True)
    alt_text = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo of a need")
        verbose_name_plural = _("photos of needs")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.alt_text


class NeedComment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        OFFER = "offer", _("Offer to help")

    need = models.ForeignKey(BarrierNeed, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_comments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(_("comment"), max_length=4000)
    hidden_at = models.DateTimeField(_("hidden by staff at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a need")
        verbose_name_plural = _("comments on needs")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def author_name(self) -> str:
        return shown_name(need=self.need, user=self.author)


class NeedStatusChange(models.Model):
    need = models.ForeignKey(BarrierNeed, on_delete=models.CASCADE, related_name="status_changes")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    old_status = models.CharField(max_length=12, choices=BarrierNeed.Status.choices)
    new_status = models.CharField(max_length=12, choices=BarrierNeed.Status.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.old_status} → {self.new_status}"


class Prototype(models.Model):
    need = models.ForeignKey(BarrierNeed, on_delete=models.CASCADE, related_name="prototypes")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(
        _("file"), upload_to=random_upload_to("needs/prototypes"), db_index=True
    )
    # The name it was uploaded under (the stored name is random), for downloads.
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    description = models.CharField(_("what is new in this prototype"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prototype")
        verbose_name_plural = _("prototypes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class PrototypeFeedback(models.Model):
    prototype = models.ForeignKey(Prototype, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("feedback"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def author_name(self) -> str:
        return shown_name(need=self.prototype.need, user=self.author)
