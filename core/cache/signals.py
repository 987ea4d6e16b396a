"""Bump the page-cache version whenever something a public page shows changes; mark sign-ins."""

import threading

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..models import BrandSettings
from . import frontend, signed_in
from . import store as page_cache

# Whether this thread changed content since the caches in front were last emptied: a
# transaction that saves hundreds of objects (loading the demo) purges once at its commit.
changes = threading.local()


def after_commit() -> None:
    if not getattr(changes, "pending", False):
        return
    changes.pending = False
    # A page rendered between the first bump and the commit showed the old content under the
    # new version: a second bump leaves it behind. The caches in front are emptied only now,
    # so they cannot fetch the old content again.
    page_cache.bump_version()
    frontend.purge_site()


def invalidate(**kwargs) -> None:
    page_cache.bump_version()
    changes.pending = True
    transaction.on_commit(after_commit)


def invalidate_on_page_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        invalidate()


def forget_brand(sender, instance, **kwargs) -> None:
    page_cache.cache().delete(BrandSettings.cache_key(instance.site_id))


def connect() -> None:
    page_published.connect(invalidate, dispatch_uid="pagecache-published")
    page_unpublished.connect(invalidate, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="pagecache-moved")
    post_delete.connect(invalidate_on_page_delete, dispatch_uid="pagecache-page-deleted")
    models = [apps.get_model(label) for label in settings.PAGE_CACHE_INVALIDATING_MODELS]
    for model in (*models, get_image_model(), get_document_model(), Site, PageViewRestriction, Tag):
        uid = f"pagecache-{model._meta.label_lower}"
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}-deleted")
    post_save.connect(forget_brand, sender=BrandSettings, dispatch_uid="brand-saved")
    post_delete.connect(forget_brand, sender=BrandSettings, dispatch_uid="brand-deleted")
    # Not an invalidation: who is served from the cache at all (signed_in.py).
    user_logged_in.connect(signed_in.signed_in, dispatch_uid="pagecache-signed-in")
    user_logged_out.connect(signed_in.signed_out, dispatch_uid="pagecache-signed-out")
