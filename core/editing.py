"""The page editor's views: Wagtail's, with three rules about saving.

**Save draft checks everything Publish does** (``ChecksEverySave``).

**An autosave that changes nothing saves nothing** (``EditPageView``; for a new page that is still
blank, ``CreatePageView``: nothing is made and nothing is refused).

Wagtail 8 writes a revision for every autosave request it receives, whatever it holds, and
the browser sends one whenever the form's serialised data differs from its snapshot taken two
seconds after load. Widgets rewrite their values after load (tag-it joins the topics without
spaces, Draftail re-serialises every rich text when it mounts, the StreamField draws its inputs),
and on a busy machine that happens after the snapshot: merely opening an editor saved a draft
and turned a live page into "live + draft". Here the content is compared instead: a form whose
fields and rows all equal the latest revision's answers success and writes nothing
(``content_changed``).

***Save draft* on an existing page keeps the editor open** (``EditPageView.saves_in_place``,
``static/js/editor-save.js``): it is sent as autosave sends, with every check above and a
revision of its own, and the editor gets its message without drawing the whole form again.
So does ***Publish* on a live page** (``EditPageView.publishes_in_place``), instead of Wagtail's
redirect to the page list; a first publication, a page in review (their actions change) and a
revert are submitted as before.

**A save indexes the page's references once** (``EditPageView.form_valid``), after the page and
all its rows are saved, instead of once per row.

**Saves that race make one page** (``CreatePageView``). A new page's first autosave creates it,
and the browser learns its address only from the answer; *Save draft* or *Submit* pressed
meanwhile posted the create form again, which failed on the slug the autosave had just taken
("could not be created", the error hidden on the Promote tab) and tempted the editor into a
duplicate. The create form now carries a one-off key (``PageCreation``): the first save claims
it and creates the page, in one transaction; a save with the same key waits for that
transaction (PostgreSQL's unique index, SQLite's immediate transactions, see
``site_config/settings/base.py``) and is then handled as an edit of that page, so the
editor's content lands in it, with no error. The one exception is an autosave that arrives after
the manual save that made the page: it was sent before it, so it writes nothing.

**A review says what it did** (``review_outcome``), from the editor's review buttons
(``EditPageView``) and from the dashboard's "Awaiting your review" panel (``ReviewActionView``).

``PageEditorViewSet`` puts these views behind Wagtail's own URLs for every page type
(registered in ``core/wagtail_hooks.py``).
"""

import html
import json
import re
import uuid
from functools import cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.utils import set_query_params
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.blocks.base import BlockField
from wagtail.models import TaskState
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from .models import PageCreation

# Draftail's paragraph keys: a rich text stored without them (demo content, imports, the ORM)
# gets new random ones each time the editor posts it, so they are no change. JSON escapes quotes.
BLOCK_KEY = re.compile(r'\sdata-block-key=\\?"[^"\\]*\\?"')

# Set by static/js/editor-save.js on the *Save draft* ("draft") or *Publish* ("publish") it sends
# without reloading the editor.
SAVE_IN_PLACE = "strand_save_in_place"


def blank_as_empty(value):
    """``None`` as ``""`` at any depth: a block stored by code with ``None`` is ``""`` once posted."""
    if isinstance(value, dict):
        return {key: blank_as_empty(item) for key, item in value.items()}
    if isinstance(value, list):
        return [blank_as_empty(item) for item in value]
    return "" if value is None else value


def comparable(field, value) -> str:
    """A rich text or StreamField value as it is stored, without paragraph keys."""
    if isinstance(field, BlockField):
        value = json.dumps(
            blank_as_empty(field.block.get_prep_value(value)), cls=DjangoJSONEncoder, sort_keys=True
        )
    return BLOCK_KEY.sub("", str(value or ""))


def content_changed(form) -> bool:
    """Whether a page form's content (or a row's) differs from the object it was bound to.

    Django's ``has_changed()``, except that rich text and StreamFields are compared as stored
    (JSON, from the cleaned value), without paragraph keys and with ``None`` as ``""``. Wagtail's
    ``BlockField.has_changed`` compares raw values, in which an empty optional date is ``""``
    but ``None`` once stored, and a date read from a revision is a string but a ``date`` once
    posted: every quote and update looked changed.
    """
    for name in form.changed_data:
        field = form.fields[name]
        if not isinstance(field, BlockField) and not isinstance(field.widget, DraftailRichTextArea):
            return True
        if name not in form.cleaned_data:  # refused, so something was entered
            return True
        initial = form.get_initial_for_field(field, name)
        if comparable(field, initial) != comparable(field, form.cleaned_data[name]):
            return True
    formsets = getattr(form, "formsets", {})  # rows: inline panels, comments
    return any(content_changed(child) for formset in formsets.values() for child in formset.forms)


