"""Cooperation projects, organizations and countries (forum.api.projects, organizations, countries)."""

from forum.api.openapi import components
from forum.api.openapi.spec import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    PAGE,
    STRING,
    Operation,
    array,
    nullable,
    obj,
    page_of,
    query,
    ref,
    strict,
)

TAG = "Projects, organizations, countries"

REPEATED = {"type": "array", "items": STRING, "maxItems": 10}
PROJECT_FILTERS = [query(name, REPEATED) for name in ("country", "role", "status", "theme", "modality", "year")]
ORGANIZATION_LINE = obj({"name": STRING, "country": STRING, "type": STRING}, required=["name", "country"])
COUNTRY_LINE = obj({"code": STRING, "role": STRING}, required=["code"])
PROJECT_FIELDS = {
    "title": STRING, "summary": STRING, "objectives": STRING, "modality": STRING, "themes": array(STRING),
    "support_types": array(STRING), "countries": array(COUNTRY_LINE), "organization_ids": array(INTEGER),
    "organizations": array(ORGANIZATION_LINE), "planned_start": nullable(DATE), "planned_end": nullable(DATE),
    "offer_thread_id": nullable(INTEGER), "request_thread_id": nullable(INTEGER),
    "discussion_thread_id": nullable(INTEGER),
}
CREATE = obj({**PROJECT_FIELDS, "focal_point_ids": array(INTEGER)}, required=["title", "countries"])
UPDATE = obj({**PROJECT_FIELDS, "actual_start": nullable(DATE), "actual_end": nullable(DATE),
              "note": {"type": "string", "description": "Kept with the revision."}})
MILESTONE_BODY = obj({"title": STRING, "due_date": nullable(DATE), "responsible_country": nullable(STRING),
                      "done_date": nullable(DATE)})
DOCUMENT = ref("ProjectDocument")
ORGANIZATION_FIELDS = obj({"name": STRING, "country": STRING, "type": STRING, "acronym": nullable(STRING),
                          "website": nullable(STRING)})
ORGANIZATION = strict({"organization": ref("Organization")})
COOPERATION_ITEM = ref("CooperationItem")

