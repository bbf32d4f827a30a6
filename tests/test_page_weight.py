"""Light pages for slow connections: what a first visit to a thread downloads, and how long the
browser keeps it."""

import gzip
import random
import re

import pytest

from forum.extensions import db
from forum.models import User
from tests.factories import make_community, make_post, make_thread

BUDGET = 60 * 1024  # HTML, CSS and JavaScript together, gzip-compressed, on a first visit
ASSET = re.compile(r'<(?:link rel="stylesheet"[^>]*href|script[^>]*src)="(/static/[^"]+)"')

# Posts as people write them here (about 900 characters: paragraphs, a list, a link, emphasis), each
# different, so that compression finds no more repetition than in a real discussion.
SENTENCES = [
    "In Loreto we tried solar direct-drive refrigerators at the health posts along the river.",
    "Las cajas frías con paquetes congelados duraban menos que el viaje cuando el río estaba alto.",
    "A equipe confiou nas geladeiras solares depois do primeiro mês de uso contínuo.",
    "Nous avons vérifié chaque envoi avec des indicateurs de congélation avant la distribution.",
    "The weekly radio call helped each post plan the next delivery with the district team.",
    "El personal de salud registró la temperatura dos veces al día durante toda la temporada.",
    "Os barcos eram o ponto fraco, porque a viagem demora mais do que o gelo aguenta.",
    "Les postes sans soleil pendant plusieurs jours restent notre principal problème.",
    "We compared the cost per dose delivered before and after the change over two seasons.",
    "La comunidad participó en la planificación de las rutas y de los horarios de vacunación.",
    "O ministério publicou um relatório com os números de cobertura por município.",
    "Une formation courte a suffi pour que les agents entretiennent les panneaux solaires.",
]


def _post(n: int) -> str:
    rng = random.Random(n)
    words = rng.sample(SENTENCES, 9)
    return (f"{words[0]} **{words[1]}**\n\n- {words[2]}\n- *{words[3]}*\n- {words[4]}\n\n"
            f"{words[5]} See [the evaluation](https://example.org/report/{n}).\n\n{words[6]} {words[7]} {words[8]}")


@pytest.fixture
def thread_path(app, member, other_member):
    with app.test_request_context(method="POST"):
        authors = [db.session.scalar(db.select(User).where(User.username == name)) for name in ("member", "other")]
        community = make_community("vaccines", name="Vaccines and immunization")
        thread = make_thread(authors[0], community, title="Cold chain on river routes in the rainy season",
                             body=_post(0))
        for n in range(1, 20):
            make_post(authors[n % 2], thread, _post(n))
        db.session.commit()
        return f"/t/{thread.id}/{thread.slug}"


def _first_visit_weight(client, path: str) -> tuple[int, dict[str, int]]:
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('class="post ') + html.count('class="post"') == 20  # the 20 posts are on the page
    weights = {path: len(gzip.compress(page.get_data(), compresslevel=6))}
    for asset in ASSET.findall(html):
        with client.get(asset) as response:
            assert response.status_code == 200, asset
            weights[asset] = len(gzip.compress(response.get_data(), compresslevel=6))
    return sum(weights.values()), weights


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_a_thread_page_of_20_posts_weighs_at_most_60_kb_compressed(app, client, auth, thread_path, reader):
    if reader == "member":
        auth.login("member")  # a signed-in reader also loads the live scripts and the reply form
    total, weights = _first_visit_weight(client, thread_path)
    assert any(name.endswith(".js") for name in weights) and any(name.endswith(".css") for name in weights)
    assert total <= BUDGET, f"{total} bytes gzip-compressed: {weights}"


def test_scripts_and_styles_are_cached_for_a_year_under_names_that_change_with_them(app, client, thread_path):
    html = client.get(thread_path).get_data(as_text=True)
    assets = ASSET.findall(html)
    assert assets
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset), asset
        with client.get(asset) as response:
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            body = response.get_data()
        # The plain name still works, without the promise never to change.
        with client.get(re.sub(r"\.[0-9a-f]{12}(\.(css|js))$", r"\1", asset)) as plain:
            assert plain.get_data() == body and "immutable" not in plain.headers.get("Cache-Control", "")
        # A name from an older deploy gets today's file, not to be cached.
        with client.get(re.sub(r"\.[0-9a-f]{12}(\.(css|js))$", r".000000000000\1", asset)) as old:
            assert old.status_code == 200 and old.headers["Cache-Control"] == "no-cache"
            assert old.get_data() == body
    assert client.get("/static/css/none.0123456789ab.css").status_code == 404
    assert client.get("/static/../forum/config.py").status_code == 404
