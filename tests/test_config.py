"""Configuration from the environment."""

import re

import pytest

from forum import config


def test_production_refuses_to_start_without_a_secret_key_or_its_address(monkeypatch):
    monkeypatch.setenv("FORUM_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SERVER_BASE_URL", "https://horizonte.example")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        config.load_config()
    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    monkeypatch.delenv("SERVER_BASE_URL")
    with pytest.raises(RuntimeError, match="SERVER_BASE_URL"):  # links in mail are built on it
        config.load_config()
    monkeypatch.setenv("SERVER_BASE_URL", "https://horizonte.example")
    settings = config.load_config()
    assert settings.SECRET_KEY == "a-real-secret"
    assert settings.SERVER_BASE_URL == "https://horizonte.example"
    assert settings.SESSION_COOKIE_SECURE and settings.REMEMBER_COOKIE_SECURE


def test_development_generates_and_keeps_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    first = config.load_config().SECRET_KEY
    assert len(first) >= 40 and (tmp_path / "secret_key").read_text().strip() == first
    assert first == config.load_config().SECRET_KEY  # sessions survive a restart
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("FORUM_ENV", "staging")
    with pytest.raises(RuntimeError, match="FORUM_ENV"):
        config.load_config()


@pytest.mark.parametrize(("given", "expected"), [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_database_urls_use_psycopg_3(given, expected):
    assert config._database_url(given) == expected


def test_passwords_are_hashed_with_rfc_9106_parameters_unless_told_otherwise(monkeypatch, tmp_path):
    from forum import create_app
    from forum.services.accounts import hash_password

    monkeypatch.delenv("PASSWORD_HASH_PROFILE", raising=False)
    monkeypatch.setenv("FORUM_ENV", "development")
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    settings = config.load_config()
    assert settings.PASSWORD_HASH_PROFILE == "RFC_9106_LOW_MEMORY"
    app = create_app(settings)
    with app.app_context():
        # argon2id, 64 MiB, 3 passes, 4 lanes: the parameters RFC 9106 recommends without 2 GiB.
        assert hash_password("correct horse battery staple").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_the_cheapest_password_hashing_is_refused_in_production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    monkeypatch.setenv("SERVER_BASE_URL", "https://horizonte.example")
    monkeypatch.setenv("PASSWORD_HASH_PROFILE", "CHEAPEST")
    monkeypatch.setenv("FORUM_ENV", "production")
    with pytest.raises(RuntimeError, match="PASSWORD_HASH_PROFILE"):
        config.load_config()
    monkeypatch.setenv("PASSWORD_HASH_PROFILE", "md5")
    monkeypatch.setenv("FORUM_ENV", "development")
    with pytest.raises(RuntimeError, match="PASSWORD_HASH_PROFILE"):
        config.load_config()


def test_compiled_templates_are_kept_for_other_processes_when_a_folder_is_named(tmp_path):
    """TEMPLATE_CACHE_DIR: a second app (another server process) loads the templates the first
    compiled, and renders the same page from them; unset, nothing is written anywhere."""
    from forum import create_app
    from tests.conftest import make_test_config

    url = f"sqlite:///{tmp_path / 'forum.db'}"
    cache = tmp_path / "templates"
    first = create_app(make_test_config(url, TEMPLATE_CACHE_DIR=str(cache)))
    with first.app_context():
        from forum.extensions import db

        db.create_all()
    page = first.test_client().get("/login").get_data(as_text=True)
    kept = sorted(path.name for path in cache.iterdir())
    assert kept, "the compiled templates are written to the folder"
    second = create_app(make_test_config(url, TEMPLATE_CACHE_DIR=str(cache)))
    loaded = []
    cache_of_second = second.jinja_env.bytecode_cache
    original = cache_of_second.load_bytecode
    cache_of_second.load_bytecode = lambda bucket: (original(bucket), loaded.append(bucket.code is not None))[0]
    again = second.test_client().get("/login").get_data(as_text=True)
    assert loaded and all(loaded), "the second process compiles nothing it finds in the folder"
    # The same page but for its CSRF tokens (signed, timestamped) and script nonces.
    strip = lambda html: re.sub(r'"[\w-]{20,}\.[\w-]+\.[\w-]+"|nonce="[^"]*"', "", html)  # noqa: E731
    assert strip(again) == strip(page)
    assert create_app(make_test_config(url, TEMPLATE_CACHE_DIR=None)).jinja_env.bytecode_cache is None
