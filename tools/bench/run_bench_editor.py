"""`make bench-editor`: how long an editor waits, in Chromium, on the demo site's *Last Train Home*.

A throwaway SQLite site under /tmp with the settings of `make run` (DEBUG on, runserver) plus a
Server-Timing header (tools/bench/editor_settings.py), the demo content and every rendition the
worker would have drawn by the time an editor arrives. Playwright drives Debian's Chromium
(/usr/bin/chromium) through, per round: open the editor (until the body's blocks are drawn), the
first preview (until the preview's h1 shows), *Save draft* of a changed synopsis (until its
message shows; it saves in place) and *Publish* (until the page listing says so). Round 1 starts
with an empty browser cache; later rounds reuse it, as an editor's browser does.

For each step it prints the browser time (what the editor waits: click to the condition) and the
server time (the sum of the Server-Timing ``app`` durations of the step's HTML and form requests:
the editor page, the preview, the POST and the page it redirects to), so a slow step shows where
the time goes. Nothing leaves 127.0.0.1. BENCH_EDITOR_ROUNDS (default 5) sets the rounds.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .services import spare_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(tempfile.gettempdir()) / "strand-bench-editor"
CHROMIUM = "/usr/bin/chromium"
ROUNDS = int(os.environ.get("BENCH_EDITOR_ROUNDS", "5"))
USERNAME = "bench-editor"
PASSWORD = "bench-editor-password"
TITLE = "Last Train Home"
TARGETS_MS = {"editor open": 2000, "first preview": 2000, "save draft": 1000, "publish": 1000}
SERVER_TIMING = re.compile(r"app;dur=([\d.]+)")
WAIT_MS = 60_000  # what a step may take on a loaded machine before the run gives up
TIMED = re.compile(r"/admin/pages/")  # the editor's own requests; static files and images are not


def manage(env: dict, *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, input=stdin, text=True
    )


def prepare(env: dict) -> None:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "-v0")
    manage(
        env,
        "shell",
        "-v0",
        stdin=(
            "from django.contrib.auth import get_user_model\n"
            f"get_user_model().objects.create_superuser({USERNAME!r}, '', {PASSWORD!r})\n"
        ),
    )
    # What the rendition worker beside `make run` has drawn by the time an editor opens a film.
    manage(env, "db_worker", "--backend", "renditions", "--batch", "--no-startup-delay", "-v0")


class Step:
    """Collects the Server-Timing of the editor's requests while a step runs."""

    def __init__(self, page):
        self.server_ms = 0.0
        self.requests = []
        page.on("response", self.record)

    def record(self, response) -> None:
        found = SERVER_TIMING.search(response.headers.get("server-timing", ""))
        if found and TIMED.search(response.url):
            self.server_ms += float(found[1])
            self.requests.append(f"{response.request.method} {response.url.split('/admin')[-1]}")

    def reset(self) -> None:
        self.server_ms = 0.0
        self.requests = []


def one_round(page, base: str, page_id: int, round_number: int) -> dict[str, tuple[float, float]]:
    from playwright.sync_api import expect

    step = Step(page)
    figures = {}

    def timed(name: str, action) -> None:
        step.reset()
        started = time.perf_counter()
        action()
        figures[name] = ((time.perf_counter() - started) * 1000, step.server_ms)

    def open_editor():
        page.goto(f"{base}/admin/pages/{page_id}/edit/")
        # The body's blocks are drawn in the browser (telepath); before that it cannot be edited.
        page.locator("#body-root [data-contentpath]").first.wait_for()

    def first_preview():
        page.get_by_role("button", name="Toggle preview").click()
        preview = page.frame_locator("iframe[src*='/preview/']")
        expect(preview.locator("h1")).to_have_text(TITLE, timeout=WAIT_MS)

    def save_draft():
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator(".messages")).to_contain_text(f"'{TITLE}' has been updated", timeout=WAIT_MS)
        page.locator("#body-root [data-contentpath]").first.wait_for()

    def publish():
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Publish", exact=True).click()
        expect(page.locator(".messages")).to_contain_text(f"'{TITLE}' has been published", timeout=WAIT_MS)

    timed("editor open", open_editor)
    timed("first preview", first_preview)
    page.get_by_role("button", name="Toggle preview").click()  # closed again: the editor at full width
    page.locator("#id_synopsis").fill(f"Round {round_number}: a family's journey home for the New Year.")
    timed("save draft", save_draft)
    timed("publish", publish)
    return figures


def measure(base: str, page_id: int) -> list[dict[str, tuple[float, float]]]:
    from playwright.sync_api import sync_playwright

    def keep_on_machine(route):
        if route.request.url.startswith(base) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        context.set_default_timeout(WAIT_MS)
        context.route("**/*", keep_on_machine)
        page = context.new_page()
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", USERNAME)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base}/admin/")
        page.goto("about:blank")
        for number in range(1, ROUNDS + 1):
            results.append(one_round(page, base, page_id, number))
            print(
                f"round {number}: "
                + ", ".join(
                    f"{name} {browser_ms:.0f} ms ({server_ms:.0f})"
                    for name, (browser_ms, server_ms) in results[-1].items()
                ),
                flush=True,
            )
        browser.close()
    return results


def report(results: list[dict[str, tuple[float, float]]]) -> None:
    load = os.getloadavg()
    print()
    print(
        f"Chromium, {ROUNDS} rounds; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
        f" on {os.cpu_count()} cores"
    )
    print("| step | browser, round 1 (cold cache) | browser, median of rounds 2+ | server, median | target |")
    print("| --- | --- | --- | --- | --- |")
    for name, target in TARGETS_MS.items():
        browser = [round_[name][0] for round_ in results]
        server = [round_[name][1] for round_ in results]
        warm = browser[1:] or browser
        met = "met" if statistics.median(warm) < target else "MISSED"
        print(
            f"| {name} | {browser[0]:.0f} ms | {statistics.median(warm):.0f} ms | "
            f"{statistics.median(server):.0f} ms | < {target} ms ({met}) |"
        )


def main() -> None:
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is absent: run scripts/install-chromium.sh first")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tools.bench.editor_settings",
        "DATABASE_URL": f"sqlite:///{WORK / 'bench-editor.sqlite3'}",
        "MEDIA_ROOT": str(WORK / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    prepare(env)
    port = spare_port()
    base = f"http://127.0.0.1:{port}"
    log = (WORK / "runserver.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: answers(base), 60, "runserver")
        page_id = int(
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "shell",
                    "-v0",
                    "-c",
                    f"from film.models import FilmPage; print(FilmPage.objects.get(title={TITLE!r}).pk)",
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-1]
        )
        report(measure(base, page_id))
    finally:
        server.terminate()
        server.wait(timeout=10)


def answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    main()
