"""Create the "admin" superuser with a random password, once."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = 'Create a superuser "admin" with a random password (shown once) unless it already exists.'

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(**{User.USERNAME_FIELD: USERNAME}).exists():
            self.stdout.write(f"User {USERNAME!r} already exists; nothing changed.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(**{User.USERNAME_FIELD: USERNAME}, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin user {USERNAME!r} with password: {password} "
                "— shown once, change it in the admin."
            )
        )
