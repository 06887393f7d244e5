from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WallboardConfig(AppConfig):
    name = "linja.wallboard"
    label = "wallboard"
    verbose_name = _("Wallboard")
