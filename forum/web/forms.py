"""Form declarations. The rules live in forum.services.validation; forms only carry fields."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import EmailField, HiddenField, IntegerField
from wtforms.widgets import DateInput, NumberInput

from forum.audit_labels import action_choices
from forum.content_language import CONTENT_LANGUAGE_NAMES
from forum.errors import ValidationError
from forum.i18n import LOCALE_NAMES, country_choices, language_choices, language_name
from forum.services.communities import translations_of as community_translations_of
from forum.web.templating import KIND_LABELS, SECTOR_LABELS


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


LOCALE_CHOICES = [("", _l("Automatic")), *LOCALE_NAMES.items()]


class LoginForm(FlaskForm):
    login = StringField(_l("Email or username"))
    password = PasswordField(_l("Password"))
    remember = BooleanField(_l("Remember me"))
    next = HiddenField()


class NewMemberForm(FlaskForm):
    """What every way of opening an account asks (registration, an invitation, an institutional
    sign-in: forum.web.oidc_views): who the newcomer is here, and their consent to the terms."""

    username = StringField(_l("Username"), description=_l("3 to 30 letters, digits, _ or -."))
    display_name = StringField(_l("Display name"))
    country = SelectField(_l("Country"), validate_choice=False)
    sector = SelectField(_l("Sector"), validate_choice=False)
    organization = StringField(_l("Organization"))
    accept_terms = BooleanField(_l("I accept the terms of use and the privacy notice"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = choices([("", _l("Choose…")), *country_choices()])
        self.sector.choices = choices([("", _l("Choose…")), *SECTOR_LABELS.items()])


class RegisterForm(NewMemberForm):
    email = EmailField(_l("Email"))
    password = PasswordField(_l("Password"), description=_l("At least 10 characters."))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), description=_l("At least 10 characters."))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"))
    new_password = PasswordField(_l("New password"), description=_l("At least 10 characters."))


class LegalTextForm(FlaskForm):
    source = TextAreaField(_l("Text (Markdown)"))


class DeleteAccountForm(FlaskForm):
    posts = RadioField(_l("Your posts and messages"), validate_choice=False, default="keep")
    password = PasswordField(_l("Your password"), description=_l("To be sure it is you."))


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"))
    country = SelectField(_l("Country"), validate_choice=False)
    sector = SelectField(_l("Sector"), validate_choice=False)
    organization = StringField(_l("Organization"), description=_l(
        "Choose a recorded organization from the list or write its name: your profile links to its page."))
    position = StringField(_l("Position"), description=_l("Your role, for example “Immunization programme lead”."))
    expertise = StringField(_l("Fields of expertise"),
                            description=_l("Separated by commas, at most 10: for example “cold chain, malaria”."))
    languages = SelectMultipleField(_l("Languages you speak"), validate_choice=False)
    locale = SelectField(_l("Language of the site"), validate_choice=False)
    timezone = SelectField(_l("Time zone"), validate_choice=False)
    bio = TextAreaField(_l("About you"), description=_l("Markdown: **bold**, _italic_, lists, links."))
    show_email_to_members = BooleanField(_l("Show my email address to signed-in members"))
    profile_members_only = BooleanField(
        _l("Show my profile details only to signed-in members"),
        description=_l("Visitors who are not signed in then see only your name and avatar."))

    def __init__(self, *args, **kwargs) -> None:
        from forum.services.validation import time_zone_names

        user = kwargs.get("obj")
        super().__init__(*args, **kwargs)
        self.country.choices = choices(country_choices())
        self.sector.choices = choices(SECTOR_LABELS.items())
        self.locale.choices = choices(LOCALE_CHOICES)
        self.languages.choices = choices(language_choices())
        self.timezone.choices = choices([("", _l("Not set")), *((z, z) for z in sorted(time_zone_names()))])
        if user is not None and kwargs.get("formdata", True) is None:
            # The ORM's collections become the form's plain values.
            self.expertise.data = ", ".join(tag.name for tag in user.expertise)
            self.languages.data = [language.code for language in user.languages]
            self.timezone.data = user.timezone or ""


class AvatarForm(FlaskForm):
    avatar = FileField(_l("New avatar"), description=_l("PNG, JPEG, GIF or WebP, at most 512 KB and 4096 by 4096 "
                                                          "pixels. It is cropped to a square."))


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"))


class EmptyForm(FlaskForm):
    """Buttons that only need CSRF protection (join, leave, delete, log out)."""


def content_language_choices() -> list[SelectChoice]:
    """The languages content may be written in, each named in itself (with `lang` for screen readers)."""
    return [SelectChoice(code, name, render_kw={"lang": code}) for code, name in CONTENT_LANGUAGE_NAMES.items()]


def attachment_field() -> FileField:
    return FileField(_l("Attach a file"), description=_l(
        "Optional. PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text, or a PNG, JPEG or WebP image, at "
        "most 10 MB. Its link is added at the end of your text; images are shown in it."))


class ThreadForm(FlaskForm):
    title = StringField(_l("Title"), description=_l("5 to 200 characters."))
    kind = SelectField(_l("Kind"), validate_choice=False)
    language = SelectField(_l("Language of the thread"), validate_choice=False,
                           description=_l("Left on “Detect”, it is guessed from what you write."))
    body = TextAreaField(_l("Message"), description=_l("Markdown: **bold**, _italic_, lists, links, > quotes."))
    file = attachment_field()

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = choices((k, v) for k, v in KIND_LABELS.items() if kinds is None or k in kinds)
        self.language.choices = [SelectChoice("", _l("Detect")), *content_language_choices()]


class ThreadLanguageForm(FlaskForm):
    language = SelectField(_l("Language of the thread"), validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = content_language_choices()


class PostForm(FlaskForm):
    body = TextAreaField(_l("Message"), description=_l("Markdown: **bold**, _italic_, lists, links, > quotes."))
    file = attachment_field()


class CommunityForm(FlaskForm):
    """The original name and description, then one per interface language (`name_es`,
    `description_es`, ...): readers see their language's, else the original."""

    slug = StringField(_l("Address"), description=_l("Lowercase letters, digits and hyphens."))
    name = StringField(_l("Name"), description=_l("Shown in every language that has no translation."))
    description = TextAreaField(_l("Description"))
    position = IntegerField(_l("Order in the list of communities"), default=0,
                            description=_l("Communities are listed from the lowest number to the highest."))

    def __init__(self, *args, community=None, **kwargs):
        if community is not None and not kwargs.get("formdata"):
            for code, texts in community_translations_of(community).items():
                kwargs.setdefault(f"name_{code}", texts["name"])
                kwargs.setdefault(f"description_{code}", texts["description"])
        super().__init__(*args, obj=community, **kwargs)
        for code in CONTENT_LANGUAGE_NAMES:
            language = language_name(code, in_sentence=True)
            self[f"name_{code}"].label.text = _("Name in %(language)s", language=language)
            self[f"description_{code}"].label.text = _("Description in %(language)s", language=language)

    @property
    def translation_fields(self) -> list[tuple[str, object, object]]:
        """(language code, name field, description field) in the interface's order."""
        return [(code, self[f"name_{code}"], self[f"description_{code}"]) for code in CONTENT_LANGUAGE_NAMES]

    def translations(self) -> dict[str, dict[str, str]]:
        return {code: {"name": name.data or "", "description": description.data or ""}
                for code, name, description in self.translation_fields}


