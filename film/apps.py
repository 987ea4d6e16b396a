from django.apps import AppConfig


class FilmConfig(AppConfig):
    name = "film"
    verbose_name = "Films"
