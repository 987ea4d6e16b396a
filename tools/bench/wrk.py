"""wrk (Debian's `wrk`, installed by the Makefile): throughput and latency on loopback."""

import re
import shutil
import subprocess
from collections import Counter

from .measure import HOST, Summary


def require() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `sudo apt-get install wrk` (Debian), then run the command again.")


def run(url: str, seconds: int, connections: int, headers: dict[str, str] | None = None) -> Summary:
    """`connections` keep-alive connections on `url` for `seconds`; wrk stops by itself."""
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError(f"loopback only, not {url}")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return parse(output)


def parse(output: str) -> Summary:
    """wrk's report as a Summary; its statuses are only "2xx/3xx", "other" and socket errors."""
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    other_match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    other = int(other_match.group(1)) if other_match else 0
    statuses = Counter({"2xx/3xx": requests - other, "other": other})
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sockets:
        for name, count in zip(("connect", "read", "write", "timeout"), sockets.groups(), strict=True):
            statuses[f"socket {name}"] = int(count)
    return Summary(
        count=requests,
        p50_ms=to_ms(percentiles["50"]),
        p99_ms=to_ms(percentiles["99"]),
        max_ms=to_ms(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", output).group(1)),
        statuses=+statuses,  # only the outcomes that happened
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
    )


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]