OPERATIONS = [
    Operation("get", "/projects", "list_projects", "Cooperation projects, with facet counts",
              {200: strict({"items": array(ref("ProjectBrief")), "page": INTEGER, "pages": INTEGER, "total": INTEGER,
                            "filters": obj(additional=array(STRING)), "facets": ref("Facets")})},
              signed_in=False, query=[*PROJECT_FILTERS, PAGE]),
    Operation("post", "/projects", "create_project", "Propose a project", {201: DOCUMENT}, body=CREATE,
              headers={201: {"Location": {"description": "The project.", "schema": STRING}}}),
    Operation("get", "/projects/{project_id}", "show_project", "One project", {200: DOCUMENT}, signed_in=False),
    Operation("patch", "/projects/{project_id}", "update_project", "Edit the fields it names",
              {200: strict({**components.PROJECT_DOCUMENT["properties"], "changed": BOOLEAN})}, body=UPDATE,
              errors=(409,)),
    Operation("post", "/projects/{project_id}/status", "change_project_status", "Move a project to another status",
              {200: DOCUMENT}, body=obj({"to": STRING, "note": STRING}, required=["to"]), errors=(409,)),
    Operation("get", "/projects/{project_id}/revisions", "project_revisions", "A project's history",
              {200: page_of(strict({"number": INTEGER, "action": STRING, "note": nullable(STRING),
                                    "editor": nullable(ref("UserBrief")), "created_at": DATETIME,
                                    "changed": array(STRING), "snapshot": obj(required=())}))},
              signed_in=False, query=[PAGE]),
    Operation("get", "/projects/{project_id}/milestones", "list_milestones", "A project's milestones",
              {200: strict({"items": array(ref("Milestone"))})}, signed_in=False),
    Operation("post", "/projects/{project_id}/milestones", "create_milestone", "Add a milestone",
              {201: strict({"milestone": ref("Milestone")})}, body=MILESTONE_BODY),
    Operation("get", "/projects/{project_id}/milestones/{milestone_id}", "show_milestone", "One milestone",
              {200: strict({"milestone": ref("Milestone")})}, signed_in=False),
    Operation("patch", "/projects/{project_id}/milestones/{milestone_id}", "update_milestone",
              "Edit a milestone (`done_date` marks it done; null: not done)",
              {200: strict({"milestone": ref("Milestone")})}, body=MILESTONE_BODY),
    Operation("delete", "/projects/{project_id}/milestones/{milestone_id}", "delete_milestone", "Delete a milestone",
              {204: None}),
    Operation("post", "/projects/{project_id}/budget", "create_budget_line", "Add a budget line",
              {201: strict({"budget_line": ref("BudgetLine")})},
              body=obj({"country": STRING, "amount": {"type": ["string", "number", "null"]}, "currency": STRING,
                        "in_kind": BOOLEAN, "description": STRING}, required=["country"])),
    Operation("delete", "/projects/{project_id}/budget/{line_id}", "delete_budget_line", "Remove a budget line",
              {204: None}),
    Operation("post", "/projects/{project_id}/focal-points", "add_focal_point", "Add a focal point",
              {201: DOCUMENT}, body=obj({"username": STRING}, required=["username"]), errors=(409,)),
    Operation("delete", "/projects/{project_id}/focal-points/{user_id}", "remove_focal_point",
              "Remove a focal point", {204: None}),
    Operation("post", "/projects/{project_id}/discussion", "start_discussion", "Start the project's discussion thread",
              {201: strict({"thread_id": INTEGER, "project": ref("Project")})},
              body=obj({"community": STRING}, required=["community"]), errors=(409,)),
    Operation("post", "/projects/{project_id}/experience", "document_project",
              "Document a finished project as an experience",
              {201: strict({"experience_id": INTEGER, "project": ref("Project")})}, body=obj({}, additional=False),
              errors=(409,)),
    Operation("get", "/organizations", "list_organizations", "Organizations",
              {200: page_of(ref("Organization"), filters=obj(required=()))}, signed_in=False,
              query=[query("country"), query("type"), query("q"), PAGE]),
    Operation("get", "/organizations/{slug}", "show_organization", "An organization with its members, "
                                                                    "experiences and projects",
              {200: strict({
                  "organization": ref("Organization"),
                  "members": strict({"total": INTEGER, "items": array(ref("UserProfile"))}),
                  "experiences": strict({"total": INTEGER, "items": array(strict({
                      "id": INTEGER, "title": STRING, "slug": STRING, "published_at": nullable(DATETIME)}))}),
                  "projects": array(ref("ProjectBrief"))}), 301: None},
              signed_in=False,
              headers={301: {"Location": {"description": "The record it was merged into.", "schema": STRING}}}),
    Operation("post", "/organizations", "create_organization", "Create an organization, or find the one this name "
                                                               "has in this country",
              {200: strict({"organization": ref("Organization"), "created": {"const": False}}),
               201: strict({"organization": ref("Organization"), "created": {"const": True}})},
              body=ORGANIZATION_FIELDS),
    Operation("patch", "/organizations/{slug}", "update_organization", "Edit an organization",
              {200: ORGANIZATION}, body=ORGANIZATION_FIELDS),
    Operation("post", "/organizations/{slug}/merge", "merge_organization", "Merge a duplicate into another record",
              {200: strict({"organization": ref("Organization"), "merged": ref("Organization")})},
              body=obj({"into": STRING, "reason": STRING}, required=["into"]), errors=(409,)),
    Operation("get", "/countries", "list_countries", "The countries of the Americas with their counts",
              {200: strict({"items": array(ref("Country"))})}, signed_in=False),
    Operation("get", "/countries/{code}", "show_country", "One country: open offers and requests, experiences, "
                                                          "projects, communities, organizations",
              {200: strict({
                  "country": ref("Country"), "offers": array(COOPERATION_ITEM), "requests": array(COOPERATION_ITEM),
                  "experiences": array(strict({
                      "id": INTEGER, "url": STRING, "title": STRING, "summary": STRING, "modality": nullable(STRING),
                      "countries": array(strict({"code": STRING, "role": STRING})), "themes": array(STRING),
                      "language": STRING,
                      "published_at": nullable(DATETIME)})),
                  "projects": array(strict({**components.PROJECT_BRIEF["properties"], "role": STRING})),
                  "communities": array(strict({"slug": STRING, "name": STRING, "recent_threads": INTEGER,
                                               "last_activity_at": nullable(DATETIME)})),
                  "organizations": array(strict({"id": INTEGER, "slug": STRING, "name": STRING,
                                                 "acronym": nullable(STRING), "type": STRING,
                                                 "member_count": INTEGER})),
                  "people_url": STRING})},
              signed_in=False),
]
