"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi`.

Threaded workers (gthread): a request that waits (on the PDF worker process, on the database)
holds one thread, not a whole worker, so other clients' pages keep loading. Every value can
be overridden on the command line or with GUNICORN_* environment variables below."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that runs longer than this is killed with its worker (the PDF budget is far less).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# The server's own limits on the request line and headers (bodies: config/middleware.py).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# A worker is replaced after this many requests (with jitter), bounding slow leaks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Production's app writes one JSON line per request with its request id (config/logs.py), so
# there GUNICORN_ACCESSLOG is set empty to drop gunicorn's plain-text access line.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"

# GUNICORN_LOG_FORMAT=json: gunicorn's own lines (start, stop, a worker killed at its timeout)
# are JSON objects too, like the app's (config/logs.py); `make prod` sets it.
if os.environ.get("GUNICORN_LOG_FORMAT") == "json":
    _json = {"level": "INFO", "handlers": ["json"], "propagate": False}
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logs.JSONFormatter"}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": _json,
            "gunicorn.access": _json if accesslog else {"handlers": [], "propagate": False},
        },
    }
