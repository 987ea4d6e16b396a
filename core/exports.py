"""Spreadsheet exports whose cells a spreadsheet cannot run.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``=cmd|...``). Titles,
partner names and visitors' search terms can start that way, so each text cell of a CSV export
gets a leading apostrophe, which spreadsheets show as text. XLSX cells are typed: Wagtail
already writes them as strings.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """``value`` as a spreadsheet shows text: formula-like strings get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's CSV/XLSX export, with CSV cells that never start a formula (every export uses it)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_text(value) if export_format == self.FORMAT_CSV else value
