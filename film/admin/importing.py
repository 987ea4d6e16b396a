"""Admin: *Import films*, the same import as ``manage.py import_films`` for Moderators.

Upload a CSV or JSON file (or a .zip holding one with its images) and the dry run's report comes
back; *Import* commits the same upload. Both stream the page as they go, so a long file shows a
progress bar instead of a browser waiting in silence. The upload waits in a private folder of
its own under FILM_IMPORT_ROOT (outside MEDIA_ROOT, never served, shared by the app servers)
between the two steps and is deleted after the commit; `manage.py tidy` deletes one never confirmed.
"""

import secrets
import shutil
import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from film.importing import Importer, Refused, SourceError, read_rows
from film.models import FilmIndexPage

SESSION_KEY = "film_import"
MARKER = "<!-- import results -->"
# A .zip may unpack to at most this much: room for a catalogue's images, not for a zip bomb.
MAX_UNPACKED = 500 * 1024 * 1024


def upload_folder(token: str) -> Path:
    return Path(settings.FILM_IMPORT_ROOT) / token


def can_import(user) -> bool:
    """Whoever may publish films may import them: Moderators (film/roles.py), not Editors."""
    index = FilmIndexPage.objects.first()
    return bool(user.is_authenticated and index and index.permissions_for_user(user).can_publish_subpage())


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Catalogue file",
        help_text="A .csv or .json file as docs/import.md describes, or a .zip holding one "
        "with the images it names.",
    )
    publish = forms.BooleanField(
        required=False, label="Publish the films", help_text="Leave unticked to import them as drafts."
    )


def _store(upload) -> tuple[str, str]:
    """Keep the upload (unpacked, for a .zip) under a fresh token: (token, the catalogue's name)."""
    token = secrets.token_urlsafe(16)
    folder = upload_folder(token)
    folder.mkdir(parents=True)
    name = Path(upload.name).name
    if Path(name).suffix.lower() != ".zip":
        with (folder / name).open("wb") as file:
            for chunk in upload.chunks():
                file.write(chunk)
        return token, name
    try:
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise SourceError("The .zip unpacks to more than 500 MB.")
            # extractall keeps every member inside the folder (no absolute paths, no "..").
            archive.extractall(folder)
    except zipfile.BadZipFile as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise SourceError("The .zip file cannot be opened.") from error
    except SourceError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    found = [path.name for path in folder.iterdir() if path.suffix.lower() in (".csv", ".json")]
    if len(found) != 1:
        shutil.rmtree(folder, ignore_errors=True)
        raise SourceError("Put one .csv or .json file at the top of the .zip, beside the image folders.")
    return token, found[0]


def _discard(session) -> None:
    pending = session.pop(SESSION_KEY, None)
    if pending:
        shutil.rmtree(upload_folder(pending["token"]), ignore_errors=True)


class ImportView(View):
    template_name = "film/admin/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(request, UploadForm())

    def page(self, request, form, error: str = "", status: int = 200):
        context = {"form": form, "error": error, "action": reverse("film_import")}
        return TemplateResponse(request, self.template_name, context, status=status)

    def post(self, request):
        if "token" in request.POST:
            return self.commit(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, form, status=400)
        _discard(request.session)
        try:
            token, name = _store(form.cleaned_data["file"])
        except SourceError as error:
            return self.page(request, form, str(error), status=400)
        request.session[SESSION_KEY] = {"token": token, "name": name, "publish": form.cleaned_data["publish"]}
        return self.stream(request, token, name, commit=False, publish=form.cleaned_data["publish"])

    def commit(self, request):
        pending = request.session.get(SESSION_KEY)
        if not pending or not secrets.compare_digest(pending["token"], request.POST["token"]):
            # Committed already, or from another session: start again from the upload.
            return redirect("film_import")
        del request.session[SESSION_KEY]
        return self.stream(
            request, pending["token"], pending["name"], commit=True, publish=pending["publish"]
        )

    def stream(self, request, token: str, name: str, *, commit: bool, publish: bool):
        folder = upload_folder(token)
        path = folder / name
        try:
            rows = read_rows(name, path.read_bytes())
        except (OSError, SourceError) as error:
            shutil.rmtree(folder, ignore_errors=True)
            request.session.pop(SESSION_KEY, None)
            return self.page(request, UploadForm(), str(error), status=400)
        importer = Importer(commit=commit, publish=publish, user=request.user, base_dir=folder)
        context = {"action": reverse("film_import"), "streaming": True, "commit": commit, "total": len(rows)}
        page = TemplateResponse(request, self.template_name, context).render().content.decode()
        head, tail = page.split(MARKER)
        # The confirm form's token, asked for now so the CSRF middleware can still set its cookie.
        get_token(request)

        def body():
            yield head
            results = []
            step = max(1, len(rows) // 100)
            try:
                for done, result in enumerate(importer.results(rows), start=1):
                    results.append(result)
                    if done % step == 0 or done == len(rows):
                        yield (
                            f'<progress class="film-import-progress" value="{done}" max="{len(rows)}" '
                            f'aria-label="Rows done">{done} of {len(rows)}</progress>'
                        )
                error = ""
            except Refused as refusal:
                error = " ".join(refusal.messages)
            finally:
                if commit:
                    shutil.rmtree(folder, ignore_errors=True)
            report = importer.report(results)
            yield render_to_string(
                "film/admin/import_report.html",
                {
                    "report": report,
                    "counts": report.counts(),
                    "error": error,
                    "token": token,
                    "name": name,
                    "action": reverse("film_import"),
                },
                request=request,
            )
            yield tail

        response = StreamingHttpResponse(body(), content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-store"
        # Proxies that buffer (nginx) would hold the progress bar back until the end.
        response["X-Accel-Buffering"] = "no"
        return response
