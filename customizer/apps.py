from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomizerConfig(AppConfig):
    name = "customizer"
    verbose_name = _("Parametric designs")
