"""Django admin for the training catalog and schedule.

Every save goes through the catalog and scheduling services, so the admin keeps the same
rules (clashes, dates, permissions) and history as the pages and the API. Enrollments,
attendance and the JP ledger change only through their own pages (with their rules): here
they are read-only.
"""

from lms.admin import budget, catalog, records, schedule  # noqa: F401 - registration on import
