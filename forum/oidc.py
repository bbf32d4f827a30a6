"""The OpenID Connect providers this site trusts (OIDC_* settings, forum.config.read_oidc_providers),
and the one rule about their email domains: an address in a provider's domain signs in with that
provider only. Local login, password reset, registration and institutional sign-in all ask here.
"""

from flask import current_app
from flask_babel import gettext as _

from forum.config import OidcProvider
from forum.errors import Forbidden, ForumError, NotFound


class ProviderUnavailable(ForumError):
    """The provider did not answer, or not as OpenID Connect says (its discovery, keys or tokens)."""

    status = 502
    code = "provider_unavailable"

    def __init__(self, provider: OidcProvider) -> None:
        super().__init__(_("%(provider)s is not answering as it should, so we cannot sign you in with it now. "
                           "Please try again in a few minutes.", provider=provider.label))


class PasswordsTurnedOff(Forbidden):
    """The address is in a provider's domain: no local password for it (sign in with the provider)."""

    code = "use_provider"

    def __init__(self, provider: OidcProvider, domain: str) -> None:
        self.provider = provider
        super().__init__(_("Accounts at %(domain)s sign in with %(provider)s: use the “Sign in with %(provider)s” "
                           "button on the login page.", domain=domain, provider=provider.label))


def providers() -> tuple[OidcProvider, ...]:
    return current_app.config.get("OIDC_PROVIDERS") or ()


def provider_named(name: object) -> OidcProvider:
    """The configured provider called `name`; a 404 for any other value."""
    found = next((p for p in providers() if p.name == name), None)
    if found is None:
        raise NotFound()
    return found


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def provider_for_email(email: object) -> OidcProvider | None:
    """The provider whose domains include the address's, else None."""
    if not isinstance(email, str) or "@" not in email:
        return None
    domain = domain_of(email)
    return next((p for p in providers() if domain in p.domains), None)


def check_password_allowed(email: object) -> None:
    """Raise PasswordsTurnedOff when the address belongs to a provider's domain."""
    provider = provider_for_email(email)
    if provider is not None:
        raise PasswordsTurnedOff(provider, domain_of(str(email)))
