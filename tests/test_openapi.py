"""The API's contract (forum.api.openapi) is equal to the routes, valid OpenAPI 3.1, and served with
its reference page: no route without an operation, no operation without a route, the same methods,
path parameters and JSON body fields as the views. What the live server answers is checked against
it by tests/test_schemathesis.py."""

import ast
import inspect
import re
import textwrap

import pytest
from openapi_spec_validator import validate
from werkzeug.routing import AnyConverter, IntegerConverter

from forum import create_app
from forum.api import openapi
from forum.extensions import db
from forum.security import CONTENT_SECURITY_POLICY
from tests.conftest import make_test_config


@pytest.fixture(scope="module")
def site():
    """The app's routes, on an empty in-memory database (none of these tests reads one)."""
    app = create_app(make_test_config("sqlite://"))
    yield app
    with app.app_context():
        db.engine.dispose()


def _routes(app) -> dict[tuple[str, str], tuple[str, object]]:
    """(endpoint, method) -> (rule, Rule) for the api blueprint."""
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found[(rule.endpoint.removeprefix("api."), method.lower())] = (rule.rule, rule)
    return found


def _operations() -> dict[tuple[str, str], openapi.Operation]:
    ops = {}
    for _tag, op in openapi.operations():
        key = (op.endpoint, op.method)
        assert key not in ops, f"two operations for {key}"
        ops[key] = op
    return ops


def test_every_route_has_an_operation_and_every_operation_a_route(site):
    routes, ops = _routes(site), _operations()
    assert sorted(set(routes) - set(ops)) == [], "routes of the api blueprint without an operation"
    assert sorted(set(ops) - set(routes)) == [], "operations without a route"
    for key, (rule, _rule) in routes.items():
        assert ops[key].path == openapi.rule_to_path(rule), key


def test_path_parameters_match_the_converters(site):
    ops = _operations()
    for key, (_path, rule) in _routes(site).items():
        document = openapi.spec.to_openapi(ops[key], "tag", "id")
        parameters = {p["name"]: p["schema"] for p in document.get("parameters", []) if p["in"] == "path"}
        assert set(parameters) == set(rule.arguments), key
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                assert parameters[name]["type"] == "integer", (key, name)
            elif isinstance(converter, AnyConverter):
                values = re.search(r"<any\(([^)]*)\):" + name + ">", rule.rule).group(1)
                assert parameters[name]["enum"] == [v.strip() for v in values.split(",")], (key, name)
            else:
                assert parameters[name]["type"] == "string", (key, name)


def _json_body_fields(view) -> set[str] | None:
    """The fields the view passes to json_body(...), evaluated in its module (constants such as
    PROFILE_FIELDS included); None when it reads no JSON body."""
    source = textwrap.dedent(inspect.getsource(inspect.unwrap(view)))
    module = inspect.getmodule(inspect.unwrap(view))
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "json_body":
            expression = ast.Expression(node.args[0])
            return set(eval(compile(expression, "<json_body>", "eval"), vars(module)))  # noqa: S307
    return None


def test_each_json_body_names_the_fields_the_view_accepts(site):
    ops = _operations()
    for (endpoint, method), op in sorted(ops.items()):
        fields = _json_body_fields(site.view_functions[f"api.{endpoint}"])
        if fields is None:
            assert op.body is None, f"{endpoint} {method} reads no JSON body"
            continue
        assert op.body is not None, f"{endpoint} {method}: json_body({sorted(fields)}) has no request body"
        assert set(op.body.get("properties", {})) == fields, f"{endpoint} {method}"
        assert set(op.body.get("required", [])) <= fields, f"{endpoint} {method}"


def test_the_served_document_is_valid_openapi_3_1(site):
    response = site.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    validate(document)  # raises with the first error
    assert document["openapi"] == "3.1.0"
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len(operations) == len(_operations())
    assert len({op["operationId"] for op in operations}) == len(operations)
    for op in operations:
        assert any(status.startswith("2") for status in op["responses"]), op["operationId"]
        assert {"401", "422", "503"} <= set(op["responses"]), op["operationId"]


def test_every_reference_resolves(site):
    document = openapi.document()
    text = repr(document)
    for kind, name in re.findall(r"#/components/(\w+)/(\w+)", text):
        assert name in document["components"][kind], f"{kind}/{name}"


def test_the_reference_page_renders_the_contract_with_the_vendored_script(site):
    client = site.test_client()
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # Without JavaScript, the page says where the JSON is.
    assert 'href="/api/v1/openapi.json"' in page
    assert 'data-spec-url="/api/v1/openapi.json"' in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert any(src.startswith("/static/vendor/swagger-ui/swagger-ui-bundle.") for src in scripts)
    assert all(src.startswith("/static/") for src in scripts)  # no CDN
    assert "<script>" not in page  # nothing inline
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert any(href.startswith("/static/vendor/swagger-ui/swagger-ui.") for href in styles)
    for src in scripts + styles:
        with client.get(src) as served:
            assert served.status_code == 200, src
    # The site's own policy: no inline script or style, nothing from another origin.
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.live
def test_the_reference_page_renders_every_operation_in_a_browser(chromium, browser_site):
    """Swagger UI under the page's Content-Security-Policy: every operation listed, no error, and
    nothing refused by the policy or fetched from another origin."""
    base, _site = browser_site
    context = chromium.new_context()
    page = context.new_page()
    problems, origins = [], set()
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: origins.add(request.url.split("/")[2]))
    page.goto(f"{base}/api/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() == len(_operations())
    page.locator(".opblock-summary").first.click()  # an operation, with its body and answers
    page.wait_for_selector(".opblock-body .responses-table", timeout=10_000)
    page.locator(".opblock-summary").nth(4).click()
    page.wait_for_timeout(300)
    context.close()
    assert problems == []
    assert origins == {base.split("/")[2]}
