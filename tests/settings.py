"""Settings for the test suite: the project's settings with demo-only keys and a fast hasher."""

import os

os.environ.setdefault("DEBUG", "1")

from tyonjako.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# WhiteNoise warns about a missing STATIC_ROOT on every request otherwise.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# The second factor is tested where it is turned on (tests/views/test_login_security.py);
# every other test logs its personas in without one, as the demo does.
OTP_REQUIRED = False
# Jobs run inline, at once; a test that starts a real worker process enqueues on
# "database" (tests/db/test_worker_process.py).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
