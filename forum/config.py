"""Settings read from the environment, one class per FORUM_ENV.

Every setting a deployment may change is an environment variable documented in README.md.
"""

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

INSTANCE_DIR = Path(os.environ.get("FORUM_INSTANCE_DIR", Path(__file__).resolve().parent.parent / "instance"))


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret_key() -> str:
    """A random key generated once and kept in instance/ so sessions survive restarts."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(url: str) -> str:
    # Heroku-style URLs name the old driver; we ship psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


@dataclass(frozen=True)
class OidcProvider:
    """An OpenID Connect provider members may sign in with (docs/sign-in.md), from OIDC_* variables."""

    name: str  # "ministry": in the variables' names and the sign-in URLs
    issuer: str  # discovery: <issuer>/.well-known/openid-configuration
    client_id: str
    client_secret: str = field(repr=False)
    label: str  # on the button: "Sign in with <label>"
    # Email domains whose accounts sign in with this provider only (no local password).
    domains: tuple[str, ...] = ()


_PROVIDER_NAME = re.compile(r"[a-z][a-z0-9]{0,19}")
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}")


def read_oidc_providers(environ: Mapping[str, str], *, production: bool = False) -> tuple[OidcProvider, ...]:
    """The providers OIDC_PROVIDERS names, each from its OIDC_<NAME>_* variables; a RuntimeError
    that names the variable when one is missing or wrong, so a bad setting stops the start."""
    names = [name.strip() for name in environ.get("OIDC_PROVIDERS", "").split(",") if name.strip()]
    providers: list[OidcProvider] = []
    claimed: dict[str, str] = {}
    for name in names:
        if not _PROVIDER_NAME.fullmatch(name):
            raise RuntimeError(f"OIDC_PROVIDERS: {name!r} is not a provider name (a-z then a-z or 0-9, up to 20)")
        if any(p.name == name for p in providers):
            raise RuntimeError(f"OIDC_PROVIDERS names {name!r} twice")
        prefix = f"OIDC_{name.upper()}_"

        def setting(key: str, prefix: str = prefix) -> str:
            value = environ.get(prefix + key, "").strip()
            if not value:
                raise RuntimeError(f"{prefix}{key} must be set (OIDC_PROVIDERS names the provider)")
            return value

        issuer = setting("ISSUER")
        parts = urlsplit(issuer)
        if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
            raise RuntimeError(f"{prefix}ISSUER must be an https URL without query or fragment, not {issuer!r}")
        if production and parts.scheme != "https":
            raise RuntimeError(f"{prefix}ISSUER must be https when FORUM_ENV=production")
        domains = tuple(d.strip().lower().lstrip("@") for d in environ.get(prefix + "DOMAINS", "").split(",")
                        if d.strip())
        for domain in domains:
            if not _DOMAIN.fullmatch(domain):
                raise RuntimeError(f"{prefix}DOMAINS: {domain!r} is not an email domain (example.org)")
            if domain in claimed:
                raise RuntimeError(f"{prefix}DOMAINS: {domain} is already a domain of {claimed[domain]}")
            claimed[domain] = name
        label = environ.get(prefix + "NAME", "").strip() or name.capitalize()
        providers.append(OidcProvider(name=name, issuer=issuer, client_id=setting("CLIENT_ID"),
                                      client_secret=setting("CLIENT_SECRET"), label=label[:60], domains=domains))
    return tuple(providers)


# argon2-cffi's profile names (argon2.profiles) that PASSWORD_HASH_PROFILE may name.
PASSWORD_HASH_PROFILES = ("RFC_9106_LOW_MEMORY", "RFC_9106_HIGH_MEMORY", "CHEAPEST")


class Config:
    FORUM_ENV = "development"
    SITE_NAME = "Horizonte"
    SQLALCHEMY_DATABASE_URI = _database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'forum.db'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # Connections per process, no overflow (unset: forum.database.default_pool_size), and how many
    # whole seconds (SQLAlchemy takes an integer; 0: no wait) a request waits for one before it is
    # answered 503 with Retry-After instead of queueing on.
    DATABASE_POOL_SIZE = int(os.environ["DATABASE_POOL_SIZE"]) if os.environ.get("DATABASE_POOL_SIZE") else None
    DATABASE_POOL_TIMEOUT = int(os.environ.get("DATABASE_POOL_TIMEOUT") or 5)
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Origins allowed to open a Socket.IO connection, comma-separated; empty means same origin only.
    SOCKETIO_ORIGINS = [o for o in os.environ.get("SOCKETIO_ORIGINS", "").split(",") if o]
    # The Redis pub/sub channel the server processes share (tests use their own).
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL", "horizonte-socketio")

    # Mail: SMTP when MAIL_SERVER is set, otherwise messages are written to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Horizonte <no-reply@localhost>")
    # Absolute base for links in mail when no request is active (CLI).
    SERVER_BASE_URL = os.environ.get("SERVER_BASE_URL", "http://127.0.0.1:5000")

    # Compiled templates kept in this folder and shared by every server process and restart
    # (Jinja's bytecode cache, checked against each template's source); unset, each process
    # compiles each template on its first use (a tenth of a second for a long one).
    TEMPLATE_CACHE_DIR = os.environ.get("TEMPLATE_CACHE_DIR") or None

    # A request body larger than this is refused with 413 before any view runs.
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    # How many proxies stand in front (nginx: 1) and add X-Forwarded-For and -Proto: the client's
    # address is read from them (rate limits, /metrics). 0: nobody's forwarded headers are trusted.
    PROXIES = int(os.environ.get("PROXIES", "0"))
    # /metrics (forum/metrics.py): the networks that may read it, and a token that may from anywhere.
    METRICS_ALLOWED_ADDRESSES = os.environ.get("METRICS_ALLOWED_ADDRESSES", "")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    # WTForms' own messages are never shown (the services check every value and say what is
    # wrong, translated): loading its catalogs cost each request with a form most of a millisecond.
    WTF_I18N_ENABLED = False

    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ["en", "es", "pt", "fr"]

    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    # Failed logins per account (the name or address typed), whatever the client's address.
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "10 per 10 minutes;30 per day")
    # Redis down: count in memory meanwhile rather than fail; a Redis that hangs fails fast.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS: dict = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "5 per hour")
    RATELIMIT_PASSWORD_RESET = os.environ.get("RATELIMIT_PASSWORD_RESET", "5 per hour")
    RATELIMIT_POST = os.environ.get("RATELIMIT_POST", "10 per minute;200 per day")
    # New members (first 24 hours or fewer than 3 posts) post under a tighter limit.
    RATELIMIT_POST_NEW = os.environ.get("RATELIMIT_POST_NEW", "3 per minute;20 per day")
    RATELIMIT_MESSAGE = os.environ.get("RATELIMIT_MESSAGE", "10 per minute;200 per day")
    # Drafts are saved at most once every 5 s per open form (static/js/drafts.js): room for a few tabs.
    RATELIMIT_DRAFT = os.environ.get("RATELIMIT_DRAFT", "30 per minute;3000 per day")
    RATELIMIT_FLAG = os.environ.get("RATELIMIT_FLAG", "10 per minute;50 per day")
    # Reactions given or taken back (page and API together), per user.
    RATELIMIT_REACTION = os.environ.get("RATELIMIT_REACTION", "30 per minute;500 per day")
    # Searching (page and API together), per user or address: a search costs tens of milliseconds.
    RATELIMIT_SEARCH = os.environ.get("RATELIMIT_SEARCH", "60 per minute;1000 per hour")
    # The member picker's suggestions, per user: one request per pause in typing (debounced).
    RATELIMIT_MEMBER_SUGGEST = os.environ.get("RATELIMIT_MEMBER_SUGGEST", "120 per minute;2000 per hour")
    # PDF compendiums asked for (page and API together), per user or address: each costs seconds of CPU.
    RATELIMIT_COMPENDIUM = os.environ.get("RATELIMIT_COMPENDIUM", "10 per hour;30 per day")
    # A member's data archive (it reads everything they wrote) and deleting an account (it checks
    # the password): per member, page and API together.
    RATELIMIT_DATA_EXPORT = os.environ.get("RATELIMIT_DATA_EXPORT", "5 per hour;20 per day")
    RATELIMIT_ACCOUNT_DELETE = os.environ.get("RATELIMIT_ACCOUNT_DELETE", "5 per hour")

    # Distinct members whose flags hide a post until a moderator reviews it.
    FLAG_THRESHOLD = int(os.environ.get("FLAG_THRESHOLD", "3"))
    NEW_MEMBER_MAX_LINKS = 2
    # The same text posted twice by one person within this many seconds is refused.
    DUPLICATE_WINDOW_SECONDS = 300

    EMAIL_TOKEN_MAX_AGE = 7 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 3600

    THREADS_PER_PAGE = 25
    POSTS_PER_PAGE = 20
    EXPERIENCES_PER_PAGE = 20
    # Moderators who are not its editors that must approve a record before it is published: 1
    # (two-person publishing, the default) or 0 (any moderator publishes, editors included: small sites).
    EXPERIENCE_PUBLISH_REVIEWERS = int(os.environ.get("EXPERIENCE_PUBLISH_REVIEWERS", "1"))
    # The core attributes the good-practice assessment scores, comma-separated codes of
    # forum.experience_reference.GOOD_PRACTICE_ATTRIBUTES (checked at start-up); PAHO's five by default.
    GOOD_PRACTICE_ATTRIBUTES = [code.strip() for code in os.environ.get(
        "GOOD_PRACTICE_ATTRIBUTES", "effectiveness,cost_effectiveness,efficiency,sustainability,replicability",
    ).split(",") if code.strip()]
    # PDF compendiums of experiences: up to COMPENDIUM_SYNC_MAX records are rendered in the request
    # (50 long records: 12 s on a loaded 2-core machine), more in the background, at most
    # COMPENDIUM_MAX_RECORDS in one; the background ones are kept in COMPENDIUM_DIR for COMPENDIUM_KEEP_DAYS.
    COMPENDIUM_SYNC_MAX = int(os.environ.get("COMPENDIUM_SYNC_MAX", "50"))
    COMPENDIUM_MAX_RECORDS = int(os.environ.get("COMPENDIUM_MAX_RECORDS", "500"))
    COMPENDIUM_KEEP_DAYS = int(os.environ.get("COMPENDIUM_KEEP_DAYS", "7"))
    COMPENDIUM_DIR = os.environ.get("COMPENDIUM_DIR", str(INSTANCE_DIR / "compendiums"))
    # Files attached to posts, messages and experiences (docs/uploads.md): at most UPLOAD_MAX_BYTES each,
    # UPLOAD_DAILY_BYTES per member in 24 hours; kept by content hash under UPLOAD_DIR (a volume all
    # the servers mount), or in an S3-compatible bucket when S3_BUCKET is set.
    UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
    UPLOAD_DAILY_BYTES = int(os.environ.get("UPLOAD_DAILY_BYTES", str(100 * 1024 * 1024)))
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    S3_BUCKET = os.environ.get("S3_BUCKET") or None
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID") or None
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY") or None
    S3_REGION = os.environ.get("S3_REGION") or None
    API_AFTER_LIMIT = 100
    # A client that missed more posts than this is told to reload instead of being replayed to.
    SOCKET_CATCHUP_LIMIT = int(os.environ.get("SOCKET_CATCHUP_LIMIT", "50"))
    # Live connections one process accepts; keep it below gunicorn's --threads (see docs/operations.md).
    SOCKETIO_MAX_CONNECTIONS = int(os.environ.get("SOCKETIO_MAX_CONNECTIONS", "900"))
    # Every this many seconds each process checks its live sockets against the database (ended
    # logins, revoked tokens, lost powers): the bound on how long a socket outlives its right
    # when the immediate notice through Redis was lost.
    SOCKET_RECHECK_SECONDS = float(os.environ.get("SOCKET_RECHECK_SECONDS", "10"))
    # How long each process keeps the lists and figures that the home page and the country pages
    # show every reader alike (forum/web/fragments.py); 0 renders them on every request.
    FRAGMENT_CACHE_SECONDS = float(os.environ.get("FRAGMENT_CACHE_SECONDS", "30"))
    # The application's log lines (forum/logs.py): "text" here, "json" in production.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    TESTING = False

    def __init__(self) -> None:
        # argon2id parameters, an argon2-cffi profile: RFC 9106's low-memory choice (64 MiB, 3
        # passes) by default; "CHEAPEST" is for the test suite and refused in production.
        self.PASSWORD_HASH_PROFILE = os.environ.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY")
        if self.PASSWORD_HASH_PROFILE not in PASSWORD_HASH_PROFILES:
            raise RuntimeError(f"PASSWORD_HASH_PROFILE must be one of {', '.join(PASSWORD_HASH_PROFILES)}")
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()
        if self.EXPERIENCE_PUBLISH_REVIEWERS not in (0, 1):
            raise RuntimeError("EXPERIENCE_PUBLISH_REVIEWERS must be 0 or 1")
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        # Institutional sign-in (OpenID Connect): read and checked here, so a bad setting stops the start.
        self.OIDC_PROVIDERS = read_oidc_providers(os.environ, production=self.FORUM_ENV == "production")


class DevelopmentConfig(Config):
    DEBUG = False


class ProductionConfig(Config):
    FORUM_ENV = "production"
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    def __init__(self) -> None:
        key = os.environ.get("SECRET_KEY")
        if not key:
            raise RuntimeError("SECRET_KEY must be set when FORUM_ENV=production")
        base_url = os.environ.get("SERVER_BASE_URL")
        if not base_url:
            # Links in mail are built on it, never on a request's Host header.
            raise RuntimeError("SERVER_BASE_URL (https://your.site) must be set when FORUM_ENV=production")
        self.SERVER_BASE_URL = base_url
        super().__init__()
        if self.PASSWORD_HASH_PROFILE == "CHEAPEST":  # noqa: S105  (a profile name)
            raise RuntimeError("PASSWORD_HASH_PROFILE=CHEAPEST is for tests, not production")
        self.SECRET_KEY = key


def load_config() -> Config:
    env = os.environ.get("FORUM_ENV", "development")
    if env == "production":
        return ProductionConfig()
    if env == "development":
        return DevelopmentConfig()
    raise RuntimeError(f"FORUM_ENV must be development or production, not {env!r}")
