"""`make bench-renditions`: what drawing one image's renditions costs, by image size.

On a throwaway SQLite database and media folder (under /tmp, made afresh, removed after) with
the development settings, DEBUG off and the in-process cache: migrations, then
`manage.py bench_renditions`, which prints one table. Each image is drawn in a process of its
own, so its peak memory is its own.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(tempfile.gettempdir()) / "strand-bench-renditions"
# The in-process cache, whatever the shell says.
UNSET = {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}


def main() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir()
    env = {
        **{key: value for key, value in os.environ.items() if key not in UNSET},
        "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}",
        "MEDIA_ROOT": str(WORK / "media"),
    }
    manage = [sys.executable, "manage.py"]
    try:
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "bench_renditions", *sys.argv[1:]], cwd=ROOT, env=env, check=True)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
