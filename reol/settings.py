"""Settings, read from the environment in one place with safe defaults.

REOL_DATABASE_URL   sqlite:///path or postgresql://user@host/db (default: SQLite in var/)
REOL_SECRET_KEY     generated into var/secret_key on first run when absent
REOL_DEBUG          "1" to show debug pages (never in production)
REOL_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
REOL_EMAIL_URL      smtp://user:password@host:port (smtps:// for TLS), file: (default: one file
                    per batch under var/mail/; file:///directory elsewhere), or console: to
                    print mail to the server's output (only when asked: it holds patrons'
                    addresses and titles, and logs are kept and copied where reol cannot
                    forget them)
REOL_EMAIL_FROM     the sender of notices (default: reol <noreply@localhost>)
REOL_SMS_URL        the SMS gateway: file: (default, one file per message in var/sms/;
                    file:///directory elsewhere) or console: to print them
REOL_JOBS_INTERVAL  seconds between runs of the lending jobs inside `reol serve` (default 300;
                    0 turns them off, e.g. when cron runs `reol run_jobs`)
REOL_SEARCH_FOLLOW_SECONDS  seconds between the search worker's steps inside `reol serve`
                    (default 1): a change shows in search within about twice this
                    (reol/search/follow.py); 0 runs no worker (then `reol run_jobs` must)
REOL_SEARCH_SUGGEST_PER_MINUTE  suggestions while typing one client address may have a
                    minute (default 120; more get 429 until the minute's budget refills)
REOL_FBS_REGISTRATIONS_PER_MINUTE  patrons a library's site may register through the FBS
                    Adapter (createV9, withGuardian) a minute from one client address
                    (default 10; more get 429)
REOL_FBI_PER_MINUTE requests to /fbi/graphql one client address may make a minute
                    (default 600; more get 429 until the minute's budget refills)
REOL_SRU_PER_MINUTE  SRU requests (/sru) one client address may make a minute (default
                    120; more get 429 until the minute's budget refills)
REOL_OAI_PER_MINUTE  OAI-PMH requests one client address may make a minute (default 300; more
                    get 503 with Retry-After, the protocol's way to slow a harvester down)
REOL_OAI_PAGE_SIZE  records (or headers) in one page of an OAI-PMH list (default 200, 10-1000)
REOL_OAI_NAME       the repository's name in OAI-PMH Identify (default: reol)
REOL_OAI_ADMIN_EMAIL  whom harvesters write to, in Identify (default
                    postmaster@localhost.localdomain)
REOL_VAR_DIR        where the embedded database, secret key and static files live
REOL_SITE_URL       the address patrons use, for links in mails (default: the address `reol
                    serve` listens on, http://127.0.0.1:8000 for other commands);
                    when it starts with https://, cookies are Secure and HSTS is sent, its
                    origin is trusted for CSRF, and its host is allowed (README: Production)
REOL_PATRON_IDLE_MINUTES  a patron's session ends after this many minutes without a request
                    (default 15; each request moves the limit on)
REOL_STAFF_LOGIN_ATTEMPTS  wrong staff/admin passwords from one address for one user name
                    before that pair waits (default 5; django-axes)
REOL_STAFF_LOGIN_COOLOFF_MINUTES  how long it waits (default 15); patron PINs and SIP2
                    terminal passwords have their own limits in reol/throttle/rules.py
REOL_RETENTION_DAYS days after which what ties a patron who keeps no history to a title is
                    forgotten: closed reservations, the log's references, sent notices, mail
                    and SMS files (default 30; see docs/privacy.md)
REOL_HTTP_MAX_CONNECTIONS  HTTP connections open at once in `reol serve` (default 300); at the
                    limit a new one takes the place of the oldest idle one (reol/web/channels.py)
REOL_SIP2_MAX_CONNECTIONS  SIP2 connections open at once, in all (default 500); at the limit a
                    new one takes the place of the oldest not logged in (selfservice/places.py)
REOL_SIP2_MAX_PER_ADDRESS  SIP2 connections from one IP address (IPv6: one /64; default 50);
                    raise it when more machines than that share one address through NAT
REOL_SIP2_LOGIN_TIMEOUT    seconds a SIP2 connection may stay without a successful log-in (93)
                    (default 60)
REOL_SIP2_MAX_LIFETIME     seconds a SIP2 connection may live, closed between messages (default
                    3600): bounds how long a client holds a place, and how long a connection
                    logged in with a since deactivated terminal or changed password goes on;
                    a kiosk reconnects and logs in again on its own
REOL_SIP2_MAX_LINE  bytes in one SIP2 message; a longer one closes the connection (default 4096)

HTTPS at a reverse proxy (README: Production; docs/nginx.conf):
REOL_BEHIND_PROXY   "1": a reverse proxy on this machine (127.0.0.1, ::1) terminates TLS; its
                    X-Forwarded-Proto and X-Forwarded-For are believed
REOL_TRUSTED_PROXIES  comma-separated addresses or networks (10.0.0.0/24) of the reverse
                    proxies whose X-Forwarded-Proto and X-Forwarded-For are believed; from any
                    other peer those headers are dropped (default: none, or loopback with
                    REOL_BEHIND_PROXY=1)
REOL_CSRF_TRUSTED_ORIGINS  comma-separated origins (https://bibliotek.example.dk) that may post
                    forms (default: the origin of REOL_SITE_URL)
REOL_HSTS_SECONDS   Strict-Transport-Security max-age when REOL_SITE_URL is https (default one
                    year; 0 sends none)
REOL_CORS_ORIGINS   comma-separated origins of the libraries' own sites
                    (https://bibliotek.example.dk) whose apps call the FBS, catalogue and
                    e-book doors, /userinfo and /oauth/token from the browser (default: none)
REOL_OAUTH_TOKEN_SECONDS  how long a token from /oauth/token lives (default 28800, a working
                    day: a patron's visit to the library's site is shorter)
REOL_ALLOW_INSECURE_BASIC  "1" accepts a patron's card and PIN as HTTP Basic over plain HTTP
                    (development only); otherwise the API refuses Basic unless the request
                    came over HTTPS
"""

