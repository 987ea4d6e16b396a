from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import richtext
        from .cache import signals

        signals.connect()
        richtext.connect()
