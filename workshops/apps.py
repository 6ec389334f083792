from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        try:
            from accessibility.signals import needs_profile_withdrawn
        except ImportError:  # the accessibility app is optional for workshops
            return
        from workshops.receivers import erase_shared_needs

        needs_profile_withdrawn.connect(
            erase_shared_needs, dispatch_uid="workshops.erase_shared_needs"
        )
