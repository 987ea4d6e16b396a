from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import renditions, richtext
        from .cache import signals
        from .http.limits import count_failed_sign_in

        signals.connect()
        user_login_failed.connect(count_failed_sign_in, dispatch_uid="strand-count-failed-sign-in")
        richtext.connect()
        renditions.connect()
