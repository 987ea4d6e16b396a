from django.conf import settings
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .cache import store as page_cache


@register_setting(icon="site")
class BrandSettings(BaseSiteSetting):
    """The site's name and the words around it, as visitors and share cards read them."""

    name = models.CharField(
        max_length=100, default="Strand", help_text="The site's name, as share cards show it."
    )
    tagline = models.CharField(
        max_length=200,
        default="independent documentaries",
        help_text="Follows the name in the home page's title: “Strand: independent documentaries”.",
    )
    title_suffix = models.CharField(
        max_length=100,
        default="Strand",
        blank=True,
        help_text="Follows every other page's title: “Last Train Home | Strand”. Leave empty for none.",
    )

    panels = [FieldPanel("name"), FieldPanel("tagline"), FieldPanel("title_suffix")]

    class Meta:
        verbose_name = "brand"

    @staticmethod
    def cache_key(site_id: int) -> str:
        # Not under the content version: every page reads it, and a publish must not cost
        # every page a query. Saving or deleting it forgets it (core.cache.signals).
        return f"brand:{site_id}"

    @classmethod
    def for_visitors(cls, site: Site | None) -> "BrandSettings":
        """The site's brand from the cache; a site without a saved one reads the defaults.

        Wagtail's `for_site` would create the row on first read: a write inside a GET.
        """
        if site is None:
            return cls()
        return page_cache.remember(
            cls.cache_key(site.pk), lambda: cls.objects.filter(site=site).first() or cls(site=site)
        )

    @property
    def home_title(self) -> str:
        return f"{self.name}: {self.tagline}" if self.tagline else self.name


class PageCreation(models.Model):
    """The page a create form made, under the one-off key the form carries (core/editing.py).

    The first save of a new page (the first autosave, or *Save draft* pressed while it runs)
    claims the key before it creates the page, and records the page in the same transaction; a
    save that comes second with the same key waits for it, then edits that page instead of
    creating a duplicate. The second save still holds the create form, whose rows (filmmakers,
    partners...) have no IDs: the first save's ``field_updates``, which Wagtail sends the browser
    so that its next save edits those rows, are applied to it too. An autosave that comes second
    after a manual save made the page was sent before it (the manual save leaves the create form),
    so it holds older content and writes nothing (``made_by_autosave``).
    """

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    made_by_autosave = models.BooleanField(default=False)
    field_updates = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.key} -> page {self.page_id}"
