"""Forms of offers and requests: the cooperation fieldset (new thread and edit) and the match button."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields import HiddenField
from wtforms.widgets import DateInput

from forum.cooperation_reference import STATUS_LABELS, SUPPORT_LABELS
from forum.experience_reference import MODALITIES
from forum.extensions import db
from forum.i18n import country_choices, language_choices
from forum.models import Community
from forum.web.forms import ThreadForm, choices


class CooperationFields:
    """The structured fields, shared by the new-thread form and the edit form."""

    country = SelectField(_l("Country"), validate_choice=False,
                          description=_l("The country that offers, or the country that requests."))
    themes = SelectMultipleField(_l("Themes"), validate_choice=False,
                                 description=_l("If you choose none, the community of the thread is used."))
    support_types = SelectMultipleField(_l("Type of support"), validate_choice=False)
    modality = SelectField(_l("Cooperation modality"), validate_choice=False)
    languages = SelectMultipleField(_l("Languages"), validate_choice=False)
    open_until = StringField(_l("Open until"), widget=DateInput(),
                             description=_l("Optional. After this day it is no longer suggested."))
    # Set by "We want to replicate this" on an experience: the request cites it.
    replicates_experience_id = HiddenField()

    def _cooperation_choices(self) -> None:
        self.country.choices = choices([("", _l("Choose…")), *country_choices()])
        communities = db.session.execute(select(Community.slug, Community.name)
                                         .order_by(Community.position, Community.name)).all()
        self.themes.choices = choices(communities)
        self.support_types.choices = choices(SUPPORT_LABELS.items())
        self.modality.choices = choices([("", _l("Choose…")), *MODALITIES.items()])
        self.languages.choices = choices(language_choices())

    def cooperation_data(self) -> dict[str, Any]:
        data = {name: getattr(self, name).data for name in
                ("country", "themes", "support_types", "modality", "languages", "open_until",
                 "replicates_experience_id")}
        if hasattr(self, "status"):
            data["status"] = self.status.data
        return data


class CooperationThreadForm(ThreadForm, CooperationFields):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._cooperation_choices()


class CooperationForm(FlaskForm, CooperationFields):
    status = SelectField(_l("Status"), validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._cooperation_choices()
        self.status.choices = choices(STATUS_LABELS.items())


class MatchForm(FlaskForm):
    thread_id = HiddenField()


class InterestForm(FlaskForm):
    message = TextAreaField(_l("Your message"), description=_l(
        "What interests you, what your team could do, and how to go on. The owner reads it in a conversation "
        "with you."))
    organization = StringField(_l("Your organization"), description=_l("The ministry, university or group you "
                                                                       "speak for."))