@cache
def checked_in_full(form_class: type) -> type:
    """The page form with every check on *Save draft* too (Wagtail 8 defers required fields there)."""
    return type(form_class.__name__, (form_class,), {"defer_required_fields": lambda self: None})


class ChecksEverySave:
    """One behaviour for an editor's save: *Save draft* refuses what *Publish* and *Submit* would.

    Otherwise a draft saved with a quote lacking its critic, and the editor met the error only at
    publishing, after fixing the others. Autosave still defers required fields, so an unfinished
    page is kept while the editor types; it never publishes, and its errors are not shown.
    """

    @cached_property
    def saves_in_place(self) -> bool:
        """*Save draft* pressed, answered with JSON so that the editor stays as it is."""
        return self.expects_json_response and self.request.POST.get(SAVE_IN_PLACE) == "draft"

    def post(self, request, *args, **kwargs):
        if not self.expects_json_response or self.saves_in_place:
            self.form_class = checked_in_full(self.form_class)
        return super().post(request, *args, **kwargs)


class EditPageView(ChecksEverySave, EditView):
    @property
    def is_autosave(self) -> bool:
        return self.expects_json_response and self.action_name == "save" and not self.saves_in_place

    @cached_property
    def publishes_in_place(self) -> bool:
        """*Publish* pressed, answered with JSON so that the editor stays as it is."""
        return self.expects_json_response and self.request.POST.get(SAVE_IN_PLACE) == "publish"

    def post(self, request, *args, **kwargs):
        # A first publication adds *Unpublish* to the editor's actions, and publishing during a
        # review ends it (its buttons go): those, and a revert, are drawn anew.
        if self.publishes_in_place and not (
            self.page.live
            and self.page_perms.can_publish()
            and not self.is_reverting
            and not self.workflow_state
        ):
            # Nothing is published: the browser submits the form as Wagtail's Publish does.
            return self.json_error_response(
                "not_in_place", _("This page is published by reloading the editor.")
            )
        return super().post(request, *args, **kwargs)

    def publish_action(self):
        response = super().publish_action()
        if not self.publishes_in_place:
            return response
        # What Wagtail said for the page list it would have shown (published, or scheduled),
        # without its buttons; read here, so that the next page does not show it again.
        said = [
            html.unescape(strip_tags(str(message.message).split('<span class="buttons">')[0])).strip()
            for message in messages.get_messages(self.request)
        ]
        revision = self.page.latest_revision
        return JsonResponse(
            {
                "success": True,
                "pk": self.page.pk,
                "revision_id": revision.pk,
                "revision_created_at": revision.created_at.isoformat(),
                "field_updates": dict(self.form.get_field_updates_for_resave()),
                "message": " ".join(said),
                "html": self.render_partials(),
            }
        )

    def save_action(self):
        response = super().save_action()
        if self.saves_in_place and isinstance(response, JsonResponse) and response.status_code == 200:
            # Wagtail's confirmation, which the reload would have shown.
            answer = json.loads(response.content)
            answer["message"] = _("Page '%(page_title)s' has been updated.") % {
                "page_title": self.page.get_admin_display_title()
            }
            return JsonResponse(answer)
        return response

    def nothing_to_save(self) -> JsonResponse:
        # No revision_id: the browser keeps overwriting its own autosave revision, never
        # another person's (Wagtail refuses to overwrite a revision someone else made).
        return JsonResponse({"success": True, "pk": self.page.pk})

    @cached_property
    def action_name_and_method(self):
        # Wagtail's workflow-action.js puts the pressed review button (Approve, Request changes)
        # into the form as hidden inputs, then submits it; an autosave that fired meanwhile (the
        # inputs change the form) carried them too and acted on the review a second time, a 500
        # once the first had ended the task. Only the button's own submit acts on the review.
        if self.publishes_in_place:
            return ("publish", self.publish_action)  # post() checked that this user may publish
        if self.expects_json_response:
            return ("save", self.save_action)
        return super().action_name_and_method

    def add_save_confirmation_message(self):
        if self.action_name != "perform_workflow_action":
            return super().add_save_confirmation_message()
        messages.success(self.request, review_outcome(self.page, self.workflow_action))

    def form_valid(self, form):
        if self.is_autosave and not content_changed(form):
            return self.nothing_to_save()
        # Publishing saves the page and each of its rows (filmmakers, partners, resources...), and
        # each save has Wagtail index the page's references again: ten times for a film, 13 ms
        # each. Once, after the last, gives the same index.
        with disable_reference_index_auto_update():
            response = super().form_valid(form)
        model = self.page.specific_class
        update_reference_index_task.enqueue(model._meta.app_label, model._meta.model_name, str(self.page.pk))
        return response

    def form_invalid(self, form):
        # A page locked for this user (e.g. awaiting review) refuses saves; an autosave that
        # would change nothing is no save, so it is not an error either.
        if self.is_autosave and self.locked_for_user and form.is_valid() and not content_changed(form):
            return self.nothing_to_save()
        return super().form_invalid(form)


