"""Admin: the "Search terms" report, exported with CSV cells that cannot run as formulas.

Visitors write these terms. The report is Wagtail's own (wagtail.contrib.search_promotions);
this app is listed before it in INSTALLED_APPS, so these routes answer its URLs first.
"""

from django.urls import path

from wagtail import hooks
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

from core.exports import SafeSpreadsheetExportMixin


class SafeSearchTermsReportView(SafeSpreadsheetExportMixin, SearchTermsReportView):
    pass


@hooks.register("register_admin_urls")
def register_search_terms_report():
    return [
        path("searchpicks/reports/search-terms/", SafeSearchTermsReportView.as_view()),
        path(
            "searchpicks/reports/search-terms/results/",
            SafeSearchTermsReportView.as_view(results_only=True),
        ),
    ]