for _code in CONTENT_LANGUAGE_NAMES:
    setattr(CommunityForm, f"name_{_code}", StringField())
    setattr(CommunityForm, f"description_{_code}", TextAreaField())


def show_error(form: FlaskForm, error: ValidationError) -> None:
    """Attach a service's ValidationError to its field (or to the form as a whole)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*list(field.errors or []), error.message]
    else:
        form.form_errors.append(error.message)


# ---------- moderation ----------
# Plain text fields: the services parse and check the values (dates, numbers, choices).

FLAG_REASON_LABELS = {
    "spam": _l("Spam or advertising"),
    "off_topic": _l("Off topic"),
    "abusive": _l("Abusive or disrespectful"),
    "misinformation": _l("Misinformation"),
    "other": _l("Something else"),
}

ROLE_LABELS = {"member": _l("Member"), "moderator": _l("Moderator"), "admin": _l("Administrator")}


class FlagForm(FlaskForm):
    reason = RadioField(_l("Why should moderators look at this post?"), validate_choice=False)
    note = TextAreaField(_l("Note for the moderators"),
                         description=_l("Required when you choose “Something else”. At most 500 characters."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reason.choices = choices(FLAG_REASON_LABELS.items())


class ReasonForm(FlaskForm):
    """Hide, restore, delete, undelete, dismiss, lock, pin, lift, deactivate: one reason line."""

    reason = StringField(_l("Reason"), description=_l("At most 500 characters; it is kept in the audit log."))
    next = HiddenField()


class WarnForm(FlaskForm):
    message = TextAreaField(_l("Warning message"),
                            description=_l("Sent privately to the member. At most 500 characters."))
    next = HiddenField()


class SuspendForm(FlaskForm):
    until = StringField(_l("Suspended until"), widget=DateInput(),
                        description=_l("The suspension ends at the end of this day (UTC)."))
    reason = StringField(_l("Reason"), description=_l("Shown to the member. At most 500 characters."))
    next = HiddenField()


class RenameThreadForm(FlaskForm):
    title = StringField(_l("New title"), description=_l("5 to 200 characters."))
    reason = StringField(_l("Reason"))


class MoveThreadForm(FlaskForm):
    community = SelectField(_l("Move to community"), validate_choice=False)
    reason = StringField(_l("Reason"))

    def __init__(self, *args, communities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.community.choices = choices([("", _l("Choose…")), *((str(c.id), c.localized_name()) for c in communities)])


class CloseThreadForm(FlaskForm):
    message = TextAreaField(_l("Closing message"),
                            description=_l("Posted as the last post of the thread, which is then locked."))


class SlowModeForm(FlaskForm):
    seconds = StringField(_l("Seconds between posts"), widget=NumberInput(min=0, max=86400),
                          description=_l("0 turns slow mode off; at most 86400 (one day)."))
    reason = StringField(_l("Reason"))


class SplitThreadForm(FlaskForm):
    title = StringField(_l("Title of the new thread"), description=_l("5 to 200 characters."))
    reason = StringField(_l("Reason"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = choices(ROLE_LABELS.items())


class CommunityModeratorForm(FlaskForm):
    username = StringField(_l("Username"), description=_l("Type a name or a username."))


class AuditFilterForm(FlaskForm):
    """The audit log's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validate_choice=False)
    actor = StringField(_l("Moderator (username)"))
    target_type = SelectField(_l("Target"), validate_choice=False)
    target_id = StringField(_l("Target id"), widget=NumberInput(min=1))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action.choices = choices([("", _l("Any")), *action_choices()])
        self.target_type.choices = choices([("", _l("Any")), ("post", _l("Post")), ("thread", _l("Thread")),
                                            ("user", _l("User")), ("experience", _l("Experience")),
                                            ("organization", _l("Organization")),
                                            ("project", _l("Project"))])
