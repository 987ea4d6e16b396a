"""JSON log lines for production: one object per record, easy to ship and query."""

import datetime
import json
import logging

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
