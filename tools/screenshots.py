"""The README's screenshots, retaken from the demo site: `make screenshots`.

Builds the site as `make run` does (development settings, migrations, `load_demo`, every
rendition drawn) in a throwaway SQLite database and media folder, serves it on a spare port
of 127.0.0.1, and photographs the home page and the film page in Chromium (/usr/bin/chromium,
never downloaded) at a desktop (1366x900) and a phone (390x844) viewport: what a visitor sees
first. The PNGs are reduced to 256 colours so each stays well under 300 KB. Drawing the demo's
image renditions takes most of the time (a few minutes; longer on a busy machine).

    python -m tools.screenshots [--port 8391] [--out docs]
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from tools.bench.services import HOST, spare_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"]
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# name -> path on the demo site; files are docs/<name>-<viewport>.png
PAGES = {"home": "/", "film-page": "/films/last-train-home/"}
MAX_BYTES = 300_000


def optimised_png(png: bytes) -> bytes:
    """The screenshot in 256 colours (a palette PNG), compressed as far as zlib goes."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    quantized = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantized.save(out, format="PNG", optimize=True)
    return out.getvalue()


def responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback server
            return response.status == 200
    except OSError:
        return False


def prepare(environment: dict, root_url: str) -> None:
    """The demo site in the throwaway database, with every image rendition already drawn."""
    python = [sys.executable, "manage.py"]
    for step, command in (
        ("Migrating", ["migrate", "--noinput", "-v0"]),
        ("Loading the demo content", ["load_demo", "--root-url", root_url]),
        # Publishing queued each page's renditions; draw them now, so no picture falls back.
        (
            "Drawing every rendition (minutes)",
            ["db_worker", "--backend", "renditions", "--batch", "--no-startup-delay"],
        ),
    ):
        print(f"{step}...", flush=True)
        subprocess.run([*python, *command], cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL)


def photograph(root_url: str, out: Path) -> list[Path]:
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for viewport_name, viewport in VIEWPORTS.items():
                context = browser.new_context(
                    viewport=viewport, device_scale_factor=1, reduced_motion="reduce"
                )
                page = context.new_page()
                for name, path in PAGES.items():
                    response = page.goto(root_url + path, wait_until="networkidle")
                    if response is None or response.status != 200:
                        raise RuntimeError(f"{path} answered {response.status if response else 'nothing'}")
                    # Every picture in view decoded (lazy ones below the fold are not in the shot).
                    page.wait_for_function(
                        "[...document.images].every(i => i.complete || i.loading === 'lazy')"
                    )
                    png = optimised_png(page.screenshot())
                    target = out / f"{name}-{viewport_name}.png"
                    target.write_bytes(png)
                    if len(png) > MAX_BYTES:
                        raise RuntimeError(f"{target} is {len(png):,} bytes, over {MAX_BYTES:,}")
                    written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a spare one)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs", help="folder for the PNGs (default: docs/)"
    )
    options = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: run scripts/install-chromium.sh")
    port = options.port or spare_port()
    root_url = f"http://{HOST}:{port}"

    with tempfile.TemporaryDirectory(prefix="strand-screenshots-") as scratch:
        environment = {
            key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_"))
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="site_config.settings.dev",
            DATABASE_URL=f"sqlite:///{scratch}/db.sqlite3",
            MEDIA_ROOT=f"{scratch}/media",
            SITE_ROOT_URL=root_url,
            DJANGO_ALLOWED_HOSTS=HOST,
        )
        prepare(environment, root_url)
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"{HOST}:{port}", "--noreload"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: responds(root_url + "/healthz"), 60, "the demo server")
            options.out.mkdir(parents=True, exist_ok=True)
            for target in photograph(root_url, options.out):
                print(
                    f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
                    f"{target.stat().st_size:,} bytes"
                )
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
