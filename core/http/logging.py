"""JSON log lines for production: one object per record, easy to ship and query."""

import datetime
import json
import logging
import threading
import time

# Attributes every LogRecord has; anything else was passed with ``extra=``.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Django attaches the request object to its log records; its repr carries the query string,
# which can hold tokens, so it is never written out.
LEFT_OUT = {"request"}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in STANDARD_ATTRIBUTES or key in LEFT_OUT or key.startswith("_"):
                continue
            entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class OncePerInterval(logging.Filter):
    """Lets one record through every ``seconds`` and counts the others into ``suppressed``.

    Attached to the cache's logger: while Redis is down every cache call fails, and one
    line every few seconds with a count says as much as thousands of tracebacks.
    """

    def __init__(self, seconds: float = 10.0):
        super().__init__()
        self.seconds = seconds
        self.next_at = 0.0
        self.suppressed = 0
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        with self.lock:
            if now < self.next_at:
                self.suppressed += 1
                return False
            self.next_at = now + self.seconds
            record.suppressed = self.suppressed
            self.suppressed = 0
        return True