import ipaddress
import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("REOL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("REOL_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A connection per server thread, kept: opening one costs about 1 ms and starts with a
        # cold page cache; kept, an API checkout took 2.7 ms instead of 5.8 (benchmarks.md).
        config["CONN_MAX_AGE"] = 600
        config["CONN_HEALTH_CHECKS"] = False
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
        # start of a transaction so two writers never deadlock half-way through.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
            ),
        }
        config["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    return config


def _https(env: Mapping[str, str], site_url: str) -> dict:
    """Settings for TLS ended at a reverse proxy in front of reol (README: Production)."""
    proxies = [p.strip() for p in env.get("REOL_TRUSTED_PROXIES", "").split(",") if p.strip()]
    if not proxies and env.get("REOL_BEHIND_PROXY", "") == "1":
        proxies = ["127.0.0.1", "::1"]
    for proxy in proxies:
        ipaddress.ip_network(proxy, strict=False)  # a typo stops reol at start, not later
    site = urlparse(site_url)
    https = site.scheme == "https"
    origins = [o.strip() for o in env.get("REOL_CSRF_TRUSTED_ORIGINS", "").split(",")
               if o.strip()]
    return {
        "REOL_TRUSTED_PROXIES": proxies,
        # Believed only because ProxyHeadersMiddleware drops the header from other peers.
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if proxies else None,
        # A form posted through the proxy comes from the site's origin even when the proxy's
        # headers are not believed (the failure of every form post behind HTTPS).
        "CSRF_TRUSTED_ORIGINS": origins or [f"{site.scheme}://{site.netloc}"],
        "SESSION_COOKIE_SECURE": https,
        "CSRF_COOKIE_SECURE": https,
        "LANGUAGE_COOKIE_SECURE": https,
        "SECURE_HSTS_SECONDS": int(env.get("REOL_HSTS_SECONDS", "31536000")) if https else 0,
        "REOL_ALLOW_INSECURE_BASIC": env.get("REOL_ALLOW_INSECURE_BASIC", "") == "1",
    }


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("REOL_DEBUG", "") == "1"
# Where patrons reach reol: links in mails (event cancellation links) start with this. Unset,
# `reol serve` takes the address it serves on, so a server on another port links to that port.
REOL_SITE_URL = os.environ.get("REOL_SITE_URL", "http://127.0.0.1:8000")
SITE_URL_GIVEN = "REOL_SITE_URL" in os.environ
# The site's own host is allowed without being named twice.
ALLOWED_HOSTS = os.environ.get(
    "REOL_ALLOWED_HOSTS",
    ",".join(["127.0.0.1", "localhost", "[::1]", urlparse(REOL_SITE_URL).hostname or "localhost"]),
).split(",")
globals().update(_https(os.environ, REOL_SITE_URL))

DATABASES = {
    "default": _database(
        os.environ.get("REOL_DATABASE_URL", f"sqlite:///{VAR_DIR / 'reol.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "reol.web.admin_site.ReolAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",  # its system checks catch a policy written in django-csp's old setting names
    "ninja",  # the API docs from ninja's own static files, not a CDN and an inline script
    "reol.core",
    "reol.libraries",
    "reol.catalogue",
    "reol.search",
    "reol.circulation",
    "reol.selfservice",
    "reol.sharing",
    "reol.transport",
    "reol.events",
    "reol.rooms",
    "reol.community",
    "reol.insight",
    "reol.collection",
    "reol.oai",
    "reol.fbi",
    "reol.fbs",
    "reol.publizon",
    "reol.sru",
    "reol.digital",
    "reol.throttle",
    "reol.oauth",
    "reol.web",
    "reol.transfer",  # a library's data in and out (import_library, export_library)
    "oauth2_provider",  # django-oauth-toolkit: clients and tokens of POST /oauth/token
    "corsheaders",  # CORS for the doors the libraries' apps call from their own sites
    "axes",  # after django.contrib.auth: counts failed staff and admin log-ins
]

MIDDLEWARE = [
    "reol.web.security.ProxyHeadersMiddleware",  # first: before anything asks is_secure()
    "corsheaders.middleware.CorsMiddleware",  # answers preflights before anything else may
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "reol.web.security.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reol.core.actor.ActorMiddleware",  # staff record: who is acting
    "reol.memo.RequestMiddleware",  # the memories' generation read once per request
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "reol.web.middleware.BadInputMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused staff log-in into its page
]

# --- What a browser may do on reol's pages (reol/web/security.py) ---------------------------
# Scripts, styles and images from reol itself only: no inline script, no inline style, no
# eval (htmx is told so in base.html), nothing from another site; no page may frame reol.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: the API docs' icons
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# `reol check --deploy` with an https:// REOL_SITE_URL is clean but for three choices left to
# the operator on purpose (tests/web/test_https.py):
SILENCED_SYSTEM_CHECKS = [
    "security.W005",  # HSTS for subdomains: the library may be one name among a town's many
    "security.W008",  # the proxy sends plain HTTP to HTTPS; reol answers local callers as is
    "security.W021",  # HSTS preload cannot be taken back: the operator's decision
    # The password grant: the apps' patrons log in with card and PIN, as the national log-in
    # lets them; reol/oauth/server.py offers it with the PIN throttle and no refresh token.
    "oauth2_provider.W002",
]
# No page of reol needs a camera, a microphone, the patron's position, payment or USB.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

ROOT_URLCONF = "reol.urls"
WSGI_APPLICATION = "reol.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# PINs and passwords: Argon2 first; the others only verify hashes made before a change.
PASSWORD_HASHERS = [
    "reol.hashers.PinHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LOGIN_URL = "/staff/login/"
SESSION_ENGINE = "reol.web.sessions"  # Django's database sessions, updated without a transaction

# --- Guessing limits -------------------------------------------------------------------
# Patron PINs and SIP2 terminal passwords: reol/throttle (counters in the database). Staff and
# admin passwords: django-axes, per user name *and* address, so nobody can lock a colleague
# out from another machine, and every lock-out ends by itself after the cool-off; a failure
# during the lock-out does not make it longer. Both count by reol.core.addresses.client_address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses while the user name and address wait
    "reol.throttle.staff.GuessingBackend",  # … while the address or the user name waits
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("REOL_STAFF_LOGIN_ATTEMPTS", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("REOL_STAFF_LOGIN_COOLOFF_MINUTES",
                                                         "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "reol.throttle.views.staff_locked_out"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "reol.core.addresses.client_address"  # behind trusted proxies too
# Nothing of axes in the admin (its lists hold every library's user names and addresses) and
# no log of successful log-ins kept forever; `reol axes_reset_username NAME` lifts a wait early.
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True
# A patron's session ends after this many minutes without a request (shared library PCs).
PATRON_IDLE_MINUTES = int(os.environ.get("REOL_PATRON_IDLE_MINUTES", "15"))

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "reol" / "web" / "locale"]
FORMAT_MODULE_PATH = ["reol.web.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# `reol serve` collects static files first; finders also serve them straight from the apps,
# so tests and a fresh checkout never show a page without its stylesheet.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}


def _email(url: str) -> dict:
    parts = urlparse(url)
    if parts.scheme in ("smtp", "smtps"):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
        }
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path) or str(VAR_DIR / "mail"),
        }
    return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


# Files by default, never the server's output: a log is kept, rotated and copied where the
# retention job (circulation/privacy.py) cannot reach it, and mail names patron and title.
globals().update(_email(os.environ.get("REOL_EMAIL_URL", "file:")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The search page and API never show more than this many results per page.
SEARCH_MAX_PAGE_SIZE = 100
# PostgreSQL: a search with at least this many hits is kept once asked, at most this many
# kept at a time (reol/search/kept.py); REOL_SEARCH_KEEP_HITS=0 keeps none.
SEARCH_KEEP_HITS = int(os.environ.get("REOL_SEARCH_KEEP_HITS", "2000"))
SEARCH_KEEP_MAX = int(os.environ.get("REOL_SEARCH_KEEP_MAX", "2000"))
# The search worker inside `reol serve` (reol/search/follow.py) catches up this often.
# Suggestions while typing: answers a minute per client address (reol/search/views.py).
SEARCH_SUGGEST_PER_MINUTE = int(os.environ.get("REOL_SEARCH_SUGGEST_PER_MINUTE", "120"))
# The catalogue's GraphQL (reol/fbi): requests a minute per client address. A patron's page
# of loans asks once per loan and once per cover, so a minute's worth is generous.
FBI_PER_MINUTE = int(os.environ.get("REOL_FBI_PER_MINUTE", "600"))
FBS_REGISTRATIONS_PER_MINUTE = int(os.environ.get("REOL_FBS_REGISTRATIONS_PER_MINUTE", "10"))
SEARCH_FOLLOW_SECONDS = float(os.environ.get("REOL_SEARCH_FOLLOW_SECONDS", "1"))
# SRU (/sru, reol/sru/views.py): requests a minute per client address.
SRU_PER_MINUTE = int(os.environ.get("REOL_SRU_PER_MINUTE", "120"))

# --- OAI-PMH at /oai (reol/oai, docs/oai.md) ---
OAI_PER_MINUTE = int(os.environ.get("REOL_OAI_PER_MINUTE", "300"))
OAI_PAGE_SIZE = min(max(int(os.environ.get("REOL_OAI_PAGE_SIZE", "200")), 10), 1000)
OAI_NAME = os.environ.get("REOL_OAI_NAME", "reol")
OAI_ADMIN_EMAIL = os.environ.get("REOL_OAI_ADMIN_EMAIL", "postmaster@localhost.localdomain")

# --- Notices and jobs (circulation/notices.py, sms.py, jobs.py) ---------------------------
DEFAULT_FROM_EMAIL = os.environ.get("REOL_EMAIL_FROM", "reol <noreply@localhost>")
REOL_SMS_URL = os.environ.get("REOL_SMS_URL", "file:")
REOL_JOBS_INTERVAL = float(os.environ.get("REOL_JOBS_INTERVAL", "300"))
# How long what ties a patron to a title outlives the act (docs/privacy.md): long enough to
# answer "I returned it" and "I never got the notice", short enough that the library forgets.
REOL_RETENTION_DAYS = int(os.environ.get("REOL_RETENTION_DAYS", "30"))

# --- Online payments (circulation/payments.py, docs/payments.md) ---
# "" (default): patrons pay at the desk and at payment kiosks only. "test": the built-in
# "Testbetaling (kun demo)", which moves no money and lets anyone clear their own charges:
# for the demo only (`make run` sets it), never where real patrons owe real money.
PAYMENT_PROVIDER = os.environ.get("REOL_PAYMENT_PROVIDER", "")
# The secret the provider signs its callbacks with (HMAC-SHA256); the test provider derives
# its own from SECRET_KEY when this is empty.
PAYMENT_SECRET = os.environ.get("REOL_PAYMENT_SECRET", "")

# --- The libraries' own apps: OAuth tokens (reol/oauth) and CORS ---
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("REOL_OAUTH_TOKEN_SECONDS", "28800")),
    "OAUTH2_SERVER_CLASS": "reol.oauth.server.Server",
    "OAUTH2_VALIDATOR_CLASS": "reol.oauth.validator.Validator",
    # RFC 9700, the OAuth security BCP, where the toolkit still defaults to the old ways:
    # tokens kept as their SHA-256 only, never taken from a URL, https redirects only.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# The toolkit's own models, named so that reol's migrations may point at them (its
# swappable-model settings are otherwise unset, and a migration that refers to one fails).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
# The apps run on the library's own site and call reol from the citizen's browser: these
# doors answer preflights for the listed origins, without cookies (tokens travel in headers).
CORS_ALLOWED_ORIGINS = [o.strip().rstrip("/") for o in
                        os.environ.get("REOL_CORS_ORIGINS", "").split(",") if o.strip()]
CORS_URLS_REGEX = r"^/(external|fbi|publizon)/|^/(userinfo|oauth/token|oauth/revoke)$"
CORS_ALLOW_HEADERS = ["authorization", "content-type"]
CORS_ALLOW_METHODS = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"]
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 3600

# --- reol serve: HTTP connections at once (reol/web/channels.py) ---
HTTP_MAX_CONNECTIONS = int(os.environ.get("REOL_HTTP_MAX_CONNECTIONS", "300"))

# --- Self-service: the SIP2 server (reol sip2; reol serve starts it too) ---
# REOL_SIP2="0" keeps `reol serve` from starting it; REOL_SIP2_PORT moves it (default 6001).
SIP2_ENABLED = os.environ.get("REOL_SIP2", "1") != "0"
SIP2_PORT = int(os.environ.get("REOL_SIP2_PORT", "6001"))
SIP2_IDLE_TIMEOUT = float(os.environ.get("REOL_SIP2_IDLE_TIMEOUT", "300"))  # seconds of silence
SIP2_MAX_LINE = int(os.environ.get("REOL_SIP2_MAX_LINE", "4096"))  # bytes in one message
# No client may take the server: limits on connections (reol/selfservice/server.py).
SIP2_MAX_CONNECTIONS = int(os.environ.get("REOL_SIP2_MAX_CONNECTIONS", "500"))
SIP2_MAX_PER_ADDRESS = int(os.environ.get("REOL_SIP2_MAX_PER_ADDRESS", "50"))
SIP2_LOGIN_TIMEOUT = float(os.environ.get("REOL_SIP2_LOGIN_TIMEOUT", "60"))
SIP2_MAX_LIFETIME = float(os.environ.get("REOL_SIP2_MAX_LIFETIME", "3600"))
# Threads for database work; 0: one on SQLite (its single writer: more threads only wait
# for the lock), four on PostgreSQL.
SIP2_WORKERS = int(os.environ.get("REOL_SIP2_WORKERS", "0"))

# --- Uploads (community: images citizens submit to an exhibition's open call) ---
# Stored here, never served as static files: reol.community serves an image only once its work
# is accepted (and to staff of the library, to review it).
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields; files are checked by the service
