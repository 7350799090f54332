"""The Django admin site offers the organisation and the code lists only.

django-auditlog registers its log entries with the admin; they hold who changed
which client row, and browsing them there would write no access row. The audit
log is read through the audit pages (`/audit/`), which log their own reads.
Log-in attempts (django-axes) are personal data about staff and are read and
reset with `tyonjako axes_reset_username`; API tokens are issued with
`tyonjako drf_create_token`. The second-factor devices stay: an administrator
removes a lost phone's device there.
"""

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult
from rest_framework.authtoken.models import TokenProxy

# Background jobs are followed on the pages that started them (and /healthz).
for model in (
    LogEntry,
    Group,
    AccessAttempt,
    AccessFailureLog,
    AccessLog,
    TokenProxy,
    DBTaskResult,
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
