"""Demo experiences: several demo threads documented, reviewed and published through the services,
across countries and modalities, so the library (and the map and network) have content on first run.

Each spec names its thread by the start of its title; `evidence` are post numbers to quote.
All people and most organizations are fictional, like the threads they come from.
"""

from datetime import timedelta

from sqlalchemy import select

from forum.extensions import db
from forum.models import Post, Thread, User, utcnow
from forum.services import experiences as service

EXPERIENCES: list[dict] = [
    {
        "thread": "Casas de espera materna en Cusco",
        "evidence": [2, 3],
        "status": "published",
        "fields": {
            "summary": ("Diez años de una red de casas de espera materna en las provincias altas de Cusco, "
                        "adaptadas a la vida de las familias y compartidas con equipos de Bolivia y Guatemala."),
            "modality": "south_south",
            "countries": [{"code": "PE", "role": "offering"}, {"code": "BO", "role": "receiving"},
                          {"code": "GT", "role": "partner"}],
            "partner_organizations": ["Dirección Regional de Salud Cusco", "Asociación de comadronas ixiles"],
            "sdg_targets": ["3.1", "3.2"],
            "start_year": 2013, "start_month": 4, "end_year": 2023, "end_month": 3,
            "language": "es",
            "context": ("En las provincias altas de Cusco muchas mujeres viven a horas de un establecimiento con "
                        "capacidad resolutiva. Las casas de espera existían, pero estaban vacías."),
            "objectives": "- Aumentar el parto institucional en comunidades alejadas.\n"
                          "- Que las familias sientan la casa de espera como propia.",
            "activities": ("- Casas con cocina propia y espacio para acompañantes.\n"
                           "- **Turnos comunitarios** para cuidar animales e hijos mientras la mujer espera.\n"
                           "- La comadrona acompaña a la mujer y recibe un reconocimiento."),
            "results": ("- Parto institucional en los distritos con casa de espera: de 61 % a 84 %.\n"
                        "- Ocupación media de las casas: de 20 % a 65 %."),
            "lessons": ("Las casas no están vacías por desconfianza, sino porque la vida no se detiene: "
                        "hay que resolver quién cuida la casa. La comadrona debe ser aliada, no competencia."),
            "sustainability": "El municipio financia la alimentación; la red de salud, el personal.",
            "references": "Balance de diez años de la red de casas de espera materna (documento interno, 2023).",
        },
    },
    {
        "thread": "Cadeia de frio na Amazônia",
        "evidence": [2, 4],
        "status": "published",
        "fields": {
            "summary": ("Registradores contínuos de temperatura, caixas térmicas qualificadas e geladeiras solares "
                        "para levar vacinas por rio a comunidades remotas, com trocas entre Brasil e Colômbia."),
            "modality": "bilateral",
            "countries": [{"code": "BR", "role": "offering"}, {"code": "CO", "role": "receiving"}],
            "partner_organizations": ["Secretaria de Estado de Saúde do Amazonas"],
            "sdg_targets": ["3.3", "3.b"],
            "start_year": 2021, "start_month": 6, "is_ongoing": True,
            "language": "pt",
            "context": ("Uma dose de vacina pode viajar de avião, depois dois dias de barco e por fim de voadeira "
                        "ou a pé. O **congelamento** das vacinas era o problema mais subestimado."),
            "activities": ("- Registradores de 30 dias em todos os equipamentos fixos e em metade das caixas "
                           "das equipes volantes.\n- Geladeiras solares de acionamento direto nas comunidades "
                           "com ponto de vacinação fixo."),
            "results": ("- Alarmes abaixo de 0 °C em **23 %** das viagens no primeiro ano, o que levou a "
                        "trocar o acondicionamento das caixas.\n- Nenhuma perda de vacinas por calor em 2023."),
            "lessons": "Medir antes de comprar: os dados de temperatura mudaram as prioridades de investimento.",
        },
    },
    {
        "thread": "Intercambio de formación en enfermería entre Cuba y Haití",
        "evidence": [2, 4],
        "status": "published",
        "fields": {
            "summary": ("Formación de auxiliares de enfermería en el Plateau Central de Haití con profesoras "
                        "cubanas e instructoras haitianas, y lo que cambió cuando el ministerio certificó el "
                        "programa desde el inicio."),
            "modality": "south_south",
            "countries": [{"code": "CU", "role": "offering"}, {"code": "HT", "role": "receiving"}],
            "sdg_targets": ["3.c"],
            "start_year": 2016, "start_month": 9, "end_year": 2019, "end_month": 7,
            "language": "es",
            "context": "Faltaban auxiliares de enfermería formadas en los hospitales departamentales.",
            "activities": ("- Formación primero de **instructoras haitianas**, que luego enseñaron.\n"
                           "- Revisión del alcance de la práctica con la autoridad nacional."),
            "results": ("- Dos cohortes formadas; la segunda, con título reconocido desde el inicio, "
                        "tuvo mucha mejor retención."),
            "lessons": ("Los proyectos de formación funcionan cuando la autoridad que certifica participa desde "
                        "el diseño; si no, se forma gente cuyo título no sirve para trabajar."),
        },
    },
    {
        "thread": "Hurricane season readiness for primary care facilities",
        "evidence": [2, 3, 4],
        "status": "published",
        "fields": {
            "summary": ("A shared hurricane-season readiness checklist for health centres in Caribbean "
                        "countries: paper backups, water, staff contacts and a storm-specific medicine buffer."),
            "modality": "regional",
            "countries": [{"code": "TT", "role": "offering"}, {"code": "JM", "role": "partner"},
                          {"code": "HT", "role": "partner"}, {"code": "US", "role": "partner"}],
            "partner_organizations": ["District health authorities", "Regional emergency stockpile network"],
            "sdg_targets": ["3.d"],
            "start_year": 2019, "start_month": 5, "is_ongoing": True,
            "language": "en",
            "context": ("After the last storms people reached health centres first, often for days before "
                        "roads to hospitals were cleared, but checklists were written for hospitals."),
            "activities": ("1. Paper backups of registers for patients on chronic treatment.\n"
                           "2. A 20,000-litre water reserve and a chlorination protocol any nurse can apply.\n"
                           "3. A separate post-storm medicine buffer (wound care, tetanus vaccine, ORS)."),
            "results": "Every district health centre reviewed its checklist before 1 June in 2022, 2023 and 2024.",
            "lessons": "After a storm the demand profile changes: a normal-month buffer leaves gaps.",
        },
    },
    {
        "thread": "HEARTS en APS",
        "evidence": [2, 4],
        "status": "published",
        "fields": {
            "summary": ("Implementación del protocolo estandarizado de hipertensión HEARTS en atención primaria, "
                        "con intercambio entre equipos de Chile, Cuba, Costa Rica y México."),
            "modality": "multi_country",
            "countries": [{"code": "CL", "role": "partner"}, {"code": "CU", "role": "partner"},
                          {"code": "CR", "role": "partner"}, {"code": "MX", "role": "partner"}],
            "sdg_targets": ["3.4", "3.8"],
            "start_year": 2022, "start_month": 1, "is_ongoing": True,
            "language": "es",
            "context": "El control de la presión arterial en APS era bajo y muy variable entre prescriptores.",
            "activities": ("- Protocolo construido **con** los médicos del primer nivel.\n"
                           "- Medición con equipos automáticos validados y registro de pacientes.\n"
                           "- La enfermera ajusta el tratamiento siguiendo el protocolo."),
            "results": "Hipertensos bajo control con presión < 140/90: de 48 % a 63 % en 18 meses (un CESFAM).",
            "lessons": "Lo que más costó fue el cambio de rol de la enfermera, más que convencer a los médicos.",
        },
    },
    {
        "thread": "Oferta: cooperação em farmacovigilância na atenção primária",
        "evidence": [3],
        "status": "published",
        "fields": {
            "summary": ("Um curso de oito horas e um formulário simplificado para que a atenção primária "
                        "notifique eventos adversos a medicamentos, oferecido a outros países com apoio regional."),
            "modality": "triangular",
            "countries": [{"code": "BR", "role": "offering"}, {"code": "CR", "role": "receiving"},
                          {"code": "UY", "role": "partner"}],
            "partner_organizations": ["Vigilância sanitária estadual"],
            "sdg_targets": ["3.8", "3.b"],
            "start_year": 2022, "start_month": 3, "end_year": 2024, "end_month": 2,
            "language": "pt",
            "context": "Quase todas as notificações vinham de hospitais; a APS praticamente não notificava.",
            "activities": "- Curso de oito horas.\n- Formulário simplificado testado em 40 UBS.",
            "results": "As notificações vindas da APS triplicaram no primeiro ano nas UBS participantes.",
            "lessons": "A suspeita basta: a mensagem mais importante do curso.",
            "funding": "Recursos próprios e apoio de um organismo regional para as viagens.",
        },
    },
    {
        "thread": "Offer: support for vaccination coverage surveys",
        "evidence": [2, 3],
        "status": "published",
        "fields": {
            "summary": ("Technical support for cluster vaccination coverage surveys in two Caribbean countries, "
                        "with a method to replace clusters that teams cannot safely reach."),
            "modality": "north_south",
            "countries": [{"code": "CA", "role": "offering"}, {"code": "JM", "role": "receiving"},
                          {"code": "HT", "role": "receiving"}],
            "sdg_targets": ["3.b"],
            "start_year": 2024, "start_month": 2, "end_year": 2024, "end_month": 11,
            "language": "en",
            "context": "Administrative coverage was doubtful after the pandemic backlog.",
            "activities": "Sample design, tablet-based questionnaires and supervisor training.",
            "results": "Two surveys completed; one found administrative coverage overestimated by 9 points.",
        },
    },
    {
        "thread": "Teledermatología en atención primaria",
        "evidence": [],
        "status": "in_review",
        "fields": {
            "summary": "Teledermatología asincrónica desde la atención primaria para bajar la lista de espera.",
            "modality": "bilateral",
            "countries": [{"code": "CL", "role": "offering"}, {"code": "BO", "role": "receiving"}],
            "start_year": 2023, "is_ongoing": True, "language": "es",
        },
    },
]


def load_demo_experiences(moderator: User) -> int:
    """Document, review and publish the demo experiences as the demo moderator. Returns how many."""
    threads = list(db.session.scalars(select(Thread)))
    created = 0
    now = utcnow()
    for index, spec in enumerate(EXPERIENCES):
        thread = next(t for t in threads if t.title.startswith(spec["thread"]))
        posts = {p.number: p.id for p in db.session.scalars(select(Post).where(Post.thread_id == thread.id))}
        experience = service.do_promote_thread(moderator, thread,
                                               evidence_post_ids=[posts[n] for n in spec["evidence"]])
        service.do_update_experience(moderator, experience, spec["fields"])
        if thread.author_id != moderator.id:
            service.do_add_editor(moderator, experience, thread.author.username)
        service.do_transition(moderator, experience, to="in_review")
        if spec["status"] == "published":
            service.do_transition(moderator, experience, to="published")
            # Spread the publication dates so the feed and the "newest" order look lived in.
            experience.published_at = now - timedelta(days=3 * (len(EXPERIENCES) - index))
        created += 1
    return created
