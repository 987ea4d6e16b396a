"""Who may do what with films: the Editors and Moderators groups and the "Film review" workflow.

- Editors add and edit films and submit them to "Film review"; they add and edit partners and
  curated collections; they upload and choose images and documents, and edit or delete their own.
- Moderators also publish, lock and unlock pages anywhere (Wagtail's default, kept) and approve or
  reject films in "Film review"; they also delete partners and collections and edit or delete
  anyone's files.

Page permissions and workflows hang off pages, and a fresh database gets its film index only after
the migrations (from ``load_demo`` or an editor), so ``set_up_film_index`` runs twice over: from the
data migration for an index that already exists, and from a ``post_save`` receiver whenever a film
index is created. Both pass a model registry (``apps``) so the same code serves the migration's
historical models and the live ones; it imports no models itself.
"""

from django.db.models import Q

from wagtail.models import PagePermissionTester

EDITORS = "Editors"
MODERATORS = "Moderators"
WORKFLOW = "Film review"
TASK = "Moderator approval"

# Page permissions: Editors' are granted on the film index and cover the films below it (the
# index itself only lets them add films: see FilmIndexPermissionTester); Moderators' on the root
# page (Wagtail's default, kept): they also look after the home page and the film index.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]

# Model-wide permissions per group: ("app_label", "model", ["codename", ...]).
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "admin", ["access_admin"]),
        ("film", "partner", ["add_partner", "change_partner", "view_partner"]),
        ("film", "filmcollection", ["add_filmcollection", "change_filmcollection", "view_filmcollection"]),
    ],
    MODERATORS: [
        ("wagtailadmin", "admin", ["access_admin"]),
        ("film", "partner", ["add_partner", "change_partner", "delete_partner", "view_partner"]),
        (
            "film",
            "filmcollection",
            ["add_filmcollection", "change_filmcollection", "delete_filmcollection", "view_filmcollection"],
        ),
    ],
}

# Permissions on the root collection, which Wagtail checks for images and documents. "add" lets a
# user upload and edit or delete their own files; "change" covers everyone's.
COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "image", ["add_image", "choose_image"]),
        ("wagtaildocs", "document", ["add_document", "choose_document"]),
    ],
    MODERATORS: [
        ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
        ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
    ],
}


def _permissions(apps, app_label: str, model: str, codenames: list[str]):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permissions = []
    for codename in codenames:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": "Can " + codename.replace("_", " ")},  # Django's own wording
        )
        permissions.append(permission)
    return permissions


def set_up_groups(apps) -> None:
    """Create or update both groups' model and collection permissions, and the film review workflow."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    root_collection = Collection.objects.get(depth=1)
    for name in (EDITORS, MODERATORS):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codenames in MODEL_PERMISSIONS[name]:
            group.permissions.add(*_permissions(apps, app_label, model, codenames))
        wanted = set()
        for app_label, model, codenames in COLLECTION_PERMISSIONS[name]:
            for permission in _permissions(apps, app_label, model, codenames):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
                wanted.add(permission.pk)
            # Wagtail's defaults give both groups "change" (everyone's files): narrow to the table above.
            GroupCollectionPermission.objects.filter(
                group=group, collection=root_collection, permission__content_type__app_label=app_label
            ).exclude(permission__in=wanted).delete()
            # Wagtail reads these by collection; its first migrations also granted them model-wide,
            # where no check should find an Editor allowed to change everyone's files.
            if name == EDITORS:
                group.permissions.remove(
                    *group.permissions.filter(
                        Q(codename__startswith="change_") | Q(codename__startswith="delete_"),
                        content_type__app_label=app_label,
                    )
                )

    # Editors work on films only: Wagtail's default lets them edit every page from the root down.
    GroupPagePermission.objects.filter(group__name=EDITORS, page__depth=1).delete()
    moderators = Group.objects.get(name=MODERATORS)
    root = Page.objects.get(depth=1)
    for permission in _permissions(apps, "wagtailcore", "page", MODERATOR_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=moderators, page=root, permission=permission)

    _film_review_workflow(apps)


def _film_review_workflow(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
        moderators, _ = Group.objects.get_or_create(name=MODERATORS)
        task.groups.set([moderators])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def set_up_film_index(apps, index_page_id: int) -> None:
    """Let Editors work on the films under this index, and send their films to "Film review"."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    for permission in _permissions(apps, "wagtailcore", "page", EDITOR_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=editors, page_id=index_page_id, permission=permission)
    WorkflowPage.objects.get_or_create(
        page_id=index_page_id, defaults={"workflow": _film_review_workflow(apps)}
    )


def film_index_created(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """``post_save`` receiver for FilmIndexPage (connected in FilmConfig.ready)."""
    if created and not raw:
        from django.apps import apps

        set_up_film_index(apps, instance.pk)


class FilmIndexPermissionTester(PagePermissionTester):
    """What a user may do to the film index page itself (FilmIndexPage.permissions_for_user).

    Wagtail applies a page permission to the page it is granted on and everything below, and has
    no grant for "the pages below only". Editors' grant on the index is meant for the films: on
    the index page itself it only lets them add films. Editing, publishing or locking the index
    (its title, slug, SEO, schedule) needs a permission granted higher up, as Moderators' is.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if hasattr(self, "permissions"):  # active users who are not superusers
            from_above = {
                grant.permission.codename.rsplit("_", maxsplit=1)[0]
                for grant in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(grant.page.path) and grant.page.path != page.path
            }
            self.permissions = from_above | (self.permissions & {"add"})
