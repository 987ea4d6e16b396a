"""Django's JSON serialization with datetimes and times to the microsecond.

Django's encoder cuts them to the millisecond, so a backup restored from ``dumpdata``
would not be the site it was taken from (a revision's ``created_at`` of ``...47.000412``
came back as ``...47``). Registered as the ``json`` format (``SERIALIZATION_MODULES``),
so ``dumpdata``, ``loaddata`` and the backup all keep full precision.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as DjangoSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(DjangoSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
