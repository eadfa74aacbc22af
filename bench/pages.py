"""The main pages whose SQL queries and size are counted (bench/measure_pages.py: measure_queries).

Plain data with no imports: khuyencong/core/tests/test_list_queries.py reads it too, so the test and the
benchmark count the same pages."""

MAIN_PAGES = [
    "/",
    "/programs/",
    "/programs/?level=local&status=settled",
    "/programs/plans/",
    "/clusters/",
    "/clusters/?status=operating",
    "/clusters/?province=68",
    "/facilities/",
    "/accounts/organisations/",
    "/reports/",
    "/reports/submissions/chain/",
    "/api/v1/clusters/clusters/",
    "/api/v1/clusters/decisions/",
    "/api/v1/clusters/investors/",
    "/api/v1/clusters/tenants/",
    "/api/v1/facilities/",
    "/api/v1/programs/programmes/",
    "/api/v1/programs/plans/",
    "/api/v1/programs/projects/",
    "/api/v1/geography/units/",
    # forms whose choice lists hold every establishment, đề án or commune (searched, not sent whole)
    "/facilities/new/",
    "/programs/new/",
    "/inspections/new/",
    "/surveys/assignments/new/",
]
