"""`make bench-renditions`: the time and peak memory of drawing one image's renditions, by image size.

For each size, a photo-like PNG and JPEG (a Mandelbrot render: detail everywhere, as in a photo)
is added to the image library, then a fresh process (`--draw`) draws every role's renditions
(core/renditions.py `draw`, one variant per call, as the worker does) and reports the
slowest call's CPU time (all threads: on a busy machine wall time says more about the machine)
and wall time, and the peak resident memory over what the process held before drawing. That is
what one image costs the rendition worker; WAGTAILIMAGES_MAX_IMAGE_PIXELS is chosen from it
(docs/performance.md). Adds images to the library: tools/bench/run_bench_renditions.py runs it on a
throwaway database.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image as PILImage

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from wagtail.images import get_image_model

from core import renditions

SIZES = [(1500, 1000), (3000, 2000), (4000, 3000), (6000, 4000)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process, all threads (Wagtail draws three renditions at a time)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Command(BaseCommand):
    help = "Time and peak memory of drawing an image's renditions, by image size (throwaway database)."

    def add_arguments(self, parser):
        parser.add_argument("--draw", type=int, help="(internal) draw the renditions of this image id")
        parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES))

    def handle(self, *args, draw=None, sizes="", **options):
        if draw is not None:
            return self.draw(draw)
        self.stdout.write(
            "| image | pixels | slowest call: CPU (wall) | all roles: CPU (wall) "
            "| peak memory over baseline |"
        )
        self.stdout.write("| --- | --- | --- | --- | --- |")
        with tempfile.TemporaryDirectory(prefix="strand-bench-renditions-") as folder:
            for size in sizes.split(","):
                width, height = map(int, size.split("x"))
                picture = PILImage.effect_mandelbrot((width, height), (-2.2, -1.2, 0.8, 1.2), 256)
                picture = picture.convert("RGB")
                for extension in ("png", "jpg"):
                    path = Path(folder) / f"bench-{width}x{height}.{extension}"
                    picture.save(path)
                    with path.open("rb") as handle:
                        image = get_image_model().objects.create(
                            title=f"bench {width}x{height} {extension}", file=File(handle, name=path.name)
                        )
                    child = subprocess.run(
                        [sys.executable, "manage.py", "bench_renditions", "--draw", str(image.pk)],
                        capture_output=True,
                        text=True,
                        check=True,
                        env=os.environ,
                    )
                    figures = json.loads(child.stdout.strip().splitlines()[-1])
                    self.stdout.write(
                        f"| {extension.upper()} {width}x{height} ({path.stat().st_size / 1e6:.1f} MB) "
                        f"| {width * height / 1e6:.1f} MP "
                        f"| {figures['slowest']}: {figures['slowest_cpu']:.2f} s "
                        f"({figures['slowest_wall']:.2f} s) "
                        f"| {figures['total_cpu']:.2f} s ({figures['total_wall']:.2f} s) "
                        f"| {figures['peak_mb']:.0f} MB |"
                    )
                    image.delete()

    def draw(self, image_id: int) -> None:
        baseline = peak_rss_mb()
        image = get_image_model().objects.get(pk=image_id)
        cpu, wall = {}, {}
        for role, variants in renditions.ROLES.items():
            for variant in (f"{role}.{name}" for name in variants):
                started, started_cpu = time.perf_counter(), cpu_seconds()
                if not renditions.draw(image, variant):
                    raise CommandError(f"Nothing was drawn for image {image_id} as {variant}")
                wall[variant], cpu[variant] = time.perf_counter() - started, cpu_seconds() - started_cpu
        slowest = max(cpu, key=cpu.get)
        figures = {
            "slowest": slowest,
            "slowest_cpu": cpu[slowest],
            "slowest_wall": wall[slowest],
            "total_cpu": sum(cpu.values()),
            "total_wall": sum(wall.values()),
            "peak_mb": peak_rss_mb() - baseline,
        }
        self.stdout.write(json.dumps(figures))
