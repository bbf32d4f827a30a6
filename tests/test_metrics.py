"""/metrics (issue #22, operations): Prometheus' text format, request latency by endpoint and
status, search latency, queue depths; read only from the configured addresses or with the token."""

import re

import pytest

from forum.extensions import db
from tests.conftest import make_test_config
from tests.factories import make_community, make_thread, make_user

TOKEN = "scrape-7f3a9c1e5b2d"


@pytest.fixture
def app_config(database_url):
    return make_test_config(database_url, METRICS_TOKEN=TOKEN, METRICS_ALLOWED_ADDRESSES="192.0.2.0/24, 2001:db8::1")


def _count(text: str, name: str, **labels: str) -> float:
    """The value of one series of the scrape, 0 when it is not there yet."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    match = re.search(rf"^{re.escape(name)}{{{re.escape(wanted)}}} (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def _scrape(client, **kwargs) -> str:
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/plain" and response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def test_every_request_is_timed_by_endpoint_method_and_status(app, client):
    before = _scrape(client)
    client.get("/")
    client.get("/t/99999")
    after = _scrape(client)
    for labels in ({"endpoint": "main.home", "method": "GET", "status": "200"},
                   {"endpoint": "threads.show", "method": "GET", "status": "404"}):
        series = "horizonte_request_duration_seconds_count"
        assert _count(after, series, **labels) == _count(before, series, **labels) + 1, labels
    assert 'horizonte_request_duration_seconds_bucket{endpoint="main.home",le="0.01",method="GET",status="200"}' \
        in after  # a histogram: Prometheus computes the quantiles across processes


def test_searches_queues_sockets_and_waiting_mail_are_there(app, client):
    with app.test_request_context(method="POST"):
        author = make_user("ana")
        make_thread(author, make_community("vaccines"), title="Solar fridges", body="Solar fridges on boats.")
        from forum.extensions import db

        db.session.commit()
    before = _scrape(client)
    assert client.get("/search", query_string={"q": "solar"}).status_code == 200
    after = _scrape(client)
    assert _count(after, "horizonte_search_duration_seconds_count", type="all") == \
        _count(before, "horizonte_search_duration_seconds_count", type="all") + 1
    for gauge in ("horizonte_socket_connections", "horizonte_event_queue_depth", "horizonte_mail_queue_depth",
                  "horizonte_mail_waiting"):
        assert re.search(rf"^{gauge} \d+\.0$", after, re.MULTILINE), gauge


@pytest.mark.parametrize(("address", "authorization", "status"), [
    ("203.0.113.9", None, 404),  # not a configured address
    ("203.0.113.9", f"Bearer {TOKEN}", 200),  # the token, from anywhere
    ("203.0.113.9", "Bearer wrong-token", 404),
    ("192.0.2.44", None, 200),  # in a configured network
    ("2001:db8::1", None, 200),
    ("127.0.0.1", None, 200),  # this machine, in development
])
def test_only_configured_addresses_or_the_token_read_the_metrics(app, client, address, authorization, status):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": address})
    assert response.status_code == status


@pytest.mark.parametrize(("proxies", "status"), [(0, 404), (1, 200)])
def test_behind_a_configured_proxy_the_forwarded_address_is_the_client_s(database_url, proxies, status):
    """PROXIES=1 (nginx in front): X-Forwarded-For names the visitor, who is in the allowed network;
    without it, a forwarded header is anybody's word, and the proxy's own address is what counts."""
    from forum import create_app

    app = create_app(make_test_config(database_url, PROXIES=proxies, FORUM_ENV="production",
                                      METRICS_ALLOWED_ADDRESSES="192.0.2.0/24"))
    try:
        response = app.test_client().get("/metrics", headers={"X-Forwarded-For": "192.0.2.44"},
                                         environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert response.status_code == status
    finally:
        with app.app_context():
            db.engine.dispose()  # this app's own pool: no connection left for the collector


class TestProduction:
    @pytest.fixture
    def app_config(self, database_url):
        return make_test_config(database_url, FORUM_ENV="production")

    def test_behind_a_proxy_every_visitor_comes_from_this_machine_so_it_is_not_trusted(self, app, client):
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 404


def test_the_metrics_answer_when_the_database_does_not(tmp_path):
    from forum import create_app

    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'never-created.db'}"))
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    assert "horizonte_mail_waiting NaN" in response.get_data(as_text=True)
    assert app.test_client().get("/no-such-page").status_code == 404  # the error page too
    with app.app_context():
        db.engine.dispose()


def test_a_wrong_network_in_the_setting_stops_the_start_up(database_url):
    from forum import create_app

    with pytest.raises(ValueError):
        create_app(make_test_config(database_url, METRICS_ALLOWED_ADDRESSES="10.0.0.0/8, not-a-network"))
