"""Forms of the administration pages (invitations, site settings) and of accepting an invitation.
They carry fields only: forum.services.invitations and forum.services.site_settings check them."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields import EmailField

from forum.i18n import LOCALE_NAMES
from forum.models import Community
from forum.web.forms import RegisterForm, choices

INVITATION_ROLE_LABELS = {
    "member": _l("Member"),
    "community_moderator": _l("Member who moderates the chosen communities"),
    "moderator": _l("Moderator of the whole site"),
    "admin": _l("Administrator"),
}
REGISTRATION_MODE_LABELS = {
    "open": _l("Open: anyone may register"),
    "invitation": _l("By invitation only"),
    "closed": _l("Closed: nobody may register (invitations still work)"),
}


class InvitationForm(FlaskForm):
    email = EmailField(_l("Email"))
    role = SelectField(_l("Role"), validate_choice=False)
    communities = SelectMultipleField(_l("Communities"), validate_choice=False,
                                      description=_l("Joined when the invitation is accepted."))
    language = SelectField(_l("Language of the email"), validate_choice=False)
    message = TextAreaField(_l("Personal message (optional)"),
                            description=_l("Plain text, added to the email."))

    def __init__(self, *args, communities: list[Community], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = choices(INVITATION_ROLE_LABELS.items())
        self.communities.choices = choices((str(c.id), c.localized_name()) for c in communities)
        self.language.choices = choices(LOCALE_NAMES.items())


class InvitedRegisterForm(RegisterForm):
    """Registering through an invitation: the address is the invitation's, not typed."""

    email = None


class SiteSettingsForm(FlaskForm):
    site_name = StringField(_l("Site name"), description=_l("In the header and the title of every page."))
    tagline = StringField(_l("Tagline"), description=_l("A short line at the foot of every page; empty: the "
                                                        "standard one, in the reader's language."))
    announcement = TextAreaField(_l("Announcement"),
                                 description=_l("Markdown, shown at the top of every page until a reader hides "
                                                "it; empty: none."))
    registration_mode = SelectField(_l("Registration"), validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.registration_mode.choices = choices(REGISTRATION_MODE_LABELS.items())
