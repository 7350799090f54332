"""Gunicorn settings for Työnjako (`gunicorn -c deploy/gunicorn.conf.py tyonjako.wsgi`).

Every value can be overridden from the environment (GUNICORN_*) without editing the file;
docs/operations.md explains the choices."""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Behind the reverse proxy on loopback (or a socket); never exposed directly.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Synchronous workers: the pages are short database reads. Two per core plus one.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
# Uploads are saved and queued, never imported on the request; reports and PDFs take
# seconds at most. A request still running after this is a bug: the worker is restarted.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Restart each worker now and then (memory fragmentation of long-lived processes).
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The proxy sets X-Forwarded-Proto; only trust it from the proxy's own address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the application before forking: faster start, less memory (copy-on-write).
preload_app = True
# Logs to stdout/stderr, where systemd's journal (or the container runtime) keeps them.
# The access log has no query strings: a client key must never reach a log.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