def review_outcome(page, action: str) -> str:
    """What a review action did to ``page``, in the words the moderator expects to read."""
    page.refresh_from_db()
    title = page.get_admin_display_title()
    if action == "reject":
        return f"Changes requested on '{title}': it is back with its editor."
    if action != "approve":
        return f"'{title}' has been updated."
    if page.workflow_in_progress:
        return f"Approved '{title}': it moves on to {page.current_workflow_task.name}."
    scheduled = page.scheduled_revision
    if scheduled is not None and scheduled.approved_go_live_at > timezone.now():
        when = date_format(timezone.localtime(scheduled.approved_go_live_at), "DATETIME_FORMAT")
        return f"Approved '{title}': it goes live on {when}."
    return f"Approved and published '{title}'."


class ReviewActionView(WorkflowActionView):
    """Approve or Request changes from the dashboard, saying what it did as the editor's buttons do.

    Wagtail's view acts and redirects in silence. A task still in progress afterwards was not
    acted on (its comment form refused), so then nothing is said.
    """

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            messages.success(request, review_outcome(self.object, self.action_name))
        return response


class CreatePageView(ChecksEverySave, CreateView):
    template_name = "core/editing/create_page.html"
    key_field = "creation_key"

    @cached_property
    def posted_key(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.request.POST.get(self.key_field, ""))
        except ValueError:
            return None

    def get_context_data(self, **kwargs):
        # A form shown again with its errors keeps its key: its next save may still race.
        return {**super().get_context_data(**kwargs), "creation_key": self.posted_key or uuid.uuid4()}

    def form_invalid(self, form):
        # The browser autosaves whenever the form differs from its snapshot taken two seconds after
        # load; on a busy machine the widgets add their inputs after it (StreamField counts, the
        # schedule dialog), so an untouched new page was autosaved, refused for its missing title,
        # and the header said "Autosave is paused" before the editor typed anything.
        if self.expects_json_response and not content_changed(form):
            return JsonResponse({"success": True})
        return super().form_invalid(form)

    def post(self, request):
        key = self.posted_key
        if key is None:
            return super().post(request)
        made = PageCreation.objects.filter(key=key).first()
        if made is None:
            try:
                with transaction.atomic():
                    # Claimed first: a second save with this key waits here until this one ends.
                    claim = PageCreation.objects.create(
                        key=key, user=request.user, made_by_autosave=self.expects_json_response
                    )
                    response = super().post(request)
                    if self.page.pk is None:  # the form had errors: nothing made, key free again
                        transaction.set_rollback(True)
                    else:
                        claim.page = self.page
                        claim.field_updates = dict(self.form.get_field_updates_for_resave())
                        claim.save(update_fields=["page", "field_updates"])
                return response
            except IntegrityError:
                made = PageCreation.objects.filter(key=key).first()
                if made is None:
                    raise
        return self.edit_instead(made)

    def edit_instead(self, made: PageCreation):
        """This save, as an edit of the page the form's first save created."""
        if made.user_id != self.request.user.pk:
            raise PermissionDenied
        edit_url = reverse("wagtailadmin_pages:edit", args=(made.page_id,))
        if self.expects_json_response and not made.made_by_autosave:
            # An autosave sent before the manual save that made the page, its answer delayed: its
            # content is older than the page's, and saving it would undo the editor's last changes.
            # The answer is a creation's, so a browser still on this form goes on editing the page.
            return JsonResponse(
                {
                    "success": True,
                    "pk": made.page_id,
                    "field_updates": made.field_updates,
                    "url": edit_url,
                    "hydrate_url": set_query_params(edit_url, {"_w_hydrate_create_view": "1"}),
                }
            )
        # The form as the browser would have sent it had it read the first save's answer: with the
        # IDs of the rows that save made, which are otherwise added a second time.
        posted = self.request.POST.copy()
        for name, value in made.field_updates.items():
            posted[name] = value  # replaces (QueryDict.update would add a second value)
        self.request.POST = posted
        return resolve(edit_url).func(self.request, page_id=made.page_id)


class PageEditorViewSet(PageViewSet):
    """Wagtail's views for every page type, with the editor's saving rules above.

    Registered for ``Page`` after Wagtail's default viewset, so it takes its place for each
    page type without a viewset of its own.
    """

    name = "strand_page_editor"
    add_view_class = CreatePageView
    edit_view_class = EditPageView
    workflow_action_view_class = ReviewActionView
