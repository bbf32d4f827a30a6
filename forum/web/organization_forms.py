"""Forms of the organization pages: a record's fields (new and edit) and the merge form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from forum.i18n import country_choices
from forum.models import Organization
from forum.services.organizations import TYPE_LABELS
from forum.web.forms import choices


class OrganizationForm(FlaskForm):
    name = StringField(_l("Name"), description=_l("Its full name, as the organization writes it."))
    acronym = StringField(_l("Acronym"), description=_l("Optional, for example “MINSA”."))
    type = SelectField(_l("Type of organization"), validate_choice=False)
    country = SelectField(_l("Country"), validate_choice=False,
                          description=_l("Where it is based. An international organization: its headquarters."))
    website = StringField(_l("Website"), description=_l("Optional. An address that starts with https:// or http://."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.type.choices = choices(TYPE_LABELS.items())
        self.country.choices = choices([("", _l("Choose…")), *country_choices()])

    def organization_data(self) -> dict[str, object]:
        return {name: getattr(self, name).data for name in ("name", "acronym", "type", "country", "website")}


class MergeForm(FlaskForm):
    into = SelectField(_l("Merge into"), validate_choice=False,
                       description=_l("The record that stays. This one then leads to it, and its members move there."))
    reason = StringField(_l("Reason"), description=_l("At most 500 characters; it is kept in the audit log."))

    def __init__(self, *args, targets: list[Organization] = (), **kwargs) -> None:
        from forum.i18n import country_name

        super().__init__(*args, **kwargs)
        self.into.choices = choices([("", _l("Choose…")),
                                     *((o.slug, f"{o.name} ({country_name(o.country)})") for o in targets)])
