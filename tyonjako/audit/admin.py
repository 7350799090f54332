"""The Django admin site offers the organisation and the code lists only.

django-auditlog registers its log entries with the admin; they hold who changed
which client row, and browsing them there would write no access row. The audit
log is read through the audit pages (`/audit/`), which log their own reads.
"""

from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.models import Group

for model in (LogEntry, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
