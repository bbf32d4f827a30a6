"""Organization pages: the list, a record, creating one, and (moderators) editing and merging."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.errors import ValidationError
from forum.i18n import country_choices
from forum.services import organizations as orgs
from forum.services import profiles
from forum.web.forms import show_error
from forum.web.helpers import page_arg
from forum.web.organization_forms import MergeForm, OrganizationForm

bp = Blueprint("organizations", __name__)

# Members listed on a record's page; the directory, filtered by the record, lists them all.
MEMBERS_SHOWN = 12


@bp.get("/organizations")
def index():
    page = page_arg()
    error = None
    try:
        filters = orgs.parse_filters(request.args)
    except ValidationError as exc:
        filters, error = orgs.OrganizationFilters(), exc
    result = orgs.search_organizations(filters, page)
    return render_template("organizations/index.html", result=result, filters=filters, error=error,
                           countries=country_choices(), type_labels=orgs.TYPE_LABELS), 422 if error else 200


@bp.route("/organizations/new", methods=["GET", "POST"])
@login_required
def new():
    permissions.require_write(current_user)
    permissions.require(permissions.can_create_organization(current_user))
    if request.method == "GET":
        form = OrganizationForm(formdata=None)
        form.country.data = current_user.country
        form.name.data = request.args.get("name", "")[:orgs.NAME_MAX]
        return render_template("organizations/form.html", form=form, organization=None)
    form = OrganizationForm()
    try:
        organization, created = orgs.do_create_organization(current_user, **form.organization_data())
    except ValidationError as error:
        show_error(form, error)
        return render_template("organizations/form.html", form=form, organization=None), 422
    if created:
        flash(_("The organization is created."), "success")
    else:
        flash(_("%(name)s is already recorded in this country: here it is.", name=organization.name), "info")
    return redirect(url_for("organizations.show", slug=organization.slug), 303)


def _merged_redirect(organization, endpoint: str):
    """A merged record's pages lead, permanently, to the record it became."""
    return redirect(url_for(endpoint, slug=orgs.current(organization).slug), 301)


@bp.get("/organizations/<slug>")
def show(slug: str):
    organization = orgs.access_organization(slug)
    if organization.is_merged:
        return _merged_redirect(organization, "organizations.show")
    members = profiles.search_people(current_user, profiles.PeopleFilters(organization=organization), 1,
                                     per_page=MEMBERS_SHOWN)
    experiences, experience_count = orgs.organization_experiences(organization)
    return render_template("organizations/show.html", organization=organization, members=members,
                           experiences=experiences, experience_count=experience_count,
                           projects=orgs.organization_projects(organization), type_labels=orgs.TYPE_LABELS)


@bp.route("/organizations/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    organization = orgs.access_organization(slug)
    if organization.is_merged and request.method == "GET":
        return _merged_redirect(organization, "organizations.edit")
    permissions.require_write(current_user)
    permissions.require(permissions.can_edit_organization(current_user, organization))
    if request.method == "GET":
        form = OrganizationForm(obj=organization, formdata=None)
        return render_template("organizations/form.html", form=form, organization=organization)
    form = OrganizationForm()
    try:
        orgs.do_update_organization(current_user, organization, **form.organization_data())
    except ValidationError as error:
        show_error(form, error)
        return render_template("organizations/form.html", form=form, organization=organization), 422
    flash(_("The organization is saved."), "success")
    return redirect(url_for("organizations.show", slug=organization.slug), 303)


@bp.route("/organizations/<slug>/merge", methods=["GET", "POST"])
@login_required
def merge(slug: str):
    organization = orgs.access_organization(slug)
    if organization.is_merged and request.method == "GET":
        return _merged_redirect(organization, "organizations.merge")
    permissions.require_write(current_user)
    permissions.require(permissions.can_merge_organizations(current_user))
    targets = orgs.member_choices(organization.country, leave_out=organization)
    if request.method == "GET":
        return render_template("organizations/merge.html", form=MergeForm(formdata=None, targets=targets),
                               organization=organization)
    form = MergeForm(targets=targets)
    try:
        target = orgs.access_organization_for("into", form.into.data)
        target = orgs.do_merge_organizations(current_user, organization, target, reason=form.reason.data)
    except ValidationError as error:
        show_error(form, error)
        return render_template("organizations/merge.html", form=form, organization=organization), 422
    flash(_("%(source)s is merged into %(target)s.", source=organization.name, target=target.name), "success")
    return redirect(url_for("organizations.show", slug=target.slug), 303)
