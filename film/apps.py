from django.apps import AppConfig
from django.db.models.signals import post_save


class FilmConfig(AppConfig):
    name = "film"
    verbose_name = "Films"

    def ready(self):
        from .models import FilmIndexPage, ScheduleSettings
        from .roles import film_index_created
        from .schedule import strand_zone_changed

        post_save.connect(film_index_created, sender=FilmIndexPage, dispatch_uid="film_index_roles")
        post_save.connect(strand_zone_changed, sender=ScheduleSettings, dispatch_uid="strand_zone_changed")
