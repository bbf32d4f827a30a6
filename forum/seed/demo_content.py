"""Demo content for Horizonte.

Pure data used by the ``flask seed demo`` command to populate a fresh
installation with communities, users and discussion threads about
international cooperation in health across the Americas.

All people and most organizations are fictional. Thread bodies are
Markdown. The first post of each thread is the opening post and is
written by the thread author.
"""

COMMUNITIES: list[dict] = [
    {
        "slug": "maternal-child-health",
        "name": "Maternal, Newborn and Child Health",
        "description": (
            "Safe motherhood, newborn care, child survival and adolescent health: "
            "maternal waiting homes, midwifery, death reviews, breastfeeding and growth monitoring."
        ),
    },
    {
        "slug": "immunization",
        "name": "Immunization and Vaccine-Preventable Diseases",
        "description": (
            "Routine immunization, campaigns, cold chain, nominal registries, surveillance of "
            "measles, rubella and polio, and conversations about vaccine confidence."
        ),
    },
    {
        "slug": "health-systems-primary-care",
        "name": "Health Systems and Primary Health Care",
        "description": (
            "Strengthening health systems based on primary health care: service networks, "
            "financing, community health workers, referral systems and quality of care."
        ),
    },
    {
        "slug": "emergencies-disasters",
        "name": "Health Emergencies and Disaster Preparedness",
        "description": (
            "Preparedness and response to hurricanes, floods, droughts, earthquakes and outbreaks: "
            "safe hospitals, surveillance of dengue and other epidemics, and mental health in crises."
        ),
    },
    {
        "slug": "noncommunicable-diseases",
        "name": "Noncommunicable Diseases and Risk Factors",
        "description": (
            "Hypertension, diabetes, cancer and cardiovascular disease in primary care, plus policies "
            "on salt, tobacco, alcohol, front-of-package labelling and healthy environments."
        ),
    },
    {
        "slug": "health-workforce",
        "name": "Health Workforce and Training",
        "description": (
            "Education, distribution, retention and migration of health workers; residencies, "
            "continuing education, exchanges and training materials for community agents."
        ),
    },
    {
        "slug": "digital-health",
        "name": "Digital Health and Information Systems",
        "description": (
            "Health information systems, telehealth, electronic records, interoperability standards, "
            "data protection and the everyday reality of connectivity in remote areas."
        ),
    },
    {
        "slug": "medicines-regulation",
        "name": "Medicines, Health Technologies and Regulation",
        "description": (
            "Access to essential medicines and technologies: regulatory reliance, pharmacovigilance, "
            "pooled procurement, health technology assessment, forecasting and rational use."
        ),
    },
]

USERS: list[dict] = [
    {
        "username": "admin",
        "display_name": "Teresa Villalba",
        "email": "teresa.villalba@example.org",
        "country": "PA",
        "sector": "international_org",
        "organization": "Horizonte Secretariat",
        "role": "admin",
        "locale": "en",
        "bio": (
            "I coordinate the Horizonte secretariat and keep the lights on. "
            "Fifteen years in health cooperation projects across Central America and the Caribbean."
        ),
    },
    {
        "username": "moderator",
        "display_name": "Julián Ocampo",
        "email": "julian.ocampo@example.org",
        "country": "CO",
        "sector": "academia",
        "organization": "Escuela de Salud Pública del Pacífico",
        "role": "moderator",
        "locale": "es",
        "bio": (
            "Profesor de salud pública y moderador de Horizonte. "
            "Me interesan la atención primaria y que las discusiones terminen en algo útil."
        ),
    },
    {
        "username": "ana_souza",
        "display_name": "Ana Souza",
        "email": "ana.souza@example.org",
        "country": "BR",
        "sector": "government",
        "organization": "Secretaria de Estado de Saúde do Amazonas",
        "role": "member",
        "locale": "pt",
        "bio": (
            "Coordeno a rede de frio e a logística de imunização na Secretaria de Estado. "
            "Passo boa parte do ano em barcos e pistas de terra."
        ),
    },
    {
        "username": "pedro_mendes",
        "display_name": "Pedro Mendes",
        "email": "pedro.mendes@example.org",
        "country": "BR",
        "sector": "academia",
        "organization": "Universidade Federal de Minas Gerais",
        "role": "member",
        "locale": "pt",
        "bio": (
            "Professor de epidemiologia e pesquisador em atenção primária. "
            "Avalio a Estratégia Saúde da Família há quinze anos."
        ),
    },
    {
        "username": "beatriz_nunes",
        "display_name": "Beatriz Nunes",
        "email": "beatriz.nunes@example.org",
        "country": "BR",
        "sector": "health_professional",
        "organization": "Unidade Básica de Saúde Vila Esperança",
        "role": "member",
        "locale": "pt",
        "bio": (
            "Enfermeira de família numa UBS da periferia de Recife. "
            "Gosto de trocar experiências práticas sobre pré-natal, vacinação e doenças crônicas."
        ),
    },
    {
        "username": "thiago_lima",
        "display_name": "Thiago Lima",
        "email": "thiago.lima@example.org",
        "country": "BR",
        "sector": "private_sector",
        "organization": "Conecta Saúde Tecnologia",
        "role": "member",
        "locale": "pt",
        "bio": (
            "Engenheiro de software e cofundador de uma empresa de telessaúde. "
            "Me interessam interoperabilidade e sistemas que funcionem com internet ruim."
        ),
    },
    {
        "username": "mquispe",
        "display_name": "Marisol Quispe",
        "email": "marisol.quispe@example.org",
        "country": "PE",
        "sector": "health_professional",
        "organization": "Red de Salud Cusco Norte",
        "role": "member",
        "locale": "es",
        "bio": (
            "Obstetra con doce años en establecimientos del primer nivel en Cusco. "
            "Trabajo con casas de espera materna y con parteras tradicionales."
        ),
    },
    {
        "username": "lucia_tzul",
        "display_name": "Lucía Tzul",
        "email": "lucia.tzul@example.org",
        "country": "GT",
        "sector": "civil_society",
        "organization": "Asociación Comunitaria de Salud Ixil",
        "role": "member",
        "locale": "es",
        "bio": (
            "Coordino programas comunitarios de salud materna en la región ixil. "
            "Hablo ixil, k'iche' y español."
        ),
    },
    {
        "username": "jpierre",
        "display_name": "Jean-Pierre Baptiste",
        "email": "jeanpierre.baptiste@example.org",
        "country": "HT",
        "sector": "health_professional",
        "organization": "Hôpital Communautaire du Plateau Central",
        "role": "member",
        "locale": "fr",
        "bio": (
            "Médecin généraliste et directeur médical d'un hôpital communautaire du Plateau Central. "
            "J'écris aussi en anglais et en espagnol."
        ),
    },
    {
        "username": "cmorales_uy",
        "display_name": "Carolina Morales",
        "email": "carolina.morales@example.org",
        "country": "UY",
        "sector": "government",
        "organization": "Programa Nacional de Vacunaciones, Ministerio de Salud Pública",
        "role": "member",
        "locale": "es",
        "bio": (
            "Trabajo en el programa nacional de vacunaciones. "
            "Me ocupo de la vacunación escolar y del análisis de coberturas."
        ),
    },
    {
        "username": "dwilliams",
        "display_name": "Dwayne Williams",
        "email": "dwayne.williams@example.org",
        "country": "JM",
        "sector": "government",
        "organization": "South East Regional Health Authority",
        "role": "member",
        "locale": "en",
        "bio": (
            "Regional public health manager in Jamaica. "
            "Epidemiologist by training, with a long-standing interest in adolescent health."
        ),
    },
    {
        "username": "sarah_chen",
        "display_name": "Sarah Chen",
        "email": "sarah.chen@example.org",
        "country": "CA",
        "sector": "academia",
        "organization": "Northern Lakes University, Centre for Global Health",
        "role": "member",
        "locale": "en",
        "bio": (
            "Associate professor in global health. "
            "I work on implementation research and quality of maternal care with partners in Latin America."
        ),
    },
    {
        "username": "rgarcia_mx",
        "display_name": "Roberto García",
        "email": "roberto.garcia@example.org",
        "country": "MX",
        "sector": "private_sector",
        "organization": "Laboratorios Valle Central",
        "role": "member",
        "locale": "es",
        "bio": (
            "Responsable de asuntos regulatorios en un laboratorio farmacéutico mediano. "
            "Llevo veinte años entre expedientes, inspecciones y licitaciones."
        ),
    },
    {
        "username": "fcastillo",
        "display_name": "Fernanda Castillo",
        "email": "fernanda.castillo@example.org",
        "country": "CL",
        "sector": "health_professional",
        "organization": "CESFAM Los Aromos",
        "role": "member",
        "locale": "es",
        "bio": (
            "Médica de familia en un CESFAM de la región de Valparaíso. "
            "Participo en teleconsultas y en el programa de salud cardiovascular."
        ),
    },
    {
        "username": "nkhan_tt",
        "display_name": "Nadia Khan",
        "email": "nadia.khan@example.org",
        "country": "TT",
        "sector": "government",
        "organization": "Ministry of Health of Trinidad and Tobago",
        "role": "member",
        "locale": "en",
        "bio": (
            "Emergency preparedness officer at the Ministry of Health. "
            "Hurricanes, floods, mass gatherings and, occasionally, sleep."
        ),
    },
    {
        "username": "emily_rhodes",
        "display_name": "Emily Rhodes",
        "email": "emily.rhodes@example.org",
        "country": "US",
        "sector": "other",
        "organization": "Independent consultant",
        "role": "member",
        "locale": "en",
        "bio": (
            "Independent consultant in health supply chains. "
            "I used to run procurement for an NGO network and now help ministries with forecasting and warehousing."
        ),
    },
    {
        "username": "gvillacres",
        "display_name": "Gabriela Villacrés",
        "email": "gabriela.villacres@example.org",
        "country": "EC",
        "sector": "government",
        "organization": "Agencia Nacional de Regulación Sanitaria",
        "role": "member",
        "locale": "es",
        "bio": (
            "Química farmacéutica en la autoridad regulatoria nacional. "
            "Trabajo en registro sanitario y en acuerdos de reliance con otras agencias."
        ),
    },
    {
        "username": "yrodriguez_cu",
        "display_name": "Yamilé Rodríguez",
        "email": "yamile.rodriguez@example.org",
        "country": "CU",
        "sector": "academia",
        "organization": "Facultad de Enfermería, Universidad de Ciencias Médicas",
        "role": "member",
        "locale": "es",
        "bio": (
            "Profesora de enfermería comunitaria. "
            "He participado en proyectos de formación de enfermeras en Haití y Centroamérica."
        ),
    },
    {
        "username": "rcondori",
        "display_name": "René Condori",
        "email": "rene.condori@example.org",
        "country": "BO",
        "sector": "civil_society",
        "organization": "Red de Promotores de Salud del Altiplano",
        "role": "member",
        "locale": "es",
        "bio": (
            "Promotor de salud y coordinador de una red de promotores aymaras. "
            "Creo en la salud que se construye desde la comunidad."
        ),
    },
    {
        "username": "aortiz_cr",
        "display_name": "Andrea Ortiz",
        "email": "andrea.ortiz@example.org",
        "country": "CR",
        "sector": "international_org",
        "organization": "Oficina Subregional de Cooperación Técnica para Centroamérica",
        "role": "member",
        "locale": "es",
        "bio": (
            "Asesora en cooperación técnica para Centroamérica. "
            "Conecto países que tienen un problema con países que ya lo resolvieron, o casi."
        ),
    },
]

THREADS: list[dict] = [
    # ------------------------------------------------------------------
    # maternal-child-health
    # ------------------------------------------------------------------
    {
        "community": "maternal-child-health",
        "author": "mquispe",
        "title": "Casas de espera materna en Cusco: lo que funcionó y lo que no en diez años",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "mquispe",
                "body": """\
Hace poco cumplimos diez años con la red de casas de espera materna en las provincias altas de Cusco
y nos pidieron un balance. Lo comparto aquí porque sé que en Bolivia, Guatemala y otros países
están con modelos parecidos.

**Lo que funcionó:**

- Adaptar la casa a la vida de las familias: cocina propia, espacio para el esposo o la suegra,
  y que puedan traer sus alimentos.
- Ofrecer parto vertical y permitir que la partera de confianza acompañe.
- Que el serenazgo o el municipio asegure el traslado cuando la gestante vive a más de tres horas.

**Lo que no funcionó:**

- Estancias largas. Cuando la mujer llega con 15 o 20 días de anticipación, muchas regresan a casa
  porque tienen hijos pequeños y animales que cuidar.
- Depender del presupuesto de un proyecto. Dos casas cerraron cuando terminó la cooperación.
- Casas construidas sin preguntar: una quedó al lado del cementerio y nadie quería quedarse.

¿Qué están viendo ustedes? Me interesa sobre todo cómo resolvieron el tema de quién cuida la casa
y la chacra mientras la mujer espera.
""",
            },
            {
                "author": "rcondori",
                "body": """\
Marisol, lo de los animales y los hijos es exactamente lo que escuchamos en el altiplano paceño.
Las casas no están vacías por desconfianza al servicio, están vacías porque la vida no se detiene.

Lo que probamos en tres comunidades fue organizar **turnos comunitarios**: cuando una mujer baja a
la casa de espera, dos familias vecinas se comprometen a ver el ganado. La autoridad originaria lo
anota en el acta de la reunión mensual. Parece poca cosa, pero subió el uso de la casa y, sobre
todo, las mujeres llegan con más tranquilidad.

Nos costó que el personal de salud entendiera que eso también es "intervención de salud".
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
En la región ixil las casas maternas las manejan asociaciones comunitarias y las comadronas tienen
un papel central. Aprendimos, a golpes, que si la casa materna se ve como competencia de la
comadrona, ella aconseja a la familia que no vaya.

Ahora la comadrona acompaña a la mujer a la casa, se queda una noche si quiere y recibe un
reconocimiento económico pequeño por cada referencia. No es un pago por parto, es por acompañar.
Desde entonces las referencias desde las aldeas más lejanas se duplicaron.
""",
            },
            {
                "author": "moderator",
                "body": """\
Muy buen hilo. Una pregunta incómoda pero necesaria: ¿alguien tiene datos de resultado y no solo de
uso? La literatura sobre casas de espera es bastante mixta: hay estudios que muestran más partos
institucionales, pero pocos con diseño suficiente para atribuir cambios en mortalidad.

Marisol, ¿qué indicadores usaron en el balance de los diez años? ¿Pudieron separar el efecto de
las casas del efecto de otras cosas que pasaron al mismo tiempo, como el seguro integral o las
carreteras nuevas?
""",
            },
            {
                "author": "mquispe",
                "body": """\
Julián, tienes razón en que no podemos atribuir todo a las casas. Lo que sí tenemos es esto, para
los seis distritos de nuestra red:

- Parto institucional: del **71 %** en 2014 al **93 %** en 2023.
- Gestantes de comunidades a más de 3 horas que usaron la casa: del 18 % al 57 %.
- Estancia promedio en la casa: de 12 a 6 días.
- Muertes maternas, en números absolutos: de 4 a 1.

Las muertes maternas son números muy pequeños, así que no saco conclusiones de ese dato.
Lo que más nos dice es la estancia promedio: cuando empezamos a calcular mejor la fecha de bajada
con la ecografía del segundo trimestre, la estancia bajó a la mitad y el abandono casi desapareció.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Desde la cooperación vimos el mismo patrón que menciona Marisol con los proyectos: en Honduras y
Nicaragua varias casas maternas se sostuvieron solo cuando quedaron en el **presupuesto municipal**
con una partida específica, no como "apoyo" genérico.

Algunas condiciones que se repiten en las experiencias que sobrevivieron:

1. Un comité local con representación de mujeres usuarias.
2. Un convenio firmado entre municipio y servicio de salud que define quién paga luz, agua y
   alimentación.
3. Un registro sencillo de ocupación que se presenta en el concejo municipal cada trimestre.

Hay una guía regional que revisa varias de estas experiencias:
https://www.paho.org/en/topics/maternal-health
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
Aporto la experiencia de los hogares maternos en Cuba, aunque el modelo es distinto. Aquí el hogar
materno recibe sobre todo gestantes con algún riesgo: bajo peso, anemia, hipertensión leve,
adolescentes o mujeres que viven lejos. Tienen atención de enfermería diaria, nutrición y
educación para el parto y la lactancia.

La diferencia principal con lo que describen es que es un servicio más medicalizado y con
estancias más largas. Funciona en nuestro contexto porque el sistema lo financia completamente,
pero no creo que sea trasladable tal cual a comunidades andinas o mayas. Lo que sí podría servir
es la parte educativa: las gestantes salen sabiendo amamantar y reconocer signos de alarma.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
En Chile no tenemos casas de espera como tales, pero en las islas y en la zona austral se usa un
**hospedaje pagado** cerca del hospital para gestantes rurales desde la semana 38 o 39.
El servicio de salud cubre alojamiento y alimentación, y el traslado en barcaza o avioneta.

Lo interesante es que cuando se hizo el cálculo de costos, el hospedaje salía mucho más barato que
una sola evacuación aérea de urgencia. Ese argumento económico fue el que convenció a la dirección
del servicio, más que los argumentos de derechos. Quizás les sirva para hablar con los municipios.
""",
            },
            {
                "author": "mquispe",
                "body": """\
Gracias a todos. Intento resumir lo que me llevo para el informe:

- **Ajustar la fecha de bajada** con mejor datación del embarazo: menos días en la casa, menos abandono.
- **Resolver la vida que queda atrás**: turnos comunitarios como los de René.
- **Aliarse con la partera o comadrona**, no competir con ella, como cuenta Lucía.
- **Partida presupuestaria propia** en el municipio y convenio firmado (Andrea).
- **Argumento de costos** frente a evacuaciones de emergencia (Fernanda).

Voy a proponer a la red que probemos el reconocimiento por acompañamiento para parteras.
Les cuento en unos meses cómo nos fue.
""",
            },
        ],
    },
    {
        "community": "maternal-child-health",
        "author": "jpierre",
        "title": "Postpartum haemorrhage when oxytocin quality is uncertain: experience with heat-stable carbetocin?",
        "kind": "question",
        "language": "en",
        "posts": [
            {
                "author": "jpierre",
                "body": """\
Our hospital in the Central Plateau supervises six dispensaries. Oxytocin reaches us after a long
road trip with no refrigeration, and we have had at least three cases this year where the standard
dose did not seem to work and we needed a second uterotonic.

We are considering two options:

1. Asking the department to procure **heat-stable carbetocin** for the hospital and the two largest
   dispensaries.
2. Strengthening misoprostol distribution for births attended in the community.

Has anyone introduced heat-stable carbetocin in a setting like ours? I am especially interested in
procurement price, registration problems, and whether midwives adopted it easily.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
From the supply side: you are not imagining the problem. Oxytocin is labelled for storage at
2–8 °C, and several quality surveys in low- and middle-income countries found a worrying share of
samples below the required active ingredient content, usually linked to heat exposure somewhere
along the chain.

Practical points if you go for carbetocin:

- Check whether it is **registered** in Haiti. If not, ask whether an emergency import or a
  reliance pathway based on WHO prequalification is possible.
- There is an access price for the public sector in low- and middle-income countries that is far
  below the commercial price. Make sure your procurement agent quotes that one.
- Do not stop managing oxytocin properly. You will still need it for induction and augmentation,
  where carbetocin is not indicated.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
On the clinical side, the large multi-country trial comparing heat-stable carbetocin with oxytocin
for prevention of PPH after vaginal birth found it non-inferior for blood loss of 500 mL or more.
It was not powered to show non-inferiority for severe haemorrhage of 1000 mL or more.

WHO recommends it for PPH prevention in settings where oxytocin is unavailable or its quality
cannot be guaranteed, which sounds like your situation:
https://www.who.int/publications/i/item/9789241550420

I would also look at the newer work on the **PPH bundle**: early detection with calibrated drapes
and a first-response bundle (uterine massage, oxytocics, tranexamic acid, IV fluids, examination
and escalation). In several hospitals the delay in *recognising* bleeding mattered as much as the
choice of drug.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
One low-tech thing that worked in our health centres in Jamaica: we moved oxytocin into the vaccine
refrigerators, with a clearly labelled basket on a middle shelf and the temperature log already in
place for vaccines. No new equipment, no new forms.

Two warnings, though. Keep it away from the freezer plate and the walls of ice-lined fridges, and
make sure the immunization staff agree, because they are the ones who get audited on that fridge.
We had a minor turf war before it settled.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
In Central America two countries added heat-stable carbetocin to their national essential
medicines lists in the last few years, but uptake has been uneven. Where it worked, the ministry
issued a short clinical protocol at the same time as the first delivery. Where the product arrived
without a protocol, it stayed in the pharmacy.

If you need help preparing the technical justification for the department, I can share the template
one of those countries used. Send me a private message.
""",
            },
            {
                "author": "jpierre",
                "body": """\
Thank you, this is very useful. Our plan for the next three months:

- Move oxytocin into the vaccine fridges at the hospital and the two big dispensaries, following
  Dwayne's advice (and negotiating with our immunization nurse first).
- Make sure **tranexamic acid** is always in stock in the delivery room. It was missing twice last quarter.
- Prepare the justification for carbetocin with the departmental health direction. Andrea, I will
  write to you.

One more question for Sarah: are calibrated drapes affordable? We buy almost everything through
donations and I have never seen them here.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
They are not expensive per unit, but the supply is irregular in many countries. Some teams use a
locally made version: a plastic sheet with a funnel pocket marked at 300 mL and 500 mL, validated
against weighed pads. The marking matters more than the brand.

What made the biggest difference in the hospitals I know was training everyone to **act at the
first trigger** instead of waiting for a doctor to confirm. If the midwife can start the bundle
at 500 mL without asking permission, you gain the minutes that save lives.
""",
            },
        ],
    },
    {
        "community": "maternal-child-health",
        "author": "beatriz_nunes",
        "title": "Método Canguru na atenção básica: o acompanhamento depois da alta",
        "kind": "discussion",
        "language": "pt",
        "posts": [
            {
                "author": "beatriz_nunes",
                "body": """\
Na nossa UBS recebemos todo mês dois ou três bebês prematuros que saem da maternidade na terceira
etapa do Método Canguru. Em teoria, a atenção básica acompanha esse bebê junto com o ambulatório
do hospital. Na prática, a família fica perdida entre os dois serviços.

O que estamos tentando:

- Visita domiciliar da agente comunitária nas primeiras **72 horas** depois da alta.
- Consulta de enfermagem na primeira semana, com pesagem e observação da mamada.
- Um grupo de WhatsApp das mães canguru da área, moderado por mim e por uma técnica.

As dificuldades maiores: mães que faltam às consultas no hospital porque a passagem de ônibus é
cara, e a pesagem, porque nossa balança pediátrica nem sempre está calibrada.

Alguém tem um fluxo que funcione bem entre maternidade e UBS?
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Beatriz, vocês estão fazendo exatamente o que os estudos de seguimento apontam como mais efetivo:
contato precoce em casa e apoio à amamentação. Numa avaliação que fizemos em Belo Horizonte, o
preditor mais forte de desmame precoce entre prematuros era justamente a ausência de contato com a
equipe de saúde da família na primeira semana.

Uma sugestão sobre o WhatsApp: vale formalizar o grupo com um termo simples de consentimento e
regras sobre fotos de bebês e dados clínicos. Com a LGPD, é melhor prevenir do que ter que fechar
o grupo depois.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
No Amazonas o problema é ainda maior: o bebê recebe alta da maternidade em Manaus e volta para um
município que fica a dois ou três dias de barco. A UBS de lá muitas vezes nem sabe que o bebê nasceu.

O que passamos a fazer foi um **plano de alta compartilhado**: a maternidade envia por e-mail e por
telefone o resumo de alta para a coordenação da atenção básica do município antes de a família
embarcar. Não é perfeito, mas o número de bebês "sumidos" caiu bastante.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Do lado da tecnologia, vejo muita gente querendo resolver isso com teleconsulta, e acho que a
teleconsulta ajuda pouco aqui: o que falta é pesar o bebê e ver a mamada. Uma ideia que testamos
com uma prefeitura foi equipar as ACS com balanças digitais portáteis que registram o peso direto no
celular, e o dado vai para o prontuário da UBS.

Funcionou razoavelmente, mas a calibração das balanças virou um problema em si. Alguém tem
protocolo de calibração que seja viável no campo?
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Thiago, sobre calibração: usamos um peso-padrão de 2 kg emprestado do NASF e conferimos toda
segunda-feira. É rudimentar, mas pelo menos sabemos quando a balança está errada.

Outra coisa que não mencionei: os pais. Em quase todas as famílias é a mãe que faz a posição canguru
sozinha, e ela fica exausta. Começamos a convidar os pais para a consulta de enfermagem, às 17h, e
alguns vieram. Pouca coisa, mas já mudou o clima em duas famílias.
""",
            },
            {
                "author": "moderator",
                "body": """\
Como colombiano, não resisto a comentar: o método canguru nasceu num hospital de Bogotá no fim dos
anos 1970, justamente por falta de incubadoras. É bonito ver como ele virou política no Brasil,
com as três etapas e o seguimento ambulatorial.

(Desculpem o portunhol.) Duas ideias que vejo no fio e que merecem ser levadas a outros países:
a **visita nas primeiras 72 horas** e o **plano de alta compartilhado** da Ana. Para quem quiser
ler mais, a OMS publicou recomendações recentes sobre cuidado canguru imediato:
https://www.who.int/publications/i/item/9789240058262
""",
            },
        ],
    },
    {
        "community": "maternal-child-health",
        "author": "lucia_tzul",
        "title": "¿Cómo registran los nacimientos atendidos por comadronas en sus sistemas de información?",
        "kind": "question",
        "language": "es",
        "posts": [
            {
                "author": "lucia_tzul",
                "body": """\
En algunas aldeas de la región ixil todavía más de la mitad de los partos ocurren en casa, atendidos
por comadronas. Esos nacimientos llegan tarde o nunca al sistema de información de salud, y el
registro civil a veces se hace meses después, cuando la familia necesita un documento.

Eso tiene consecuencias: el niño no aparece en la programación de vacunas, y si muere en el primer
mes, esa muerte simplemente no existe en las estadísticas.

¿Cómo lo resuelven en sus países? ¿La comadrona o partera reporta directamente? ¿Lo hace el
promotor? ¿Hay algún formulario que funcione con personas que no leen?
""",
            },
            {
                "author": "mquispe",
                "body": """\
En Perú existe el certificado de nacido vivo en línea, pero lo emite un profesional de salud. Si el
parto fue en casa, la familia tiene que ir al establecimiento con el bebé y con testigos, y ahí se
genera el certificado. En las comunidades más alejadas eso puede tardar semanas.

Lo que hacemos en nuestra red es que la partera avise por teléfono al técnico del puesto, y el
técnico sale a hacer la visita al recién nacido dentro de la primera semana. Si la visita se hace,
el registro se hace. El cuello de botella es la visita, no el formulario.
""",
            },
            {
                "author": "rcondori",
                "body": """\
En Bolivia los promotores llevamos un cuaderno comunal donde anotamos nacimientos, muertes y
embarazos. Una vez al mes lo llevamos al centro de salud y la enfermera pasa los datos al sistema
nacional. El problema es que si el promotor no va a la reunión mensual, el cuaderno se queda en la
comunidad y los datos se pierden.

También ayudó que el comité de salud de la comunidad revise el cuaderno en la asamblea. Ahí la gente
corrige: "no, ese niño nació en agosto, no en septiembre".
""",
            },
            {
                "author": "moderator",
                "body": """\
En Colombia el registro de nacimientos en zonas rurales dispersas tiene el mismo problema. Existe
un aplicativo nacional para certificados de nacimiento y defunción, pero el certificado lo firma
personal de salud y muchas comunidades del Pacífico y la Amazonía están a días de un hospital.

Se han probado brigadas conjuntas de salud y registro civil: el mismo día que llega la vacunación
llega el registrador. Funciona bien cuando la brigada es regular; cuando se suspende, todo vuelve a
atrasarse.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Lo que plantea Lucía es un tema de sistemas de registro civil y estadísticas vitales, y vale la pena
mirarlo así porque une a dos instituciones que casi nunca se hablan: salud y registro civil.

Ojo con un dato: en varios países de la región el subregistro de **muertes neonatales** es mucho
mayor que el de nacimientos. Un bebé que nace y muere en casa en la primera semana muchas veces no
aparece en ninguno de los dos sistemas. Si van a diseñar algo, incluyan desde el inicio el registro
de la muerte, no solo del nacimiento.
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
Gracias, Andrea, no lo habíamos pensado así y es exactamente lo que nos preocupa.

Estamos probando un **cuaderno pictográfico** para comadronas: un dibujo de bebé con una casilla
para el sexo, una luna para la fecha aproximada y una cara triste si el bebé murió. La comadrona
marca con un sello y el promotor lo transcribe. ¿Alguien ha trabajado con formularios pictográficos
parecidos? Me preocupa cómo validar que se entienden igual en todas las aldeas.
""",
            },
            {
                "author": "rcondori",
                "body": """\
Lucía, en Potosí una ONG hizo algo muy parecido con parteras quechuas hace unos años. Lo que
aprendieron al validar:

- Los dibujos de calendario no funcionaron; las fiestas del año sí. "Nació cerca de Todos Santos"
  era mucho más preciso que cualquier dibujo de luna.
- Cada símbolo se probó con grupos de parteras en tres comunidades distintas antes de imprimir.
- La cara triste para la muerte incomodó a algunas parteras; prefirieron una vela.

Si quieres, te paso el contacto de la compañera que lo coordinó.
""",
            },
        ],
    },
    {
        "community": "maternal-child-health",
        "author": "dwilliams",
        "title": "Adolescent pregnancy in the Caribbean: school programmes that actually reached boys",
        "kind": "discussion",
        "language": "en",
        "posts": [
            {
                "author": "dwilliams",
                "body": """\
Latin America and the Caribbean still have one of the highest adolescent birth rates in the world,
and most of our programmes are designed for girls: counselling, contraception, keeping pregnant
girls in school. All necessary. But the boys are almost absent from the picture.

Last school year we piloted a small programme in six secondary schools in our region. Young male
facilitators (trained youth workers, not teachers) ran eight weekly sessions with boys aged 13 to 16
on relationships, consent, contraception and fatherhood. Some early observations:

- Attendance was **much higher** when sessions were scheduled right after football practice.
- Boys asked more questions anonymously through a box than in the group.
- Two schools dropped out after parents complained about the word "condom" in the flyer.

Has anyone evaluated programmes with boys properly? We are planning a larger rollout and I would
like to measure something more meaningful than attendance.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Dwayne, the evidence base for gender-transformative programmes with boys is growing but still thin
on hard outcomes. Most evaluations measure attitudes (for example, gender-equitable norms scales),
which change faster than behaviour.

If you can, I would measure at least one behavioural outcome, such as self-reported condom use at
last sex among sexually active boys, and one service outcome, such as the number of boys visiting
the youth-friendly clinic. And please keep a comparison group, even if it is only schools on the
waiting list for the next phase.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
In Trinidad and Tobago the biggest hurdle for anything in schools is that many are run by
denominational boards. Any curriculum on sexuality goes through long negotiations.

What helped us with a similar pilot was presenting it as **"family life and fatherhood"** and
inviting a representative of each board to sit in on a session. Once they saw the content was about
respect and responsibility, objections dropped. The contraception session stayed, but we moved it
to the clinic visit instead of the classroom.
""",
            },
            {
                "author": "jpierre",
                "body": """\
In rural Haiti many boys of that age are no longer in school at all, so a school-based programme
reaches the ones who are already better off. We worked through **community football clubs** and a
local radio programme with a call-in segment. The coaches were trained to refer boys to the
dispensary, and we kept condoms in the club's equipment bag.

Not a rigorous evaluation, but the dispensary saw young men for the first time. Before, only girls came.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
One supply-side issue worth flagging: demand creation is wasted if the clinic runs out. In two
Caribbean countries I worked with, condom and implant stockouts at youth clinics happened mostly
in the months right after awareness campaigns, because nobody adjusted the forecast.

If you expand, tell the procurement unit in advance and ask for a buffer at the clinics linked to
the schools.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
All very helpful. Updated plan for the rollout:

1. Frame it as **family life and fatherhood** (thanks, Nadia) and invite the school boards in.
2. Add one community site per parish through football clubs, as Jean-Pierre did, to reach boys out of school.
3. Outcomes: a norms scale, condom use at last sex, and clinic visits by boys, with waiting-list
   schools as comparison (Sarah, I may ask you to review the protocol).
4. Warn procurement three months ahead. Emily, lesson taken.

I will post results here when we have a year of data.
""",
            },
        ],
    },
    {
        "community": "maternal-child-health",
        "author": "rcondori",
        "title": "Buscamos apoyo para capacitar promotores en signos de alarma del embarazo (Bolivia)",
        "kind": "request",
        "language": "es",
        "posts": [
            {
                "author": "rcondori",
                "body": """\
Nuestra red tiene 120 promotores de salud en comunidades aymaras del altiplano de La Paz. La mayoría
tiene formación básica en primeros auxilios y nutrición infantil, pero poca en salud materna.

**Lo que necesitamos:**

- Materiales sobre signos de alarma en el embarazo, parto y puerperio, en aymara o fáciles de adaptar.
- Una o dos personas con experiencia que puedan formar a nuestros facilitadores (formación de formadores).
- Ideas para evaluar si el promotor realmente reconoce los signos y refiere a tiempo.

Podemos ofrecer alojamiento y transporte local, y compartir después lo que produzcamos.
""",
            },
            {
                "author": "mquispe",
                "body": """\
René, en Puno trabajaron materiales en aymara para agentes comunitarios hace unos años: rotafolios
con dibujos de sangrado, hinchazón de cara y manos, fiebre y dolor de cabeza fuerte. Voy a
preguntar a la coordinadora regional si los pueden compartir. Son de uso público, así que no debería
haber problema.

También podría ir una semana a apoyar la formación si la red de Cusco me da permiso. La frontera está
cerca y sería una buena experiencia para nosotras también.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Esta es una solicitud ideal para un proyecto de cooperación entre países. Si quieren formalizarlo,
les sugiero estos pasos:

1. Que el servicio departamental de salud de La Paz respalde la solicitud por escrito.
2. Identificar la contraparte en Perú (la dirección regional de Puno o Cusco) y que acepte.
3. Redactar un perfil corto: objetivo, actividades, productos, presupuesto y cronograma.
4. Presentarlo a la oficina de cooperación del ministerio para que lo canalice.

Los montos suelen ser modestos, pero cubren pasajes y viáticos, que es lo que normalmente falta.
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
Un consejo práctico desde Guatemala: con comadronas y promotores, los **sociodramas** funcionan mejor
que cualquier presentación. Dramatizamos una mujer con sangrado y la familia que no quiere llevarla
al puesto, y el grupo decide qué hacer. Después discutimos.

También grabamos cuñas de radio en idioma local con los mismos mensajes. La gente recuerda más
lo que escuchó en la radio que lo que vio en el rotafolio.
""",
            },
            {
                "author": "rcondori",
                "body": """\
Muchas gracias. Marisol, si consigues los rotafolios de Puno nos ahorras meses de trabajo.
Andrea, hablaré con el servicio departamental esta semana para empezar con la carta.
Y Lucía, los sociodramas los vamos a incluir desde el primer taller; aquí la gente es muy buena para
actuar, sobre todo en las fiestas.

Les iré contando en este mismo hilo cómo avanza.
""",
            },
        ],
    },
    {
        "community": "maternal-child-health",
        "author": "ana_souza",
        "title": "Transporte fluvial de gestantes de risco: como vocês organizam a regulação?",
        "kind": "question",
        "language": "pt",
        "posts": [
            {
                "author": "ana_souza",
                "body": """\
Em vários municípios do interior do Amazonas, a única forma de levar uma gestante de alto risco até
a maternidade de referência é de barco. Temos algumas **ambulanchas**, mas a regulação é confusa:
quem autoriza a saída? Quem paga o combustível? O que fazer quando a lancha está em outra missão?

Já tivemos casos de gestantes com pré-eclâmpsia esperando mais de doze horas no porto.

Gostaria de saber como outros estados ou países com regiões ribeirinhas organizam isso. Existe uma
central de regulação específica para transporte fluvial?
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Ana, fizemos um estudo de acessibilidade geográfica com dados de navegação fluvial, e a conclusão
foi dura: em muitos municípios, o tempo até uma maternidade com UTI neonatal é maior que oito horas
mesmo com ambulancha disponível.

Isso muda a pergunta. Mais do que regular o transporte, é preciso **antecipar**: identificar no
pré-natal quem precisa ficar perto da referência antes do parto. Vocês têm casas de gestante nesses
municípios?
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Sobre a regulação em si: trabalhamos com um município do Pará num aplicativo de solicitação de
transporte que funciona offline e sincroniza quando o barco chega em área com sinal. A central vê
fila, prioridade e localização aproximada da embarcação.

O aplicativo foi a parte fácil. O difícil foi combinar com o município quem tem autoridade para
priorizar uma gestante em vez de um paciente de trauma quando só há uma lancha.
""",
            },
            {
                "author": "moderator",
                "body": """\
No Pacífico colombiano a situação é parecida. Algumas prefeituras de Chocó e Nariño criaram um fundo
de combustível exclusivo para emergências obstétricas, separado do orçamento geral de transporte.
Assim a lancha não fica parada por falta de gasolina no fim do mês.

Também ajudou ter um protocolo curto com **três níveis de prioridade** e a regra de que a decisão é
do médico ou enfermeiro do posto, sem precisar de ligação para a capital.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
Obrigada. Respondendo ao Pedro: temos casas de gestante em apenas 9 dos 61 municípios do interior,
e algumas estão subutilizadas. Acho que a combinação é essa mesma: mais casas bem localizadas e um
protocolo de transporte com prioridade clara.

O fundo de combustível separado é uma ideia excelente. Hoje o combustível sai do mesmo orçamento da
vigilância e da vacinação, e no fim do ano sempre falta.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Não trabalho em área ribeirinha, mas no sertão de Pernambuco a distância também mata. Lá a Casa da
Gestante, Bebê e Puérpera ligada à maternidade regional fez diferença quando a equipe da UBS passou
a encaminhar **na 36ª semana** as gestantes de risco que moravam longe.

O que travava era o pré-natal mal estratificado. Quando a enfermagem passou a usar uma ficha simples
de classificação de risco em todas as consultas, o encaminhamento ficou mais oportuno.
""",
            },
        ],
    },
    {
        "community": "maternal-child-health",
        "author": "sarah_chen",
        "title": "Maternal death surveillance and response: are our reviews leading to action?",
        "kind": "discussion",
        "language": "en",
        "posts": [
            {
                "author": "sarah_chen",
                "body": """\
Over the past two years I have been part of evaluations of maternal death surveillance and response
(MDSR) in three countries of the region. Every country reviews its deaths. Committees meet, case
summaries are written, and recommendations are issued. But when we looked at what happened after
the recommendations, the answer was usually: **very little**.

Common patterns we saw:

- The same recommendation repeated year after year ("strengthen training in obstetric emergencies").
- No named person responsible for each recommendation.
- No feedback to the facility where the death happened.

Is this familiar? Has anyone found a way to close the "R" in MDSR?
""",
            },
            {
                "author": "dwilliams",
                "body": """\
Very familiar. In Jamaica the reviews are of good quality, but for years they ended in a report
that went to a shelf. What changed things a little was making the regional health authority present
a **recommendation tracker** at every quarterly board meeting. Once the board started asking why item
7 was still "pending", things moved.

It is still slow, but being asked in public is a powerful motivator.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
In Central America the biggest obstacle is fear. Many health workers believe the review will be used
against them, and sometimes it is: there have been cases where review documents ended up in legal
proceedings. Where the **no-blame principle** is not protected in regulation, people hide information
and the review becomes a formality.

Two countries have now issued ministerial resolutions stating that review documents are confidential
and cannot be used for disciplinary purposes. It is early, but participation improved.
""",
            },
            {
                "author": "jpierre",
                "body": """\
In Haiti our first problem is before the review: we do not know about most deaths. Women who die at
home or on the way to the hospital are rarely notified. We started **community verbal autopsies** with
trained community health workers, and in one commune we found twice as many maternal deaths as the
health facilities had reported.

So my question is the opposite of Sarah's: how do you keep committees motivated when every new
review shows a bigger problem than you thought?
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
Small countries have a different problem: we have very few maternal deaths per year, so each review
is almost anecdotal and it is hard to see patterns. We added **severe maternal morbidity (near-miss)**
audits. There are many more cases, the women can be interviewed, and staff are less defensive because
nobody died.

The near-miss audits gave us our most useful finding so far: delays in getting blood from the
central blood bank at night.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Great points. For those asking what a tracker looks like, this is a simplified version of the format
we tested with one committee:

| # | Recommendation | Responsible | Deadline | Status |
|---|---|---|---|---|
| 1 | Blood available 24/7 at the district hospital | Hospital director | March | In progress |
| 2 | Magnesium sulfate in all delivery rooms | Regional pharmacist | January | Done |
| 3 | Referral protocol for pre-eclampsia | Head of obstetrics | June | Pending |

The key rule: every recommendation must fit in one line, have one named owner, and be reviewed at
the next meeting. If it is too vague to fit, it is too vague to implement.
""",
            },
            {
                "author": "moderator",
                "body": """\
I would push this further. "Strengthen training" appears so often because it is the recommendation
nobody can object to and nobody is accountable for. In the committees I have supported, we banned
recommendations without a verb that can be verified: *procure, install, publish, hire, change*.

It sounds bureaucratic, but it forces the discussion towards the system rather than towards the
individual nurse or doctor.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
Julián, we adopted something similar after a heated meeting. One more thing that helped: we started
publishing a one-page summary of closed recommendations in the regional bulletin, so staff could
see that reporting a death led to something concrete, such as a new blood fridge or a second
ambulance. Reporting of near-misses increased after the first two issues.

> Staff report what they believe will be used.

That was a midwife's comment in our last review, and I have been quoting it ever since.
""",
            },
        ],
    },
    # ------------------------------------------------------------------
    # immunization
    # ------------------------------------------------------------------
    {
        "community": "immunization",
        "author": "cmorales_uy",
        "title": "Vacunación contra VPH en escuelas en Uruguay: coberturas, consentimiento y varones",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "cmorales_uy",
                "body": """\
Comparto algunos datos de nuestra experiencia con la vacuna contra el VPH, porque en varios países
están discutiendo si llevarla a las escuelas.

Durante años vacunamos solo en vacunatorios, con coberturas que no pasaban del 60 % en segundas
dosis. Cuando empezamos la **vacunación en centros educativos**, con equipos que van a la escuela y
una nota informativa a las familias, los números cambiaron:

| Modalidad | Cobertura niñas | Cobertura varones |
|---|---|---|
| Solo vacunatorio (años previos) | 58 % | no aplicaba |
| Escuela + vacunatorio, primer año | 74 % | 49 % |
| Escuela + vacunatorio, tercer año | 81 % | 66 % |

Con la recomendación de la OMS de esquema de dosis única para este grupo de edad, simplificamos
mucho la logística. Ya no hay que volver a la misma escuela seis meses después.

Lo que sigue siendo difícil: los **varones** y las escuelas privadas, que a veces no nos abren la puerta.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
En Chile la vacuna VPH se aplica en los colegios desde hace bastantes años, a niñas y niños de
cuarto y quinto básico. Como es parte del programa nacional, no se pide consentimiento firmado;
la familia que no quiere vacunar tiene que firmar un rechazo.

Esa diferencia de diseño importa mucho: cuando el default es vacunar, la cobertura sube sola.
¿En Uruguay la nota a las familias es informativa o piden autorización?
""",
            },
            {
                "author": "moderator",
                "body": """\
Aporto una lección dura de Colombia. Hace unos años, después de un episodio en un municipio donde
decenas de niñas presentaron síntomas tras la vacunación escolar (luego se determinó que fue una
reacción psicógena masiva, no un efecto de la vacuna), la cobertura de VPH cayó de más del 80 % a
menos del 10 % en muy poco tiempo. Recuperarla tomó años.

Lo que faltó entonces fue un **plan de comunicación de crisis** preparado de antemano y voceros
creíbles en lo local. Carolina, ¿ustedes tienen algo así para la vacunación escolar?
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
Fernanda: la nota es informativa. La familia puede comunicar que no quiere, pero no se exige firma
para vacunar. Al principio hubo discusión con algunas direcciones escolares y con gremios docentes,
y se resolvió con reuniones presenciales y una hoja de preguntas frecuentes.

Julián: sí, y lo armamos justamente mirando lo que pasó en Colombia. Tenemos:

- Un protocolo de **ESAVI en entorno escolar**, con qué hacer si un estudiante se desmaya
  (sentarlos antes de vacunar, observación de 15 minutos, no vacunar en el patio a la vista de todos).
- Un referente médico por departamento que puede hablar con la prensa local en menos de 24 horas.
- Mensajes acordados con el sistema educativo para que los directores no improvisen.

El síncope posvacunal es frecuente en adolescentes. Si se maneja mal, se convierte en "la vacuna
que desmaya a las niñas".
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Sobre la dosis única: en la región muchos países ya cambiaron al esquema de una dosis después de la
recomendación del grupo asesor de la OMS, y varios aprovecharon el ahorro para **ampliar a varones**
o hacer una captura de cohortes mayores que no habían sido vacunadas.

El posicionamiento de la OMS está aquí:
https://www.who.int/publications/i/item/who-wer9750

Recomiendo documentar bien la decisión en el comité asesor nacional, porque todavía aparecen
preguntas de profesionales que aprendieron el esquema de dos o tres dosis.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Pregunta desde el lado regulatorio: en nuestro país la ficha técnica aprobada de las vacunas VPH
sigue indicando dos o tres dosis según la edad. Cuando el programa adopta dosis única, técnicamente
es un uso distinto al aprobado en la ficha.

¿Cómo lo manejaron en Uruguay? ¿Hubo resolución ministerial, o se pidió al titular del registro que
actualizara la ficha?
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
Gabriela, buena pregunta. Lo manejamos con una **resolución ministerial** basada en la recomendación
de la comisión asesora nacional de vacunas, que cita la evidencia y la posición de la OMS. Eso da
respaldo legal al personal que vacuna.

La actualización de la ficha técnica depende del fabricante y, que yo sepa, no la ha solicitado.
Es una situación común en salud pública: el programa va más rápido que las fichas.
""",
            },
            {
                "author": "mquispe",
                "body": """\
En Perú también vacunamos en colegios, y un problema que veo en la sierra es que las niñas que
**no van a la escuela** quedan fuera. Son justamente las de familias más pobres, que tendrán menos
acceso al tamizaje de cuello uterino en el futuro.

En nuestra red hacemos una barrida casa por casa en las comunidades después de la campaña escolar,
con la lista del padrón nominal. No es eficiente, pero es la única forma de llegar a ellas.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
Carolina, sobre los varones: ¿tienen idea de por qué la cobertura es menor? Aquí escucho en consulta
que algunos padres creen que la vacuna es "de mujeres" porque durante años la campaña solo mostraba
niñas. También hay algo de rechazo de los propios chicos de 12 o 13 años, que no quieren vacunarse
delante de sus compañeros.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
Fernanda, las dos cosas que mencionás aparecen en nuestras encuestas. Además, los varones faltan más
el día de la vacunación, sobre todo en liceos.

Lo que vamos a probar el próximo año:

1. Cambiar los materiales: mostrar a varones y hablar de **cánceres de orofaringe, ano y pene**, no
   solo de cuello uterino.
2. Vacunar en un espacio reservado dentro de la escuela, no en el aula.
3. Volver a la escuela una segunda vez solo para los ausentes, aprovechando que ya no hay segunda dosis.
4. La barrida comunitaria que propone Marisol, en los barrios donde la cobertura quedó más baja.

Gracias a todos por el intercambio. Cuando tengamos los datos del próximo año los subo aquí.
""",
            },
        ],
    },
    {
        "community": "immunization",
        "author": "ana_souza",
        "title": "Cadeia de frio na Amazônia: caixas térmicas, barcos e geladeiras solares",
        "kind": "discussion",
        "language": "pt",
        "posts": [
            {
                "author": "ana_souza",
                "body": """\
Abro este fio para trocarmos experiências práticas sobre cadeia de frio em áreas remotas.
No Amazonas, uma dose de vacina pode viajar de avião até a sede do município, depois de barco
por dois dias e por fim de voadeira ou a pé até a comunidade.

Os problemas que mais vemos:

- **Congelamento** de vacinas sensíveis (pentavalente, hepatite B, HPV) nas caixas térmicas,
  por bobinas de gelo usadas sem ambientação.
- Geladeiras domésticas ainda em uso em algumas salas de vacina do interior.
- Quedas de energia longas nas sedes municipais que dependem de termelétrica.

Nos últimos dois anos instalamos **geladeiras solares de acionamento direto** em 14 comunidades.
Depois conto os resultados. Quero ouvir primeiro: quem mais está lidando com isso?
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Ana, o congelamento é o problema mais subestimado da cadeia de frio. Os estudos de monitoramento
contínuo de temperatura em vários países mostram que a exposição a temperaturas abaixo de zero é
mais comum do que o calor, e ninguém percebe, porque o frasco congelado e descongelado parece normal.

Vocês usam registradores contínuos de temperatura de 30 dias nas caixas de transporte, ou só nos
equipamentos fixos?
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Pergunta de quem é de fora da área: as geladeiras solares de acionamento direto funcionam sem
bateria, certo? O que acontece em semanas de muita chuva e céu fechado, que na Amazônia não são raras?
""",
            },
            {
                "author": "ana_souza",
                "body": """\
Pedro: colocamos registradores de 30 dias em todos os equipamentos fixos e, desde o ano passado,
em metade das caixas de transporte das equipes volantes. Os primeiros dados confirmaram o que você
disse: **em 23 % das viagens** houve pelo menos um alarme de temperatura abaixo de 0 °C.

Thiago: isso mesmo, não têm bateria. Armazenam energia congelando um banco de gelo interno nas
horas de sol, e esse gelo mantém a temperatura durante a noite e os dias nublados. Os modelos
pré-qualificados pela OMS têm autonomia de alguns dias sem sol. Até agora, nas 14 comunidades, só
tivemos um alarme de calor, e foi por porta mal fechada.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Aqui em Recife não temos esses desafios de distância, mas tivemos um caso que pode servir: uma sala
de vacina perdeu um lote inteiro porque a geladeira doméstica foi desligada por engano numa reforma.
Depois disso colocamos um **aviso na tomada** e um alarme sonoro simples, desses de aquário.

Parece bobo, mas conto porque as perdas por erro humano são mais comuns do que por falha técnica.
""",
            },
            {
                "author": "moderator",
                "body": """\
Na Amazônia colombiana vivemos os mesmos problemas. Uma prática que ajudou foi treinar todo o
pessoal das brigadas no **teste de agitação** (shake test) para suspeita de congelamento de vacinas
adsorvidas, e no uso do monitor de frasco (VVM) para exposição ao calor.

São duas ferramentas diferentes: o VVM não detecta congelamento. Vi muita confusão sobre isso.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
Julián, exatamente. Aqui também tinha gente achando que o VVM "avisava tudo".

Sobre a ambientação das bobinas, fizemos um vídeo curto com a técnica de enfermagem mais antiga da
coordenação, que explica com as próprias palavras: deixar a bobina fora do freezer até o gelo
"suar" e fazer barulho de água quando sacudida. Foi o material mais visto que já produzimos,
mais do que qualquer manual.
""",
            },
            {
                "author": "admin",
                "body": """\
Escrevo em português com ajuda do tradutor, desculpem os erros. No Darién, no Panamá, temos
comunidades indígenas acessíveis só por rio, e estamos avaliando geladeiras solares também.

Uma pergunta prática para a Ana: como vocês organizaram a **manutenção** dos painéis e das
geladeiras? Nossa preocupação é instalar e, um ano depois, ter equipamentos parados por falta de
um técnico que saiba consertar.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Aproveitando a pergunta da Teresa: vocês conseguem ver os dados dos registradores remotamente?
Existem dispositivos com transmissão por rede celular ou satélite. Numa comunidade sem sinal, talvez
seja viável um modelo que grava localmente e transmite quando o agente de saúde leva o aparelho
até a sede.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Thiago, o monitoramento remoto é útil, mas cuidado para não gerar alarmes que ninguém pode atender.
Se a comunidade fica a dois dias de barco, saber em tempo real que a temperatura subiu não resolve
muito. O que resolve é ter alguém **na comunidade** treinado para agir: fechar a porta, mover as
vacinas para a caixa térmica, avisar.

O dado remoto serve mais para análise e para planejar manutenção do que para resposta imediata.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
Teresa, a manutenção é nosso ponto fraco. Fizemos assim:

1. O contrato de compra incluiu **dois anos de manutenção** e treinamento de técnicos locais.
2. Treinamos um técnico por município-polo, não por comunidade.
3. Cada comunidade tem um agente indígena de saúde que faz a limpeza dos painéis e lê o registrador.

Resumo do que temos hoje, comparando os equipamentos:

- **Geladeira doméstica**: poucas horas de autonomia sem energia e custo baixo; o problema é a
  oscilação de temperatura e o congelamento.
- **Câmara refrigerada com gerador**: autonomia que depende do diesel e custo alto; o problema é o
  combustível.
- **Geladeira solar de acionamento direto**: 3 a 5 dias sem sol e custo médio-alto; o problema é a
  manutenção dos painéis.

Pedro, concordo com você sobre os alarmes. No começo o telefone da coordenação tocava a noite inteira.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Contribuo pelo lado da cooperação, também em português simples. Vários países da América Central
compraram geladeiras solares por meio de mecanismos regionais de compra e com apoio de doadores.
Onde deu certo, a compra foi acompanhada de um **inventário nacional da cadeia de frio** atualizado,
para não colocar equipamento novo onde o problema era outro.

A OMS tem um catálogo de equipamentos pré-qualificados que ajuda a comparar modelos:
https://apps.who.int/immunization_standards/vaccine_quality/pqs_catalogue/
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Ana, o vídeo das bobinas pode ser compartilhado? Mesmo aqui na cidade, muitas técnicas novas nunca
aprenderam a ambientação direito, porque na sala de vacina com câmara refrigerada não precisam.
Mas na campanha extramuros, com caixa térmica na escola, o risco de congelar é o mesmo.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
Claro, Beatriz. Vou subir o vídeo no repositório da secretaria e colocar o link aqui.

Para fechar esta rodada, o que aprendi com vocês:

- O inimigo principal é o **frio**, não o calor. Registradores de 30 dias também nas caixas.
- VVM e teste de agitação são complementares, não substitutos.
- Manutenção se planeja **antes** da compra, com técnicos locais.
- Monitoramento remoto é para gestão e planejamento, não para resposta imediata.
- Avisos simples contra erro humano (tomada, alarme) valem ouro.

Obrigada, Teresa, e boa sorte com o Darién. Se quiser, podemos marcar uma chamada com nosso técnico.
""",
            },
        ],
    },
    {
        "community": "immunization",
        "author": "dwilliams",
        "title": "Measles catch-up after the pandemic backlog: how did you estimate the target cohort?",
        "kind": "question",
        "language": "en",
        "posts": [
            {
                "author": "dwilliams",
                "body": """\
Our coverage for the first and second doses of MMR dropped sharply between 2020 and 2022 and has
only partly recovered. We are planning a catch-up, but I am struggling with the target population.

- The electronic registry does not yet include all private-sector vaccinations.
- The last census is old and there has been significant migration, in and out.
- School records exist but are not linked to vaccination data.

How did you estimate the number of **susceptible children** to plan vaccine and staffing needs?
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
The standard approach is to accumulate susceptibles cohort by cohort since the last campaign that
reached high coverage. For each birth cohort you estimate:

> susceptibles = children in cohort × (1 − coverage × vaccine effectiveness)

using roughly 85–90 % effectiveness for a single dose given at 12 months and about 97 % after two.
A rough example for one cohort of 30,000 children, assuming 85 % effectiveness of one dose: with 95 %
MMR1 coverage you get **about 5,800** susceptibles; in a pandemic year with 78 % coverage, **about 10,100**.

Add the cohorts up and compare the total to the size of one birth cohort. When the accumulated
susceptibles approach one cohort, a follow-up campaign is overdue.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Andrea's method is the right starting point, but remember that administrative coverage can be
inflated or deflated by denominator problems, which sounds like your case. If you have time and
budget, a small **serosurvey** or a well-designed coverage survey in a few districts will tell you
how far off the administrative estimates are. Then you can apply a correction factor nationally.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
In Trinidad and Tobago we used school entry as a checkpoint. Every child entering primary school
must present the vaccination card, and the school health nurses compiled the numbers of children
with missing MMR2 by school. It is not a perfect denominator, but it gave us a **named list** to
start with and helped target the schools with the biggest gaps.

The private sector is also an issue here. We sent a letter to the private paediatricians' association
asking for monthly aggregate reports. About half complied.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
When you convert the target into orders, do not forget the **wastage factor**. For ten-dose vials
of MR or MMR used in outreach sessions with few children, wastage can easily reach 40 % or more.
Also plan auto-disable syringes, reconstitution syringes and safety boxes in the same proportions.

I have seen campaigns run out of reconstitution syringes with plenty of vaccine in the fridge.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
Thank you. I ran the cohort accumulation with our administrative data for the five cohorts born
since 2018 and got roughly 38,000 susceptible children, which is a bit more than one birth cohort.
So yes, overdue.

Following Nadia's idea, we will use the grade 1 and grade 6 enrolment lists as a cross-check, and
Emily, we have now added a 30 % wastage buffer for outreach and 10 % for fixed sites.
""",
            },
            {
                "author": "moderator",
                "body": """\
One suggestion: plan the **rapid coverage monitoring** now, not after the campaign. Decide which
neighbourhoods will be checked, by whom, and what threshold triggers a mop-up. In Colombia,
monitors who went house to house during the campaign (not after) allowed teams to return the same
week to the blocks with low coverage.

Also be clear in communication whether this is a catch-up (only children with missing doses) or an
indiscriminate follow-up campaign (every child in the age range regardless of history). It changes
the message to parents completely.
""",
            },
        ],
    },
    {
        "community": "immunization",
        "author": "rcondori",
        "title": "Rechazo a vacunas en comunidades rurales: ¿qué les ha funcionado para dialogar?",
        "kind": "question",
        "language": "es",
        "posts": [
            {
                "author": "rcondori",
                "body": """\
Desde la pandemia tenemos más familias que rechazan vacunas en algunas comunidades del altiplano.
No es solo la vacuna de la COVID: ahora también dudan de la pentavalente y del sarampión. Circulan
audios por celular que dicen que las vacunas "esterilizan" o que tienen chips.

Nuestros promotores no saben bien cómo responder. Si discuten, la familia se cierra más. Si no dicen
nada, parece que están de acuerdo.

¿Qué han hecho en sus países para dialogar con estas familias?
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
En algunas aldeas trabajamos con los pastores de las iglesias evangélicas, que tienen mucha
influencia. Primero los escuchamos, sin presentar nada. Luego un médico de la comunidad, que es
miembro de una de esas iglesias, habló en los cultos. Eso abrió más puertas que cualquier afiche.

También ayudaron las comadronas: si ellas recomiendan vacunar al recién nacido, la familia confía.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
En Uruguay la duda es más urbana y viene de redes sociales. Algo que nos sirvió fue armar una
**escucha social**: dos personas del programa revisan cada semana qué rumores circulan en grupos
públicos, y el equipo decide si responder y cómo.

Regla importante: no repetir el rumor en el titular. Si decís "Las vacunas NO tienen chips", el
cerebro se queda con "vacunas" y "chips". Mejor empezar por lo que sí es cierto y útil.
""",
            },
            {
                "author": "mquispe",
                "body": """\
Voy a decir algo que puede incomodar: en varias comunidades de Cusco, lo que la gente rechaza no es
la vacuna, es **el trato** en el puesto de salud. Madres a las que se les gritó porque llegaron tarde
o porque el niño estaba sucio. Luego llega el audio del chip y es la excusa perfecta.

Cuando cambiamos al técnico de un puesto y el nuevo hablaba quechua y visitaba las casas, la cobertura
subió en seis meses sin ninguna campaña de comunicación.
""",
            },
            {
                "author": "moderator",
                "body": """\
Marisol pone el dedo en la llaga. Antes de elegir la estrategia vale la pena **medir qué está
pasando**: ¿es desconfianza en la vacuna, en el servicio, problemas de acceso, costos indirectos?
La OMS tiene un marco y herramientas para medir los determinantes conductuales y sociales de la
vacunación, con cuestionarios adaptables:
https://www.who.int/publications/i/item/9789240049680

En Colombia, cuando se aplicó en municipios con baja cobertura, lo que más pesaba era el acceso
(horarios, distancia), no la desconfianza. Se habría gastado todo en comunicación sin resolver nada.
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
En Cuba la aceptación es muy alta, y creo que tiene mucho que ver con la cercanía: el consultorio del
médico y la enfermera de la familia está en el barrio, la enfermera conoce a cada niño por su nombre
y va a la casa si el niño no vino a su cita.

Sé que el modelo no se puede copiar tal cual, pero el principio sí: **la confianza es en una persona
concreta**, no en "el sistema". Si el promotor o la enfermera es alguien conocido y respetado, los
audios tienen mucho menos efecto.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Algunas técnicas concretas que hemos enseñado a promotores en Centroamérica, tomadas de la
entrevista motivacional:

- **Preguntar antes de informar**: "¿Qué ha escuchado sobre la vacuna?", "¿Qué le preocupa?"
- **Reconocer la preocupación** sin darle la razón al rumor: "Entiendo que quiera proteger a su hijo".
- **Pedir permiso** para compartir información: "¿Le puedo contar lo que sabemos?"
- **No cerrar la puerta**: si hoy dice que no, acordar una nueva visita.

Con estas cuatro cosas, los promotores dejaron de sentir que tenían que "ganar" la discusión.
""",
            },
            {
                "author": "rcondori",
                "body": """\
Gracias, me llevo mucho de este hilo. Vamos a hacer tres cosas:

1. Antes de hacer cualquier taller, preguntar en las asambleas **por qué** no vacunan, siguiendo lo
   que dice Julián. Quizás nos llevemos sorpresas como las de Marisol.
2. Practicar en la reunión mensual las cuatro técnicas de Andrea con sociodramas.
3. Invitar a los pastores y a las parteras a una reunión, como hizo Lucía.

Y sobre lo del trato en el puesto: lo voy a llevar al comité de salud. Es un tema delicado, pero
es verdad.
""",
            },
        ],
    },
    {
        "community": "immunization",
        "author": "admin",
        "title": "Vaccination Week in the Americas: share your country's activities in this thread",
        "kind": "announcement",
        "language": "en",
        "posts": [
            {
                "author": "admin",
                "body": """\
Vaccination Week in the Americas is coming up at the end of April, and we would love this thread to
become a snapshot of what is happening across the region.

Please post a short reply with:

- **Country and area** where the activities take place
- **Target groups** (for example, children with missing doses, older adults, migrants, indigenous communities)
- **One thing you are trying for the first time** this year
- A photo or material you are happy to share, if any

Official campaign materials are available here:
https://www.paho.org/en/campaigns/vaccination-week-americas

Posts in Spanish, Portuguese and French are welcome too, though we keep this thread in English so
the whole community can follow.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
**Jamaica, South East region.** We will focus on children with missing MMR2 doses (linked to the
catch-up discussion in the other thread) and on HPV for girls and boys in grade 7.

First time this year: vaccination at two large **church conventions** on the weekend, with the
agreement of the church leadership. We will see if it works.
""",
            },
            {
                "author": "jpierre",
                "body": """\
**Haiti, Central Plateau.** Road insecurity has made vaccine deliveries irregular, so we will run
fixed-post sessions in all dispensaries on the same days and use motorbike outreach only where
roads are safe. Priority is children under two with zero doses.

First time: we trained **market women's associations** to announce the sessions at the weekly
markets. They reach more families than any radio.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
**Trinidad and Tobago.** Mobile clinics at shopping malls and at the main bus terminal, with
influenza and pneumococcal vaccines for older adults and catch-up doses for children.

New this year: a dedicated session with interpreters for **Spanish-speaking migrant families**, who
often do not know they are entitled to free vaccination.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
**Central America, border areas.** Several countries will hold coordinated binational vaccination
days at border crossings, where teams from both sides vaccinate regardless of nationality and
record doses on a shared card.

New this year: the doses given on each side will be reported in a common spreadsheet so both
ministries can see the full picture of mobile populations.
""",
            },
            {
                "author": "admin",
                "body": """\
Thank you all, keep them coming until the end of the week. After Vaccination Week we will compile
the replies into a short summary and share it in this community, with credit to each contributor.

A reminder that offers and requests for technical cooperation on immunization can go in their own
threads, using the **offer** or **request** type when you create the thread.
""",
            },
        ],
    },
    {
        "community": "immunization",
        "author": "beatriz_nunes",
        "title": "Registro nominal de vacinação: como vocês lidam com cadastros duplicados?",
        "kind": "question",
        "language": "pt",
        "posts": [
            {
                "author": "beatriz_nunes",
                "body": """\
Na nossa UBS estamos com um problema sério no registro nominal de vacinação: muitas crianças aparecem
duas ou três vezes no sistema. Uma vez com o CPF, outra com o número do Cartão Nacional de Saúde,
outra com o nome escrito de forma diferente ("Ketlyn", "Kétlin", "Keitlin").

Resultado: algumas crianças aparecem como atrasadas quando estão em dia, e na busca ativa batemos na
porta de famílias que já vacinaram. As mães ficam irritadas e com razão.

Alguém conseguiu uma rotina para limpar duplicidades sem depender da equipe de TI da secretaria?
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Beatriz, isso é um problema clássico de linkage de registros. A solução técnica costuma ser um
pareamento probabilístico: comparar nome (com normalização fonética), data de nascimento, nome da mãe
e município, e dar uma pontuação de semelhança para cada par.

Para uma UBS, sem TI, dá para fazer algo mais simples: exportar a lista, ordenar por **data de
nascimento + nome da mãe** e revisar manualmente os grupos com mais de um registro. Com poucas
centenas de crianças, é trabalho de uma tarde.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Além do incômodo na busca ativa, a duplicidade distorce a cobertura. Se a criança está duas vezes no
numerador, a cobertura sobe; se está duas vezes na lista de pendentes, cai. Nas análises que fizemos
com dados municipais, coberturas acima de 100 % numa área e abaixo de 60 % na vizinha muitas vezes
eram só isso: crianças registradas no lugar errado ou em dobro.

Vale comparar também com o número de nascidos vivos do sistema de informações sobre nascidos vivos,
que é um denominador mais estável.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
No Amazonas temos um problema adicional: crianças indígenas e ribeirinhas sem nenhum documento.
A equipe registra com um número provisório e, quando a família tira a certidão, nasce um segundo
cadastro. Combinamos com os distritos sanitários indígenas que o número provisório fica anotado na
caderneta, e quem cadastrar o documento novo deve **unificar** o registro na hora.

Não resolve tudo, mas reduziu bastante.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Fiz o que o Thiago sugeriu: exportamos a lista das crianças menores de dois anos da área, ordenamos
por data de nascimento e nome da mãe, e duas técnicas revisaram numa tarde. Resultado: **47
duplicidades** em 612 crianças. Quase 8 %.

Mandamos a lista para a coordenação municipal pedindo a unificação. E, seguindo a dica da Ana,
agora anotamos o número do cadastro na caderneta da criança, para ninguém criar outro.
""",
            },
        ],
    },
    {
        "community": "immunization",
        "author": "sarah_chen",
        "title": "Offer: support for vaccination coverage surveys in two countries this year",
        "kind": "offer",
        "language": "en",
        "posts": [
            {
                "author": "sarah_chen",
                "body": """\
Our centre has a small grant that covers technical support for **vaccination coverage surveys** in
up to two countries of the region this year. The surveys would follow the WHO reference manual for
cluster surveys.

**What we can offer:**

- Support with sample design, questionnaires and tablet-based data collection
- Training of supervisors and field teams (English or Spanish; French with a partner)
- Analysis, including estimates by subgroup and card/recall validity
- Co-authorship of any publication, with local teams as lead authors

**What we would need from you:** a counterpart in the ministry or national institute, field staff
and local logistics. Interested teams can reply here or send me a private message.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
Sarah, this is very timely for us, given the discussion about our catch-up denominators. A survey
in two or three parishes would help us check whether administrative coverage is over- or
underestimated. Does the grant cover field staff salaries, or only technical support?
""",
            },
            {
                "author": "jpierre",
                "body": """\
We would be very interested too. A coverage survey in our department would be the first in many
years. But I must be honest about security: some communes cannot be visited safely, and a random
cluster sample could select places where teams cannot go.

Is there a methodology that allows replacing clusters without ruining the estimates?
""",
            },
            {
                "author": "admin",
                "body": """\
A quick note for everyone: when you reach an agreement through an offer thread, please post a short
update here so others can see how cooperation moves from the forum into practice. The secretariat
can also help you prepare a simple letter of intent between institutions if that is useful.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Dwayne: technical support, travel and tablets are covered; field staff salaries are not, but we can
help you budget them. Jean-Pierre: yes, clusters can be replaced using a pre-defined rule, and the
inaccessible area should be **documented and excluded** from the target population explicitly,
rather than quietly replaced. The estimate then refers to the accessible population, which must be
clearly stated in the report.

I will contact you both next week to set up calls with your ministries.
""",
            },
        ],
    },
    {
        "community": "immunization",
        "author": "aortiz_cr",
        "title": "Indicadores de vigilancia de sarampión, rubéola y PFA: ¿cómo sostenerlos con pocos casos?",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "aortiz_cr",
                "body": """\
En las últimas reuniones subregionales vimos que varios países no alcanzan los indicadores mínimos
de vigilancia. El riesgo es claro: si no buscamos casos, no los encontramos, y un brote importado
puede crecer semanas antes de ser detectado.

Recordemos las metas principales:

- Tasa de notificación de casos sospechosos de sarampión/rubéola: **al menos 2 por 100.000**
  habitantes al año.
- Tasa de notificación de parálisis flácida aguda (PFA) en menores de 15 años: **al menos 1 por 100.000**.
- Casos sospechosos con investigación adecuada en 48 horas: **80 % o más**.
- Casos de PFA con muestra de heces adecuada: **80 % o más**.

¿Qué están haciendo para que los clínicos notifiquen cuando llevan años sin ver un caso?
""",
            },
            {
                "author": "moderator",
                "body": """\
En Colombia una herramienta útil es la **búsqueda activa institucional**: se revisan periódicamente
los registros de consulta con diagnósticos compatibles (exantemas, fiebre con erupción, síndrome de
Guillain-Barré, mielitis) y se verifica si fueron notificados. Siempre aparecen casos que nadie
reportó.

Además, cuando se hace la búsqueda y se vuelve al servicio con los hallazgos, los médicos empiezan
a notificar más. Funciona como recordatorio.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
En un país chico como Uruguay, dos casos más o menos cambian la tasa mucho. Lo que nos sostiene es
la **notificación negativa semanal**: cada unidad centinela informa aunque no haya casos. Si una unidad
no informa dos semanas seguidas, se la llama.

Igual cuesta. Los pediatras jóvenes nunca vieron un sarampión y piensan en él solo si hay antecedente
de viaje.
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
En Cuba la vigilancia se apoya mucho en el consultorio: cualquier fiebre con exantema se reporta al
área de salud y se investiga en terreno. Los estudiantes de enfermería participan en las pesquisas
activas como parte de su formación, lo que les enseña a reconocer estos cuadros desde temprano.

Quizás incluir la vigilancia de enfermedades eliminadas en la formación práctica sea una inversión
útil en otros países también.
""",
            },
            {
                "author": "mquispe",
                "body": """\
Nuestro problema en la sierra no es tanto la notificación como la **muestra**. Si un caso sospechoso
aparece en un puesto a seis horas de la red, la muestra de suero tiene que viajar en condiciones
adecuadas hasta el laboratorio regional. A veces llega tarde o mal conservada y el caso queda sin
clasificar.

Ahora enviamos la muestra con el mismo transporte de las vacunas, que ya tiene cadena de frío y
horario fijo. Fue una idea de un técnico de la red, no de ningún manual.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Muy buenos aportes. Los resumo para la próxima reunión subregional:

- **Búsqueda activa institucional** periódica, con devolución de resultados a los servicios.
- **Notificación negativa semanal** con seguimiento de las unidades silenciosas.
- Formación práctica de estudiantes en vigilancia de enfermedades eliminadas.
- **Aprovechar el transporte de vacunas** para las muestras de laboratorio.

Marisol, ¿podrías escribir media página sobre lo del transporte de muestras? Es el tipo de solución
sencilla que otros países pueden adoptar mañana.
""",
            },
        ],
    },
    # ------------------------------------------------------------------
    # health-systems-primary-care
    # ------------------------------------------------------------------
    {
        "community": "health-systems-primary-care",
        "author": "fcastillo",
        "title": "Población inscrita y sectorización en APS: la experiencia de un CESFAM",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "fcastillo",
                "body": """\
En Chile la atención primaria municipal se financia en buena parte por **per cápita**: el centro
recibe un monto por cada persona inscrita, ajustado por algunos factores. Eso obliga a saber quién
es "nuestra" población, y eso cambió la forma de trabajar.

En nuestro CESFAM tenemos unas 31.000 personas inscritas, divididas en cuatro sectores por
territorio. Cada sector tiene su equipo de cabecera: médicos, enfermera, matrona, nutricionista,
técnicos, asistente social y administrativo. En teoría la persona siempre se atiende con su equipo.

En la práctica:

- La **rotación de médicos** rompe la continuidad; algunos sectores tuvieron tres médicos en un año.
- La demanda de morbilidad aguda se come las horas de control y de visita domiciliaria.
- El sector con más adultos mayores tiene el mismo equipo que el sector con población joven.

¿Cómo organizan la adscripción de población en sus países? ¿Cuántas personas por equipo?
""",
            },
            {
                "author": "moderator",
                "body": """\
En Colombia la adscripción depende más del asegurador que del territorio: la persona está afiliada
a una entidad que contrata una red de prestadores, y esa red no siempre coincide con el barrio.
Hay intentos de volver a un enfoque territorial con equipos básicos de salud que salen a los hogares,
pero conviven con el modelo de aseguramiento y no es fácil.

Fernanda, ¿miden la continuidad de alguna forma? Me interesa porque es el atributo de la APS que
más se pierde cuando hay rotación.
""",
            },
            {
                "author": "mquispe",
                "body": """\
En Perú los establecimientos del primer nivel tienen un ámbito de responsabilidad territorial, y
para niños usamos el **padrón nominal**, que es una lista con nombre de todos los menores de seis
años del distrito construida con el municipio. Nos sirve mucho para vacunas y controles de
crecimiento, pero para adultos no hay nada parecido.

Lo de la demanda aguda que se come las horas programadas nos pasa igual. Los lunes la sala de espera
se llena y la visita domiciliaria es lo primero que se suspende.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
Julián, sí. Medimos un indicador sencillo: el **porcentaje de consultas de morbilidad en que la
persona fue atendida por un médico de su propio sector**. Cuando la dotación está completa anda por
el 70 %; en los meses con vacantes baja al 40 %.

Los sectores tienen entre 6.000 y 9.000 personas. Es mucho para un solo equipo, y por eso se arma
la discusión sobre si dividir en más sectores con menos gente o reforzar los que existen.
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
En Cuba el consultorio del médico y la enfermera de la familia atiende alrededor de mil a mil
quinientas personas, y varios consultorios se agrupan en un policlínico que tiene especialistas y
servicios de apoyo.

Algo que quizás les interese es la **dispensarización**: cada persona se clasifica en un grupo según
su estado de salud (aparentemente sana, con riesgos, enferma, con discapacidad), y la frecuencia
mínima de contacto depende del grupo. Así el equipo decide dónde poner su tiempo en vez de
reaccionar solo a la demanda.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Costa Rica es otro ejemplo útil. Cada **EBAIS** (equipo básico de atención integral en salud) tiene
a cargo una población de algunos miles de personas en un territorio definido, con médico,
auxiliar de enfermería, asistente técnico de atención primaria (ATAP) y apoyo administrativo.

El ATAP es clave: hace visitas domiciliarias programadas, actualiza la ficha familiar, vacuna y
detecta riesgos. Como su trabajo es exclusivamente extramuros, la visita no se suspende cuando
se llena la sala de espera. Esa separación de funciones protege la parte preventiva del trabajo.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
Muy interesante la comparación. Me quedo con dos ideas para llevar al consejo técnico:

1. Algo parecido a la **dispensarización** cubana para priorizar controles según riesgo, usando
   datos que ya tenemos del programa cardiovascular y de adulto mayor.
2. Una figura **dedicada solo al trabajo en terreno**, como el ATAP, para que la visita domiciliaria
   no dependa de que sobren horas.

Lo segundo choca con la dotación actual, pero quizás podamos reorganizar funciones de los técnicos.
Gracias a todos.
""",
            },
        ],
    },
    {
        "community": "health-systems-primary-care",
        "author": "pedro_mendes",
        "title": "Agentes comunitários e Saúde da Família: o que outros países podem aproveitar (e evitar)",
        "kind": "discussion",
        "language": "pt",
        "posts": [
            {
                "author": "pedro_mendes",
                "body": """\
Recebemos com frequência delegações de outros países interessadas na Estratégia Saúde da Família,
e quase sempre a pergunta é sobre os **agentes comunitários de saúde (ACS)**. Quero abrir uma conversa
honesta sobre o que vale a pena aproveitar e o que não deveria ser copiado.

O que a evidência brasileira sugere com razoável consistência:

- A expansão da ESF está associada à redução da mortalidade infantil e das internações por
  condições sensíveis à atenção primária.
- O efeito é maior nos municípios mais pobres.
- O ACS é o elo que garante o cadastro das famílias e a visita domiciliar.

O que me preocupa: ACS cada vez mais ocupados com tarefas administrativas e metas de cadastro,
e menos com a visita e a educação em saúde.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Pedro, confirmo do chão da UBS. Nossas ACS passam boa parte do dia digitando no tablet e respondendo
planilha. Uma delas me disse que antes fazia oito visitas por manhã e agora faz quatro, porque cada
visita tem um formulário enorme.

E tem outra coisa: a microárea de cada ACS cresceu. Quando a norma permitia no máximo 750 pessoas por
agente, era possível conhecer todo mundo. Com áreas maiores, a visita virou cadastro.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
No interior do Amazonas o ACS é muitas vezes a **única presença do SUS** na comunidade durante
semanas. Ele mede pressão, acompanha gestante, avisa quando a vacina chega, orienta sobre malária.
Nos municípios ribeirinhos, a ESF fluvial depende dele para saber quem precisa de atendimento
quando o barco chega.

Então, para outros países, eu diria: o ACS precisa morar na comunidade e ser escolhido por ela.
Esse é o coração do modelo.
""",
            },
            {
                "author": "moderator",
                "body": """\
Escrevo em português com algum esforço. Vários países da América Latina tentaram importar a figura
do agente comunitário sem o resto: sem equipe de referência, sem território definido, sem vínculo
empregatício. Em geral, o resultado foi um voluntariado que desaparece quando acaba o projeto.

Pedro, na sua opinião, qual é o "pacote mínimo" sem o qual não vale a pena começar?
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Julián, boa pergunta. Na minha opinião, o pacote mínimo tem quatro elementos:

1. **Território e cadastro**: cada equipe responsável por uma população definida, com cadastro
   familiar atualizado.
2. **Equipe de referência**: o ACS precisa de enfermeira e médico que recebam o que ele identifica.
3. **Vínculo formal e salário**: no Brasil, a profissão do ACS foi regulamentada e isso reduziu a
   rotatividade.
4. **Supervisão regular** pela enfermagem, com tempo protegido para isso.

Sem o segundo item, o ACS vira um mensageiro de problemas que ninguém resolve.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Sobre os tablets, preciso defender um pouco a tecnologia, mesmo concordando com a Beatriz. O problema
não é o tablet, é o **desenho dos formulários**. Fizemos um estudo de tempo com uma prefeitura e vimos
que 60 % dos campos preenchidos em cada visita não eram usados por ninguém depois.

Quando simplificamos o formulário para o que a equipe realmente usa, o tempo de registro caiu pela
metade. Às vezes a solução é apagar campos, não contratar mais digitadores.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
Escrevo de Rivera, na fronteira com o Brasil, onde muitas famílias usam serviços dos dois lados.
Para nós, o ACS brasileiro do outro lado da rua é muitas vezes quem sabe se uma criança uruguaia
está com a vacina atrasada. Há anos tentamos formalizar essa troca de informação entre as equipes
de fronteira.

Acho que um ponto que pouca gente cita é esse: o ACS conhece a **mobilidade** das famílias, coisa
que nenhum sistema de informação captura bem.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Thiago, concordo que o problema é o desenho. Mas quem desenha o formulário quase nunca fez uma
visita domiciliar na vida. Quando chamaram as ACS da nossa área para testar o aplicativo novo, metade
das sugestões foram aceitas e o aplicativo ficou muito melhor.

Então, para a lista do Pedro, eu acrescentaria um quinto ponto: **escutar o ACS** no desenho das
ferramentas e das metas.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Aceito o quinto ponto, Beatriz, e o da Carolina sobre mobilidade também é importante para as áreas
de fronteira.

Para quem vier ao fio depois, um resumo: a experiência brasileira com ACS é uma das mais estudadas
do mundo, e os resultados positivos dependem do **conjunto** (território, equipe, vínculo, supervisão,
participação). Copiar só o agente comunitário, sem o resto, é o caminho mais curto para a frustração.
""",
            },
        ],
    },
    {
        "community": "health-systems-primary-care",
        "author": "emily_rhodes",
        "title": "How do you measure primary care responsiveness beyond waiting times?",
        "kind": "question",
        "language": "en",
        "posts": [
            {
                "author": "emily_rhodes",
                "body": """\
I am helping a ministry in the region design a small performance dashboard for primary care. My
background is supply chains, so I am comfortable with stock indicators, but the ministry also wants
to measure whether services **respond to what people need**.

The current proposal has waiting time to appointment and a satisfaction question from a yearly
survey. It feels thin. What have you used that was both meaningful and feasible to collect routinely?
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
A few established options:

- The **Primary Care Assessment Tool (PCAT)** measures the core attributes of primary care:
  first contact, continuity, comprehensiveness and coordination. There are validated Spanish and
  Portuguese versions. It is a survey, though, so not routine.
- The **Vital Signs Profile** framework from the Primary Health Care Performance Initiative
  combines financing, capacity, performance and equity indicators. Good for structure:
  https://www.improvingphc.org
- For routine data, **continuity** can be measured from records, for example the share of visits
  with the patient's usual provider.

Satisfaction questions tend to produce 90 % "satisfied" everywhere, which tells you little.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
We use **exit interviews** twice a year in a sample of health centres: five questions, ten minutes,
done by community health aides from a different centre so patients feel free to answer. We ask
about specific experiences instead of satisfaction: "Were you told what the medicine was for?",
"Did anyone ask you about other health problems?"

Specific questions give more variation and more actionable answers than "Were you satisfied?"
""",
            },
            {
                "author": "fcastillo",
                "body": """\
In Chile every health facility has an office for information, complaints and suggestions, and the
volume and type of complaints is reviewed monthly. It is a biased source (people who complain are
not a random sample), but the **trends** are useful: when complaints about phone appointments jumped
in our centre, it was the first sign that the new call system was failing.

I would include complaint rates by category as a cheap routine indicator.
""",
            },
            {
                "author": "moderator",
                "body": """\
One caution from experience: once an indicator goes on a dashboard linked to management, people
optimise it. If waiting time to appointment is the key indicator, some centres stop giving
appointments far ahead so that the waiting time looks short.

Try to pair each indicator with a **balancing measure**, for example waiting time together with the
proportion of people turned away without any appointment.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
This is exactly what I needed. Draft set I will propose:

1. **Continuity**: share of visits with usual team (routine records)
2. **Experience**: five specific exit-interview questions, twice a year (Dwayne's model)
3. **Complaints** per 1,000 visits by category (Fernanda)
4. **Waiting time** paired with the **turned-away rate** as a balancing measure (Julián)
5. A PCAT survey every three years for depth (Sarah)

Supply people like me would call that a balanced scorecard. Thanks, all.
""",
            },
        ],
    },
    {
        "community": "health-systems-primary-care",
        "author": "lucia_tzul",
        "title": "Promotores comunitarios en Guatemala: pagos, supervisión y deserción",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "lucia_tzul",
                "body": """\
Cuando terminó el programa de extensión de cobertura hace más de diez años, muchas comunidades
rurales se quedaron sin el facilitador comunitario que visitaba las casas. Desde entonces nuestra
asociación sostiene una red de 85 promotores en la región ixil con fondos de proyectos.

Les pagamos un estipendio pequeño, pero cada año perdemos cerca del **30 %** de los promotores.
Se van a trabajar a la cosecha, migran a la ciudad o a Estados Unidos, o simplemente se cansan.

Me gustaría saber cómo manejan en otros países la relación entre pago, supervisión y permanencia.
¿Es mejor pagar más a menos personas, o mantener una red grande con incentivos pequeños?
""",
            },
            {
                "author": "rcondori",
                "body": """\
En nuestra red la mayoría somos voluntarios. Recibimos capacitación, un botiquín y a veces un
reconocimiento del municipio. Perdemos menos gente que ustedes, pero creo que es porque muchos
promotores son también autoridades comunales y sienten que es su deber.

El problema es otro: como no hay pago, no se les puede exigir mucho. Si un promotor no viene a la
reunión mensual durante tres meses, nadie puede hacer nada.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
La guía de la OMS sobre agentes comunitarios de salud recomienda remunerarlos de manera acorde a sus
tareas, horas y formación, y firmar un acuerdo escrito sobre funciones y condiciones. También
recomienda no depender solo de incentivos ligados a metas:
https://www.who.int/publications/i/item/9789241550369

En Centroamérica, las redes con **contrato formal** (aunque sea con un municipio) tienen mucha menos
deserción que las que dependen de estipendios de proyecto. La estabilidad del pago parece importar
más que el monto.
""",
            },
            {
                "author": "jpierre",
                "body": """\
En Haití tenemos agentes de salud comunitarios polivalentes que cubren varios programas a la vez.
En teoría son parte del sistema público, pero muchos son pagados por proyectos de ONG. Cuando el
proyecto termina, el agente deja de cobrar y, después de unos meses, deja de trabajar.

En nuestro departamento, los que siguieron activos fueron los que la comunidad apoyaba con algo:
una parcela, una pequeña contribución en las reuniones, o prioridad en otros programas.
""",
            },
            {
                "author": "mquispe",
                "body": """\
En Perú los agentes comunitarios de salud son voluntarios y los incentivos son más simbólicos:
certificados, canastas en fechas festivas, participación en las celebraciones del establecimiento.
Funciona a medias. Los mejores agentes que conozco son mujeres que ya eran líderes del vaso de leche
o del comedor, y que ven el trabajo de salud como parte de ese liderazgo.
""",
            },
            {
                "author": "moderator",
                "body": """\
Aporto desde la evidencia sobre **supervisión**. Los estudios muestran que la supervisión de apoyo
(acompañar, resolver problemas, llevar insumos) mejora el desempeño mucho más que la supervisión
de control (revisar formularios y regañar). Y que la frecuencia importa: sin contacto al menos
mensual, el desempeño cae.

Lucía, ¿cuántos promotores tiene cada supervisor en su red? En muchos programas el número es tan
alto que la supervisión existe solo en el papel.
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
Julián, teníamos dos supervisoras para 85 promotores, o sea más de 40 cada una, repartidos en aldeas
a horas de camino. Imposible.

El año pasado hicimos tres cambios y los primeros resultados son buenos:

- Elegimos **promotores líderes**, uno por cada ocho o diez, que reciben un estipendio un poco mayor y
  visitan a sus compañeros una vez al mes.
- Hacemos una reunión mensual por microrregión con almuerzo incluido, donde se repone el botiquín.
- Firmamos un acuerdo escrito con cada promotor, como sugiere la guía que compartió Andrea.

La deserción bajó del 30 % al 18 % en un año. Todavía es alta, pero vamos mejor.
""",
            },
            {
                "author": "rcondori",
                "body": """\
Me alegra lo de Lucía. Pero quiero dejar una preocupación: si convertimos a todos los promotores en
empleados del ministerio, con contrato y metas, **dejan de responder a la comunidad** y empiezan a
responder al jefe del centro de salud. Ya lo vi con algunos compañeros que pasaron a ser auxiliares.

El promotor es valioso porque la comunidad lo eligió y lo controla. Hay que pagarles, sí, pero sin
quitarles esa raíz. Quizás el contrato debería ser con la organización comunal y no con el Estado.
""",
            },
        ],
    },
    {
        "community": "health-systems-primary-care",
        "author": "moderator",
        "title": "Welcome to Health Systems and Primary Health Care: how this community works",
        "kind": "announcement",
        "language": "en",
        "posts": [
            {
                "author": "moderator",
                "body": """\
Welcome! This community is for practitioners, managers, researchers and community organizations
working to strengthen health systems based on primary health care. A few simple guidelines:

1. **Be concrete.** Describe your setting (country, level of care, population) so others can judge
   whether your experience applies to them.
2. **Cite your sources** when you share data, and say when a number is an estimate.
3. **No patient-identifiable information**, ever. Not even initials with ages and villages.
4. **Use the thread type**: *question* when you need answers, *offer* or *request* for technical
   cooperation, *discussion* for open exchanges.
5. Write in English, Spanish or Portuguese, and keep each thread in one language. Replies in other
   languages can go in a separate thread that links back.

Disagreement is welcome and useful. Disrespect is not. If you see a problem, use the report button
and one of us will look at it.
""",
            },
            {
                "author": "admin",
                "body": """\
Thanks, Julián. Two practical notes from the secretariat:

- You can follow a community to receive a weekly digest of new threads by email.
- If you need a thread translated for colleagues at home, write to the secretariat. We cannot
  translate everything, but we prioritize cooperation offers and requests.

Looking forward to your contributions.
""",
            },
        ],
    },
    {
        "community": "health-systems-primary-care",
        "author": "jpierre",
        "title": "Request: help designing referral and counter-referral for a departmental health network in Haiti",
        "kind": "request",
        "language": "en",
        "posts": [
            {
                "author": "jpierre",
                "body": """\
Our department has one departmental hospital, three community referral hospitals (ours is one of
them) and about forty dispensaries and health centres. There is no functional referral system:
patients arrive at the hospital with no paper, or with a note on a cigarette packet, and nobody in
the dispensary knows what happened to them afterwards.

**We are looking for:**

- Examples of simple referral and counter-referral forms that worked in low-resource settings
- Advice on how to define which conditions should be referred, and to where
- Someone who could spend one or two weeks with our team to design the flows (remote support is
  also welcome)

The departmental health direction supports this request.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Jean-Pierre, this fits well within the framework of **integrated health service delivery networks**
that several countries in the region have used. The core idea is that referral is not a form but a
set of agreements: who sees what, how information travels, and who is responsible for the patient
at each moment.

I can connect you with the team in one Central American country that redesigned referral for a
health region of similar size last year. They produced a short manual and an agreement template
between hospitals and health centres.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
A warning from Jamaica: we have had a referral slip for decades, and the **counter-referral** rate is
still embarrassingly low. When we measured it in one parish, fewer than one in five referred
patients came back with any written information from the hospital.

What helped a bit: a tear-off section on the same slip, pre-addressed to the health centre, that the
hospital doctor fills with three lines. Short enough to be done during a busy clinic.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
In Chile we use electronic referral requests between primary care and specialists, and they are
useful mostly because they make **waiting lists visible**. But I would not start with an electronic
system in your context. Start with paper and clear criteria; digitise later when the flows are stable.

I can share our referral criteria for a few common conditions (hypertension, diabetes, high-risk
pregnancy) as an example. They would need adaptation, of course.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
Something small that makes a big difference: a **"call before you send"** phone line for urgent
referrals. In Trinidad the district health facilities call the receiving hospital before
transferring an emergency, and the hospital team is ready when the patient arrives. A simple shared
mobile phone that rotates with the doctor on duty is enough.

It also reduces inappropriate referrals, because the hospital doctor can sometimes advise
management on site.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Before designing anything, I would suggest a quick **baseline**: for one month, count referrals
arriving at your hospital, where they came from, for what reason, whether they had any written
information, and whether they were appropriate. It will show you which three or four conditions
make up most of the flow, and you can start the system with those.

It will also give you something to compare with later. Happy to share a simple data collection sheet.
""",
            },
            {
                "author": "jpierre",
                "body": """\
Thank you all. Next steps:

1. One-month baseline of referrals arriving at our hospital, using Sarah's sheet.
2. A paper slip with a tear-off counter-referral section (Dwayne), starting with obstetric
   emergencies, hypertension and diabetes, using Fernanda's criteria as a base.
3. A duty phone for urgent referrals (Nadia). We already have a phone; we only need the rule.
4. Andrea, yes please, I would like to talk with the Central American team.

I will post the baseline results here.
""",
            },
        ],
    },
    {
        "community": "health-systems-primary-care",
        "author": "thiago_lima",
        "title": "Financiamento por capitação ponderada na APS: alguém avaliou os efeitos na equidade?",
        "kind": "question",
        "language": "pt",
        "posts": [
            {
                "author": "thiago_lima",
                "body": """\
Trabalho com vários municípios que tiveram que se adaptar ao modelo de financiamento federal da APS
baseado em **capitação ponderada**: o repasse depende do número de pessoas cadastradas nas equipes,
com pesos maiores para populações vulneráveis e municípios rurais, além de uma parte por desempenho.

Do nosso lado, vimos uma corrida por cadastro, o que gerou demanda para os sistemas. Mas fico com a
dúvida: isso melhorou ou piorou a equidade? Municípios pequenos e pobres conseguiram cadastrar tão
bem quanto os grandes?

Alguém conhece avaliações sérias sobre isso?
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Thiago, há algumas análises publicadas e outras em andamento, e os resultados são mistos.
O cadastro cresceu muito em pouco tempo, o que é positivo, mas parte desse crescimento foi
"cadastro de papel", sem vínculo real com a equipe. E os municípios com menos capacidade de gestão
demoraram mais a se adaptar.

O problema de fundo é que o repasse por pessoa cadastrada premia quem **registra** bem, não
necessariamente quem **cuida** bem. A parte por desempenho tentou corrigir isso, mas os indicadores
eram poucos.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
No Amazonas, muitos municípios tiveram dificuldade de cadastrar populações ribeirinhas e indígenas
por falta de conectividade e de documentos. Em alguns casos, a equipe atendia a família, mas não
conseguia registrá-la, e o município perdia recurso justamente pela população mais vulnerável.

Os pesos para municípios remotos ajudaram, mas não resolvem o problema operacional do cadastro.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Na ponta, na UBS, o efeito foi uma pressão enorme por cadastro. Durante meses, as ACS foram
orientadas a priorizar cadastro em vez de visita. Depois vieram os indicadores de desempenho, como
pré-natal com consultas suficientes e exame de citopatológico, e aí a pressão mudou de lugar.

Não sou contra metas, mas a equipe cansa quando o foco muda a cada portaria.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
No Uruguai, o seguro nacional de saúde paga aos prestadores uma **cápita ajustada por idade e sexo**,
mais metas assistenciais pagas à parte. A lição que tiramos é que as metas precisam ser estáveis por
vários anos, senão os prestadores não investem para cumpri-las.

Também aprendemos que o ajuste só por idade e sexo não captura bem a vulnerabilidade social. Há anos
se discute incluir outros fatores, e é politicamente difícil.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Carolina traz um ponto central: **estabilidade**. Qualquer modelo de pagamento gera comportamento
estratégico; o problema é quando as regras mudam antes que o sistema aprenda.

Thiago, se você tiver dados de cadastro por município ao longo do tempo dos seus clientes, podemos
conversar sobre uma análise conjunta, com os cuidados de privacidade devidos. Seria útil comparar a
velocidade de cadastro por porte e índice de vulnerabilidade do município.
""",
            },
        ],
    },
    {
        "community": "health-systems-primary-care",
        "author": "yrodriguez_cu",
        "title": "Oferta: pasantías cortas en policlínicos y consultorios del médico y la enfermera de la familia",
        "kind": "offer",
        "language": "es",
        "posts": [
            {
                "author": "yrodriguez_cu",
                "body": """\
Nuestra facultad puede recibir a **grupos pequeños de profesionales** de otros países de la región para
pasantías de dos a cuatro semanas en policlínicos y consultorios de la atención primaria.

**Qué incluye la pasantía:**

- Rotación por consultorios del médico y la enfermera de la familia, con visitas al terreno
- Sesiones sobre dispensarización, análisis de la situación de salud del área y trabajo intersectorial
- Intercambio con estudiantes y profesores de enfermería comunitaria

**Condiciones:** grupos de cuatro a ocho personas, español como idioma de trabajo, y que la institución
de origen cubra pasajes y alojamiento. La facultad aporta la docencia y los acompañantes.
""",
            },
            {
                "author": "jpierre",
                "body": """\
Yamilé, muchas gracias. Varios médicos y enfermeras de nuestro hospital estudiaron en Cuba y hablan
español, así que el idioma no sería un problema. Me interesa especialmente el **análisis de la
situación de salud** a nivel de área. Nosotros tenemos muchos datos dispersos y poca costumbre de
analizarlos con la comunidad.

¿Hay alguna época del año más conveniente?
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Gracias por la oferta, Yamilé. Para los países centroamericanos que estén interesados, estas
pasantías pueden financiarse como componente de un proyecto de cooperación entre países, que suele
cubrir pasajes y viáticos. Sugiero que cada grupo llegue con un **producto concreto** que quiera
adaptar a su regreso, por ejemplo una ficha familiar o un formato de análisis de situación.
Así la pasantía deja algo más que buenas impresiones.
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
Nos interesaría enviar a dos promotores líderes y una enfermera. Pregunta: ¿la pasantía está pensada
solo para profesionales, o podrían participar agentes comunitarios? En nuestra red ellos son los que
hacen la mayor parte del trabajo en terreno.
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
Jean-Pierre: los mejores meses son de febrero a mayo y de septiembre a noviembre, cuando no hay
vacaciones ni temporada ciclónica fuerte.

Lucía: sí, podemos adaptar una rotación para agentes comunitarios, centrada en el trabajo con la
comunidad y la promoción de salud. Sería nuevo para nosotros y creo que aprenderíamos mucho de ellos.

Andrea, de acuerdo con lo del producto concreto. Lo vamos a pedir en la solicitud de cada grupo.
""",
            },
        ],
    },
    # ------------------------------------------------------------------
    # emergencies-disasters
    # ------------------------------------------------------------------
    {
        "community": "emergencies-disasters",
        "author": "nkhan_tt",
        "title": "Hurricane season readiness for primary care facilities: what is on your checklist?",
        "kind": "discussion",
        "language": "en",
        "posts": [
            {
                "author": "nkhan_tt",
                "body": """\
Hurricane season starts on 1 June and every year we review the readiness checklist for our district
health facilities. Hospitals get most of the attention, but after the last few storms in the region
it was the **health centres** that people reached first, often for days before roads to the hospitals
were cleared.

Our current checklist covers the basics: generator test, fuel for 72 hours, water storage, shutters,
a two-week buffer of essential medicines. I would like to compare notes:

- What items did you add after a real event showed you were missing something?
- How do you handle patients who depend on continuous care (dialysis, insulin, oxygen)?
- How do you keep staff coming to work when their own homes are damaged?
""",
            },
            {
                "author": "dwilliams",
                "body": """\
After the last hurricane that hit our parishes, three things were added to our list:

1. **Paper backups** of the clinic registers for patients on chronic treatment. The electronic system
   was down for eleven days and we did not know who needed insulin.
2. A printed list of staff phone numbers and addresses, because the only copy was on a computer.
3. A pre-agreed meeting point for staff if phone networks fail.

Item 1 was the painful one. We spent the first week of response searching for diabetic patients
by word of mouth.
""",
            },
            {
                "author": "jpierre",
                "body": """\
In Haiti, after hurricanes and the earthquakes, the most critical thing for us was **water**. Not for
drinking only, but for cleaning, for the delivery room, for sterilising instruments. Our hospital now
has a 20,000-litre reserve tank and a chlorination protocol that any nurse can apply.

Also: before the season, we negotiate with the local transport cooperative to have two vehicles
available on call. Ambulances are the first to break down or run out of fuel.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
On medicines, a two-week buffer is a good rule, but watch **what** is in the buffer. After storms the
demand profile changes: more wound care, tetanus vaccine, antibiotics for skin infections, oral
rehydration salts, and medicines for chronic patients who lost theirs. A normal-month buffer of the
usual mix leaves gaps.

I usually recommend a separate, sealed **hurricane kit** per facility, checked for expiry at the start
of each season and rotated into normal stock afterwards.
""",
            },
            {
                "author": "admin",
                "body": """\
For those who do not know it yet, the smart hospitals initiative in the Caribbean developed a
toolkit that combines disaster resilience with green measures (solar power, water efficiency). Much
of it applies to health centres too:
https://www.paho.org/en/health-emergencies/smart-hospitals-project

The solar systems installed under that initiative kept some facilities running after storms when
the grid was down for weeks.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
In Central America, the two consecutive hurricanes of November 2020 taught us that **flooding** can be
worse than wind for health facilities. Several health centres were built in low areas close to rivers
because land was cheap, and they were under water for days, with all their cold chain lost.

Our checklist now includes: vaccines and medicines stored at least one metre above floor level, a
plan to move the cold chain to a designated higher building, and an up-to-date map of which
facilities are in flood-prone zones.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
Very useful, thank you. On patients with continuous care needs, this is what we do now:

- Each health centre keeps a **vulnerable persons register**: dialysis, home oxygen, insulin-dependent,
  pregnant women in the last month, bedridden persons.
- Before a forecast storm, community health aides call or visit each person on the list to confirm
  they have a plan and a supply of medicines.
- Dialysis patients get an extra session in the 48 hours before landfall when possible.

The register needs a lot of maintenance. Has anyone found a way to keep it updated without a big
effort every year?
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
In Cuba the family doctor and nurse already know who is vulnerable in their area because of the
yearly health classification of each person. Before a hurricane, that list is used by the civil
defence to organise **evacuation** of pregnant women, older people living alone and people with
disabilities, usually to the homes of relatives or to shelters where a nurse is assigned.

So the register is not a separate list: it is part of the routine primary care work. That is the
only way I know to keep it updated.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
On staff: we learned that people come to work if they know their **families are safe**. Two measures
that helped:

- Encouraging every staff member to have a written family plan, reviewed during a staff meeting in May.
- Allowing staff to bring their children to a designated room in the health centre for the first
  days after a storm, supervised by a volunteer.

Also, rotate. Some nurses worked 36 hours straight after the last storm and made errors.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
One more practical point on generators: test them **under load**, not just by starting them.
Several generators I have seen in the region started perfectly in the monthly test and then failed
after twenty minutes powering the real building, because of clogged filters or old fuel.

Diesel older than six months should be treated or replaced. It is boring, but it is often the
difference between a working cold chain and a lost one.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
Thank you all. Here is the updated checklist I will take to the district teams:

- [ ] Generator tested **under load** monthly; fuel for 72 h, diesel less than six months old
- [ ] Water reserve and chlorination protocol known by all nurses
- [ ] Sealed **hurricane kit** of medicines and supplies, checked at season start
- [ ] Paper backups of chronic patient registers and staff contacts
- [ ] Vulnerable persons register linked to routine primary care work
- [ ] Cold chain and medicines at least one metre above floor; relocation plan
- [ ] Facility flood-risk status checked on the national map
- [ ] Staff family plans reviewed in May; shift rotation plan; childcare arrangement
- [ ] Transport agreement with local providers besides the ambulance

If anyone wants the editable version, send me a message.
""",
            },
        ],
    },
    {
        "community": "emergencies-disasters",
        "author": "aortiz_cr",
        "title": "Vigilancia de dengue: ¿canal endémico tradicional o métodos más nuevos para la alerta temprana?",
        "kind": "question",
        "language": "es",
        "posts": [
            {
                "author": "aortiz_cr",
                "body": """\
Varios equipos de vigilancia de la subregión nos preguntan lo mismo: el **canal endémico** que usan
para detectar brotes de dengue ya no funciona bien. Los últimos años tuvieron epidemias enormes,
la estacionalidad se está corriendo y en algunas zonas el dengue llegó donde antes no había.

¿Qué están usando? ¿Siguen con el canal endémico construido con los últimos cinco a siete años,
excluyendo años epidémicos? ¿Alguien pasó a métodos estadísticos más formales o a modelos con
variables climáticas?
""",
            },
            {
                "author": "moderator",
                "body": """\
El canal endémico sigue siendo útil si se construye con cuidado. Los errores más comunes que veo:

- Incluir años epidémicos en la serie, lo que infla la zona de alerta y hace que los brotes
  "no se vean".
- Usar casos sin ajustar por población cuando la población creció mucho.
- Construirlo con casos confirmados cuando la confirmación depende de cuántas pruebas hubo.

Para la alerta temprana, complementarlo con algo que mire la **tendencia reciente**, como la tasa de
crecimiento semanal, ayuda mucho. El canal dice si estamos por encima de lo "normal"; la tendencia
dice si vamos hacia allá.
""",
            },
            {
                "author": "mquispe",
                "body": """\
En la selva de Cusco, en la última gran epidemia, el canal endémico no sirvió de nada: los casos
empezaron a subir en una época del año en que históricamente no había transmisión. Cuando el canal
"dio la alerta", ya teníamos los servicios saturados.

Lo que sí funcionó fue que un médico de un centro de salud de La Convención notara que estaba viendo
más fiebres sin foco que de costumbre y llamara a la red. La **vigilancia de síndromes febriles**
en los puestos se adelantó varias semanas al canal.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
En Uruguay ni siquiera tenemos serie histórica: el dengue autóctono es reciente. Así que trabajamos
con otros indicadores:

- Índices del mosquito en las ciudades del litoral y en Montevideo.
- Casos importados, sobre todo después de vacaciones y de eventos en países vecinos con epidemia.
- Temperatura: por debajo de cierto umbral en invierno la transmisión es mínima.

Para países sin historia de dengue, el canal endémico no es una opción y hay que pensar en
vigilancia basada en riesgo.
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
En Cuba la vigilancia entomológica es muy intensa: los operarios de vectores revisan las viviendas
periódicamente y calculan índices de infestación por manzana. Cuando aparece un caso febril
sospechoso, se hace **control de foco** en un radio alrededor de la vivienda en pocas horas.

La lección que les puedo compartir es que la vigilancia del vector y la de casos deben estar en el
mismo lugar y hablarse todos los días. Si están en instituciones separadas, se pierde el tiempo.
""",
            },
            {
                "author": "rgarcia_mx",
                "body": """\
Un comentario desde la industria de diagnóstico, que conozco de cerca. Cuando cambia la
disponibilidad de **pruebas rápidas NS1** en el primer nivel, cambia el número de casos confirmados,
aunque la transmisión sea la misma. En México vimos semanas en que los casos "subían" porque llegó
un lote grande de pruebas a una jurisdicción.

Para alerta temprana, recomiendo construir el canal con **casos probables o sospechosos**, no con
confirmados, y seguir la confirmación por separado.
""",
            },
            {
                "author": "moderator",
                "body": """\
Para ordenar un poco la discusión, un resumen de opciones que se usan en la región:

- **Canal endémico** (cuartiles o media ± 2 DE): necesita 5 a 7 años de datos semanales. Es sencillo
  y conocido, pero falla cuando cambia la estacionalidad.
- **Tasa de crecimiento semanal**: basta con las últimas semanas y detecta la aceleración temprano,
  aunque es sensible a los retrasos de notificación.
- **Métodos estadísticos de detección de aberraciones**: dan menos falsas alarmas, pero requieren
  series largas, software y capacidad analítica.
- **Modelos con clima** (lluvia, temperatura): pueden anticipar varias semanas, pero son difíciles de
  validar localmente.

Ninguno reemplaza la llamada del médico atento que cuenta Marisol.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Gracias, Julián, la tabla es muy útil para la reunión. Algunos países de la subregión están probando
boletines conjuntos con los servicios meteorológicos, que publican el pronóstico de lluvia y
temperatura de las próximas semanas junto con los casos. Todavía no sabemos si mejoran la respuesta,
pero al menos obligan a los dos sectores a sentarse juntos.

Voy a proponer que cada país combine **al menos dos métodos**: el canal bien construido y un
indicador de tendencia, más la vigilancia de síndromes febriles en el primer nivel.
""",
            },
            {
                "author": "mquispe",
                "body": """\
Me parece bien la combinación, Andrea. Solo agregaría que la alerta sirve si hay un **plan de
respuesta** que se active con ella: ampliación de horarios, unidades de febriles, hidratación en el
primer nivel, comunicación a la población. En la última epidemia, la alerta llegó y nadie sabía
quién tenía que hacer qué.

Detectar temprano y no responder es solo ver llegar el problema con más anticipación.
""",
            },
        ],
    },
    {
        "community": "emergencies-disasters",
        "author": "dwilliams",
        "title": "Safe Hospitals Index: was it worth re-assessing after retrofits?",
        "kind": "discussion",
        "language": "en",
        "posts": [
            {
                "author": "dwilliams",
                "body": """\
Five years ago two hospitals in our region were assessed with the Hospital Safety Index and both
landed in the middle category: likely to keep functioning in a disaster, but with important
vulnerabilities. Since then we have done several retrofits: roof anchoring, a new water tank,
generator room moved out of the basement, anchoring of medical equipment.

We are now debating whether to repeat the full assessment. It takes a trained team several days.
Some colleagues think we should spend the money on more retrofits instead. What was your experience?
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
We repeated it for one hospital after major works and I think it was worth it, for two reasons.
First, the score improved, which helped us justify the investment to the Ministry of Finance and
get funding for the next phase. Second, the evaluators found **new** vulnerabilities created by the
works themselves: a new ceiling with heavy light fixtures that were not properly anchored.

You do not need to repeat it every year, but after major works it is a good check.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
The index has three components: structural, non-structural and emergency and disaster management.
In my experience, the biggest improvements after retrofits appear in the **non-structural** part
(equipment, lifelines, architectural elements), while the **functional** part often does not move
at all, because nobody updated the hospital emergency plan or trained the staff.

If budget is tight, you can do a lighter self-assessment of the functional component with the
hospital's own team and keep the full external assessment for every few years.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
From the logistics side, one item that often scores poorly and is cheap to fix: the **pharmacy and
central store**. Shelves not anchored, medicines on the floor, no contingency stock, and a single
key holder. In one hospital I visited, the store was perfectly stocked but locked during a night
emergency because the pharmacist lived an hour away.
""",
            },
            {
                "author": "admin",
                "body": """\
Dwayne, if you decide to re-assess, there is a pool of trained evaluators in the Caribbean and
Central America who have done assessments in neighbouring countries. Bringing one or two external
evaluators into a national team lowers the cost and also trains your own staff. Let me know and the
secretariat can help with contacts.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
Thanks. Decision for now: a **self-assessment of the functional component** this year with our own
staff (Andrea's suggestion), a check of the stores and pharmacy (Emily, noted, we also have one key
holder), and a full external re-assessment of the larger hospital next year, with a mixed team.

Teresa, I will take you up on the offer of evaluator contacts.
""",
            },
        ],
    },
    {
        "community": "emergencies-disasters",
        "author": "ana_souza",
        "title": "Seca extrema na Amazônia: comunidades isoladas e acesso aos serviços de saúde",
        "kind": "discussion",
        "language": "pt",
        "posts": [
            {
                "author": "ana_souza",
                "body": """\
A última grande seca foi a pior que vi em vinte anos de trabalho no Amazonas. Rios que eram estradas
viraram bancos de areia. Dezenas de municípios declararam emergência, e centenas de comunidades
ficaram isoladas: os barcos não passavam, nem os de linha nem os nossos.

Impactos na saúde que registramos:

- **Vacinas e medicamentos** sem conseguir chegar; rotas que levavam dois dias passaram a levar uma semana.
- Aumento de **doenças diarreicas**, porque a água dos lagos baixos ficou imprópria.
- Fumaça de queimadas e problemas respiratórios, sobretudo em crianças e idosos.
- Gestantes de risco sem como descer para a maternidade.

Quero discutir o que aprendemos e como se preparar, porque tudo indica que isso vai se repetir.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Ana, o que mais me impressiona nos dados dessa seca é que o sistema de saúde estava preparado para
**cheias**, que são o evento "tradicional" da região, e não para o contrário. Os planos de contingência
dos municípios falavam de enchente, de barco para resgate, de abrigos. Quase nada sobre seca.

Seria importante revisar os planos municipais para cobrir os dois extremos. Vocês conseguiram
registrar as internações por causas respiratórias e diarreicas por município?
""",
            },
            {
                "author": "moderator",
                "body": """\
Do lado colombiano da Amazônia também vivemos isso: em Letícia e nas comunidades do rio, o nível da
água caiu a mínimos históricos e o transporte de insumos foi feito por via aérea, a um custo muito
maior. Algumas comunidades indígenas ficaram dependendo de caminhadas longas até pontos onde ainda
havia navegação.

Uma coisa que ajudou foi a coordenação **transfronteiriça** com as equipes brasileiras e peruanas
da tríplice fronteira, para não duplicar voos e dividir carga.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Uma pergunta: vocês usaram dados de nível dos rios para planejar a logística com antecedência?
Existem estações hidrológicas com dados públicos e previsões de nível. Se a secretaria soubesse com
algumas semanas de antecedência que determinado trecho ia ficar intransitável, daria para antecipar
o envio de vacinas e medicamentos para três meses.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
Thiago, fizemos isso de forma improvisada, com os boletins do serviço geológico e conversando com os
práticos dos barcos, que conhecem o rio melhor que qualquer modelo. Agora queremos formalizar um
**gatilho**: quando a previsão indicar que o nível vai cair abaixo de certo ponto em determinada
estação, a secretaria despacha estoque extra para os municípios daquela calha.

Pedro, temos os dados de internação, mas ainda estamos limpando. A impressão das equipes é de aumento
grande de diarreia em crianças nos meses de seca. Vou compartilhar quando estiver consolidado.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Fico pensando na água. Aqui em Pernambuco, no sertão, as equipes de saúde da família distribuíam
**hipoclorito de sódio** às famílias com orientação de uso nos períodos de seca, e os agentes
acompanhavam nas visitas. É barato, leve para transportar e as ACS sabem ensinar.

Talvez seja uma medida simples para os municípios ribeirinhos incluírem nos planos de seca.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Boa lembrança, Beatriz. Resumindo as propostas para um plano de contingência de seca na Amazônia:

1. Planos municipais que cubram **cheia e seca**.
2. **Gatilhos hidrológicos** para antecipar estoques de vacinas e medicamentos (Ana e Thiago).
3. Distribuição de **hipoclorito** e orientação pelas ACS.
4. Vigilância reforçada de diarreia e doenças respiratórias nos meses críticos.
5. Coordenação **transfronteiriça** da logística aérea (Julián).

Ana, se quiser, posso ajudar a escrever isso como nota técnica para a secretaria.
""",
            },
        ],
    },
    {
        "community": "emergencies-disasters",
        "author": "emily_rhodes",
        "title": "Offer: templates and tools for pre-positioning emergency medical supply stocks",
        "kind": "offer",
        "language": "en",
        "posts": [
            {
                "author": "emily_rhodes",
                "body": """\
Over the years I have built a set of tools for planning **pre-positioned emergency stocks** of
medicines and medical supplies, and I would like to share them with any ministry or organization
in the region that can use them. All free, in English and Spanish:

- A spreadsheet to calculate stock levels for a given population and scenario (hurricane, flood,
  earthquake, epidemic), based on standard emergency health kit compositions.
- A rotation plan template so pre-positioned stock is used before it expires.
- A checklist for storage sites: security, temperature, access after a disaster.

I can also do two or three remote sessions to adapt the tools to your context. Reply here if interested.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
Emily, yes please. We are reviewing our national stockpile policy and the rotation plan is exactly
what we are missing. Last year we destroyed a large quantity of expired intravenous fluids that had
been stored "for emergencies" for years and never rotated.
""",
            },
            {
                "author": "jpierre",
                "body": """\
We would also be very interested, especially in a French version if possible. In Haiti the
question is not only what to pre-position but **where**: roads are cut by insecurity as often as by
storms, so a central warehouse in the capital is useless for us when the road north is blocked.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
Nadia, I will send you the rotation template this week. The usual trick is to agree with the
hospitals that they receive pre-positioned items about six months before expiry as part of their
normal supply, in exchange for fresh stock going into the reserve.

Jean-Pierre, I do not have a French version yet but I will work on one; a colleague in Montreal
offered to review it. For your case, the spreadsheet supports **several smaller stock points** instead
of one central warehouse. We can model a few locations in a remote session.
""",
            },
        ],
    },
    {
        "community": "emergencies-disasters",
        "author": "rcondori",
        "title": "Heladas en el altiplano: preparación comunitaria contra las neumonías en niños",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "rcondori",
                "body": """\
Cada año entre mayo y agosto las temperaturas en el altiplano bajan a diez o quince grados bajo cero
por las noches. En esos meses sube mucho la neumonía en niños pequeños y en adultos mayores, y varias
comunidades están a más de cuatro horas del centro de salud con médico.

Nuestros promotores hacen lo que pueden: visitan las casas, revisan a los niños con tos y refieren a
los que respiran rápido. Pero muchas familias no bajan porque el camino es difícil y hace demasiado
frío para viajar con un bebé.

Me gustaría saber qué hacen en otros países con climas fríos de altura.
""",
            },
            {
                "author": "mquispe",
                "body": """\
En el sur del Perú hay un plan multisectorial contra heladas y friaje cada año. Desde salud, lo que
más funcionó en nuestras comunidades fue:

- **Cocinas mejoradas** con chimenea, que sacan el humo de la casa. El humo dentro de la vivienda
  empeora mucho las infecciones respiratorias.
- Vacunación contra influenza y neumococo antes de mayo.
- Kits de abrigo para niños menores de cinco años, entregados por los municipios.
- Promotores capacitados para **contar la respiración** con un temporizador y reconocer el tiraje.

Las cocinas mejoradas tienen además un efecto que no esperábamos: las mujeres dicen que les arden
menos los ojos.
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
En el altiplano guatemalteco no llegamos a esas temperaturas, pero con los frentes fríos de diciembre
y enero sube la neumonía en las aldeas de altura. En algunos municipios los promotores tienen
permiso para dar **amoxicilina** a niños con neumonía sin signos de peligro, siguiendo un protocolo
de manejo comunitario, y refieren solo los casos graves.

Eso reduce mucho la necesidad de que la familia viaje. Pero exige buena supervisión y que la
amoxicilina no falte.
""",
            },
            {
                "author": "moderator",
                "body": """\
Lo que cuenta Lucía es el **manejo comunitario de casos** de neumonía, que tiene buena evidencia
cuando los agentes están bien formados y supervisados. René, ¿en Bolivia los promotores pueden dar
antibióticos? En muchos países la normativa lo impide, aunque la evidencia lo respalda.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Agrego que hay materiales de la OMS y UNICEF sobre atención integrada de casos en la comunidad,
con algoritmos ilustrados para neumonía, diarrea y desnutrición que se pueden adaptar a cada idioma.
En algunos países de Centroamérica se adaptaron con dibujos locales y se validaron con promotores
que leen poco. Si les interesa, puedo ayudar a buscar la versión en español más reciente.
""",
            },
            {
                "author": "rcondori",
                "body": """\
Julián, en Bolivia no. Los promotores pueden dar paracetamol y sales de rehidratación, pero no
antibióticos. Tenemos que referir siempre. Es una discusión que queremos abrir con el servicio
departamental, con la evidencia que comparten Lucía y Andrea.

Mientras tanto, vamos a empujar con el municipio lo de las cocinas mejoradas y la vacunación antes de
mayo, que son cosas que sí podemos hacer ya. Andrea, sí, por favor, el material con algoritmos
ilustrados nos vendría muy bien.
""",
            },
        ],
    },
    {
        "community": "emergencies-disasters",
        "author": "admin",
        "title": "Webinar notes: mass casualty management training for small island states",
        "kind": "announcement",
        "language": "en",
        "posts": [
            {
                "author": "admin",
                "body": """\
Thank you to everyone who joined last week's webinar on mass casualty management in small island
states. Over 140 participants from 19 countries. Key messages from the panel:

- **Triage training** must include non-clinical staff: security guards, porters and drivers are often
  the first to meet casualties at the hospital gate.
- **Simulation exercises** at least once a year, with a realistic number of casualties for the
  hospital's capacity, not a token number.
- Agreements with neighbouring islands for **medical evacuation** should be signed before they are
  needed, including who pays.

> "In a small island, your surge capacity is the next island." — one of the panelists

The recording and slides will be available in this community within a few days.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
Thanks for organising, Teresa. The point about including security guards and porters in triage
training resonated with our team. In our last simulation, the bottleneck was not the emergency
room but the **hospital entrance**, where relatives and onlookers blocked the ambulance bay.

We now train the security staff to set up a cordon and a separate entrance for families.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
The medical evacuation agreements are a real gap. We had a bus accident last year with more burn
victims than our burn unit could take, and the transfer to another island took two days of phone
calls to sort out who would pay and which hospital would receive them.

Could the secretariat collect examples of bilateral agreements that exist in the region?
""",
            },
            {
                "author": "admin",
                "body": """\
Good idea, Dwayne. We will open a short call for examples of medical evacuation and patient transfer
agreements between countries, anonymised if needed, and publish a summary here.

Slides and recording are now uploaded in the community files section.
""",
            },
        ],
    },
    {
        "community": "emergencies-disasters",
        "author": "jpierre",
        "title": "Request: mental health and psychosocial support materials in Haitian Creole for displaced families",
        "kind": "request",
        "language": "en",
        "posts": [
            {
                "author": "jpierre",
                "body": """\
Our department is receiving many families displaced from the capital by violence. Many have lost
relatives, homes and livelihoods, and the children have seen things no child should see. Our
hospital and dispensaries have no psychologist; the nearest psychiatrist is hours away.

**We are looking for:**

- Psychological first aid materials in **Haitian Creole**, or help translating and adapting them
- Training for nurses and community health workers on basic psychosocial support and referral
- Experience from other countries on supporting displaced children in schools or child-friendly spaces
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Jean-Pierre, the WHO psychological first aid guide for field workers has been translated into many
languages, and I believe a Creole version was produced after the 2010 earthquake. It may need
updating for violence-related displacement, which differs from a natural disaster in important ways:
ongoing threat, stigma, and distrust.

The inter-agency guidelines on mental health and psychosocial support in emergencies are also a
good framework for organising services in layers, from basic needs and safety up to specialised care.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
For the clinical side, the **mhGAP Intervention Guide** is designed precisely for non-specialist health
workers in primary care: depression, psychosis, alcohol use, self-harm, child development problems.
Several Caribbean and Central American countries trained nurses and general practitioners with it.
There is a French version, which may be easier to adapt to Creole than the English one.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
After hurricanes, what worked in Jamaica with limited specialists was training **teachers and
guidance counsellors** in simple group activities for children, with clear referral criteria to the
health centre for children who did not improve after a few weeks. Most children recover with
stability, routines and caring adults. The challenge is identifying the minority who need more.
""",
            },
            {
                "author": "admin",
                "body": """\
Jean-Pierre, the secretariat has a small fund for translation of cooperation materials. If you can
identify which documents you need in Creole and a local reviewer who knows the context, we can cover
the translation costs. Please send us the list.
""",
            },
            {
                "author": "jpierre",
                "body": """\
Thank you, this is more than I expected. Plan:

1. Teresa: I will send the list this week, starting with psychological first aid and a short guide
   for parents. Our social worker will review the Creole version.
2. Andrea: we will ask the health direction to include our nurses in the next mhGAP training.
3. Dwayne: we will try the group activities with two schools that receive many displaced children.

Sarah, if you find the earlier Creole version, please share it. It will save time.
""",
            },
        ],
    },
    # ------------------------------------------------------------------
    # noncommunicable-diseases
    # ------------------------------------------------------------------
    {
        "community": "noncommunicable-diseases",
        "author": "fcastillo",
        "title": "HEARTS en APS: protocolo estandarizado de hipertensión, ¿cómo convencer a los médicos?",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "fcastillo",
                "body": """\
Hace un año y medio nuestro CESFAM empezó a implementar la iniciativa HEARTS para hipertensión:
un **protocolo de tratamiento estandarizado**, medición con equipos automáticos validados, registro
de pacientes y trabajo en equipo con enfermería.

Los resultados en control de la presión entre pacientes bajo control van bien:

- Hipertensos bajo control con PA menor de 140/90: del **48 %** al **63 %** en 18 meses.
- Pacientes con tratamiento según protocolo: del 35 % al 71 %.
- Controles realizados por enfermería: del 20 % al 45 %.

El problema es la resistencia de algunos colegas médicos. Dicen que el protocolo es "medicina de
receta de cocina" y que cada paciente es distinto. Uno de ellos sigue iniciando con fármacos que no
están en el protocolo y que a veces faltan en la farmacia.

¿Cómo lo han manejado en otros lugares?
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Fernanda, es la objeción más frecuente en todos los países que implementan HEARTS. Lo que mejor ha
funcionado en Centroamérica es **no presentarlo como una imposición**, sino construir el protocolo
con los propios médicos del primer nivel, partiendo de la evidencia y de lo que hay en la farmacia.

Y recordar que el protocolo es para la mayoría de los pacientes, no para todos. Se dejan explícitas
las excepciones (embarazo, insuficiencia renal avanzada, otras comorbilidades) en las que el médico
decide. Eso baja mucho la tensión.
""",
            },
            {
                "author": "moderator",
                "body": """\
Un argumento que me sirve con médicos escépticos: los países con mejores tasas de control de la
hipertensión no lo lograron con tratamiento "a la medida", sino con esquemas sencillos, pocos
fármacos, dosis fijas y seguimiento frecuente. La variabilidad entre prescriptores es en sí misma
una causa de mal control, porque el paciente que cambia de médico cambia de tratamiento.

Pregunta para Fernanda: ¿comparten los resultados de control por médico? Con cuidado, eso puede
ser muy persuasivo.
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
En Cuba participamos en la experiencia de HEARTS en algunos municipios. La enfermera de la familia
tiene un papel central: mide la presión en el consultorio y en la casa, y puede ajustar el tratamiento
siguiendo el protocolo. Eso liberó tiempo del médico para los casos complejos.

Lo que más costó fue el **cambio de rol de la enfermera**, más que convencer a los médicos. Algunas
enfermeras tenían miedo de asumir la titulación de dosis. Se resolvió con capacitación y con una
norma escrita que las respaldaba.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
Julián, compartimos los resultados por sector, no por médico. Tengo miedo de que por médico se
convierta en un ranking y genere más resistencia. Pero quizás podamos mostrarlo de forma individual
y confidencial a cada uno, comparado con el promedio del centro.

Yamilé, aquí pasa algo parecido con enfermería. La norma técnica permite a la enfermera hacer
controles y derivar, pero no ajustar medicamentos. Eso limita mucho lo que podemos delegar.
""",
            },
            {
                "author": "rgarcia_mx",
                "body": """\
Aporto desde la industria: uno de los pilares de HEARTS es usar **combinaciones a dosis fija**, por
ejemplo un antihipertensivo de cada clase en una sola tableta. Simplifican el tratamiento y mejoran
la adherencia. Pero en varios países no están registradas, o están solo las marcas caras.

Cuando los ministerios incluyen una combinación en su protocolo nacional y en las compras públicas,
los laboratorios genéricos empiezan a registrarla. Sin esa señal de demanda, no hay incentivo para
hacer el expediente.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Desde la autoridad regulatoria confirmo lo que dice Roberto. En Ecuador recibimos muy pocas
solicitudes de registro de combinaciones a dosis fija de antihipertensivos hasta que el protocolo
nacional las incluyó. Ahora estamos evaluando varias, y para acelerar usamos **reliance** con
autoridades de referencia cuando el producto ya fue aprobado allí.

Si algún país quiere compartir su lista de combinaciones priorizadas, nos serviría para ordenar la
evaluación.
""",
            },
            {
                "author": "mquispe",
                "body": """\
Desde el primer nivel rural en Cusco, el protocolo estandarizado es una bendición. Muchos de nuestros
puestos no tienen médico: los atiende una enfermera o un técnico. Sin un protocolo claro, el
hipertenso tenía que viajar al centro con médico cada mes solo para renovar la receta.

Lo que nos falta son los **tensiómetros automáticos validados**. Seguimos con aparatos de mercurio
viejos o con aneroides que nadie calibra.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Marisol toca un punto clave: el protocolo solo sirve si los equipos de medición son confiables.
En la página de la iniciativa hay listas de dispositivos validados y materiales de capacitación para
equipos del primer nivel:
https://www.paho.org/en/hearts-americas

Fernanda, también hay un módulo sobre **resistencias al cambio** con experiencias de otros países.
Podría servirte para una sesión con tus colegas.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
Gracias a todos. Mi plan para los próximos meses:

1. Reunión de revisión del protocolo **con los médicos del centro**, dejando claras las excepciones
   en que deciden libremente (Andrea).
2. Mostrar a cada médico sus resultados de control de forma confidencial, comparados con el promedio
   (Julián, lo intentaremos así).
3. Pedir al servicio de salud que discuta con el ministerio la posibilidad de que enfermería ajuste
   dosis según protocolo, con la experiencia cubana como ejemplo (Yamilé).
4. Solicitar a la farmacia comunal la combinación a dosis fija que ya está registrada aquí.

Y Marisol, ojalá la próxima compra regional incluya tensiómetros para los puestos rurales.
""",
            },
        ],
    },
    {
        "community": "noncommunicable-diseases",
        "author": "sarah_chen",
        "title": "Salt reduction targets for bread and processed foods: who has actually enforced them?",
        "kind": "question",
        "language": "en",
        "posts": [
            {
                "author": "sarah_chen",
                "body": """\
I am supporting a policy analysis for a country that wants to set **maximum sodium levels** for bread
and a few processed food categories. The regional sodium reduction targets give a good reference, but
the ministry wants to know how other countries moved from voluntary agreements to mandatory limits,
and whether anyone actually enforces them.

Specific questions:

- Mandatory or voluntary? What triggered the change?
- How is compliance monitored (laboratory testing, label review, inspections)?
- What about **artisanal bakeries**, which make most of the bread in many countries?
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Sarah, in the region the updated regional sodium targets are the usual starting point, with limits
by food category. Most countries began with **voluntary agreements** with industry associations,
and a few moved to mandatory limits after seeing that voluntary commitments covered only the large
companies.

In Central America, bread is the big challenge. The industrial bread sector is small; most bread
comes from thousands of small bakeries that no agreement reaches.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
Two examples from the Southern Cone that may help. Argentina passed a law setting **maximum sodium
levels** for several food groups, including meat products, soups and bread, with fines for
non-compliance. In Uruguay and some cities of the region, measures were taken to remove salt shakers
from restaurant tables and to offer them only on request, together with work with bakers'
associations.

Anecdotally, the bakers' association negotiations worked better when bakers were shown that
customers did not notice a gradual reduction of 10 to 15 % over a year.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
In Jamaica most bread is made by a handful of large bakeries plus many small ones. We have not set
mandatory limits yet. What we have done is a small **sodium content survey**: buying bread and
common processed foods from supermarkets and shops and testing them in a public laboratory. The
results were an eye-opener for the ministry, with some breads far above regional targets.

A survey like that is the cheapest first step to start the conversation.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
On monitoring: label review is cheap but only covers packaged products, and labels are not always
accurate. Laboratory testing is expensive per sample. In Trinidad we combine both: yearly label
review of all packaged products in five categories, and laboratory testing of a **random sample** of
bread from bakeries of different sizes.

For the population side, a **24-hour urinary sodium survey** every five years or so is the gold
standard to know whether intake is actually falling.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Thank you all, this is very useful. Summary for the policy brief:

1. Start with a **sodium content survey** to build the case (Dwayne).
2. Voluntary agreements first, with a clear deadline after which limits become **mandatory** if
   targets are not met (Andrea, Carolina).
3. Work with **bakers' associations** on gradual reductions that consumers do not notice.
4. Monitoring mix: label review, random laboratory testing including small bakeries, and periodic
   urinary sodium surveys (Nadia).

I will share the final brief here once the ministry clears it.
""",
            },
        ],
    },
    {
        "community": "noncommunicable-diseases",
        "author": "pedro_mendes",
        "title": "Rastreamento do câncer do colo do útero com teste de DNA-HPV: como fazer a transição do Papanicolau",
        "kind": "discussion",
        "language": "pt",
        "posts": [
            {
                "author": "pedro_mendes",
                "body": """\
O Brasil está fazendo a transição do rastreamento com citologia (Papanicolau) para o **teste de
DNA-HPV** como exame primário, com intervalo de cinco anos para mulheres com resultado negativo.
É uma mudança enorme para a atenção primária, que fazia a coleta do preventivo há décadas.

Algumas questões que vejo surgindo nos municípios onde acompanhamos a implantação:

- Como passar de um rastreamento **oportunístico** (quem aparece na UBS) para um rastreamento
  **organizado**, com convite ativo da população-alvo?
- Como explicar para as mulheres que agora o exame é a cada cinco anos, e não todo ano?
- O que fazer com os resultados positivos: genotipagem, citologia de triagem, colposcopia?

Quero ouvir especialmente quem está na ponta.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Pedro, aqui na UBS a primeira reação das mulheres foi de desconfiança. Muitas fazem o preventivo
todo ano há vinte anos e acham que cinco anos é "descaso". Algumas perguntaram se era corte de gastos.

O que ajudou foi explicar que o teste novo é **mais sensível**: encontra o vírus antes de haver lesão,
por isso dá para esperar mais tempo com segurança. Fizemos uma roda de conversa na sala de espera e
depois disso a aceitação melhorou.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
Para o interior do Amazonas, a grande vantagem do teste de HPV é a possibilidade de **autocoleta**.
Muitas mulheres ribeirinhas e indígenas nunca fizeram preventivo: a coleta depende de uma
profissional, de uma sala com maca e de privacidade, coisas que não existem em muitas comunidades.

Num projeto piloto, as mulheres receberam o kit de autocoleta durante a passagem da equipe fluvial,
coletaram em casa e devolveram no mesmo dia. A adesão foi muito maior que a da coleta tradicional.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
O rastreamento organizado depende de um **cadastro confiável** da população-alvo e de um sistema de
convocação: quem está na faixa etária, quem nunca fez, quem está com o exame vencido, quem teve
resultado positivo e não voltou. Sem isso, vira oportunístico de novo.

Estamos ajudando dois municípios a gerar listas de convocação a partir do cadastro da APS, com envio
de mensagem e lista para a ACS visitar quem não respondeu. O ponto mais frágil é o seguimento dos
positivos.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
No Uruguai ainda rastreamos com citologia, mas acompanhamos com interesse. Uma pergunta: como vocês
vão lidar com a **capacidade de colposcopia**? Com o teste de HPV, a proporção de mulheres que
precisam de seguimento aumenta no começo, porque muitas infecções são detectadas pela primeira vez.
Ouvi de outros países que as filas de colposcopia explodiram no primeiro ano.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Carolina, esse é um risco real. Por isso o fluxo recomendado usa **triagem dos positivos**: mulheres
com HPV 16 ou 18 vão direto para a colposcopia; as positivas para outros tipos de alto risco fazem
citologia, e só vão para a colposcopia se houver alteração. Isso reduz bastante a demanda.

Mesmo assim, os municípios precisam planejar a oferta de colposcopia antes de ampliar o teste.
Nos que acompanhamos, a regra foi: **não começar a coleta sem a colposcopia garantida**.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Concordo, Pedro. Aqui o maior medo da equipe é esse: convocar, coletar, dar um resultado positivo e
a mulher esperar seis meses pela colposcopia. Isso destrói a confiança que construímos.

Vou levar para a coordenação a sugestão de um **painel de acompanhamento dos positivos**, com o tempo
entre o resultado e a colposcopia. Thiago, se o sistema de vocês faz isso, me avise.
""",
            },
        ],
    },
    {
        "community": "noncommunicable-diseases",
        "author": "rgarcia_mx",
        "title": "Etiquetado frontal de advertencia: efectos observados y la respuesta de la industria",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "rgarcia_mx",
                "body": """\
Trabajo en la industria farmacéutica, pero he seguido de cerca el etiquetado frontal de advertencia
en alimentos porque varios colegas de asuntos regulatorios en empresas de alimentos pasaron por la
implementación en México. Quiero abrir una discusión franca, sin trincheras.

Lo que vi desde adentro:

- Hubo **reformulación** real: muchas empresas redujeron azúcar o sodio lo justo para quitar un sello.
- Algunas reemplazaron azúcar por **edulcorantes**, lo que llevó a agregar leyendas de advertencia
  para niños.
- Los productos dirigidos a niños perdieron personajes y promociones en el empaque, y ahí sí hubo
  mucha resistencia.

Me interesa saber qué datos tienen otros países sobre los efectos en compras y en salud.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
Chile fue el primer país con sellos negros de advertencia, junto con restricciones a la publicidad
dirigida a niños y a la venta en escuelas. Las evaluaciones mostraron una **caída importante en la
compra de bebidas azucaradas** y de otros productos con sellos en los primeros años, y mucha
reformulación.

Efectos en obesidad todavía es pronto para medirlos, y es difícil separarlos de otros factores.
Pero como médica de familia veo algo: los pacientes entienden el sello sin que se lo expliquemos.
Eso no pasaba con las tablas nutricionales.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Ecuador tuvo antes un sistema tipo **semáforo**, con barras de colores para azúcar, grasa y sal.
La experiencia fue útil, pero los estudios mostraron que los consumidores se confundían cuando un
producto tenía una barra roja y dos verdes: lo interpretaban como "más o menos sano".

Por eso muchos países de la región prefirieron los sellos de advertencia: solo informan lo que está
en exceso, y no hay "verde" que funcione como aval.
""",
            },
            {
                "author": "moderator",
                "body": """\
Roberto, valoro mucho que alguien de la industria abra el tema así. Pero quiero discrepar con una
parte: la reformulación "lo justo para quitar el sello" no es un efecto colateral, es exactamente
lo que buscaba la política. Si los umbrales están bien definidos, bajar del umbral es bajar a
niveles más saludables.

El debate de fondo, creo, es **quién define los umbrales**. Cuando se negocian con la industria,
tienden a quedar más altos que los del modelo de perfil de nutrientes de referencia.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
En Uruguay el etiquetado de advertencia se aprobó con umbrales exigentes y, después de un cambio de
gobierno, se **flexibilizaron** los límites, con el argumento de alinearse con los socios comerciales.
Varios productos que tenían sello lo perdieron sin cambiar su composición.

Es un buen ejemplo de lo que dice Julián: la batalla real está en los umbrales, y se puede perder
después de haberla ganado.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Para quien esté diseñando su propia norma, el **modelo de perfil de nutrientes** regional da criterios
basados en evidencia para definir qué productos tienen exceso de azúcares, sodio, grasas totales,
grasas saturadas y grasas trans, y trata los edulcorantes de forma específica.

Varios países centroamericanos están en distintas etapas de discusión y la mayor presión viene de
las reglas de comercio en la integración regional. Ahí la cooperación técnica entre ministerios de
salud y de economía es clave.
""",
            },
            {
                "author": "mquispe",
                "body": """\
En Perú los octógonos se implementaron hace varios años. Como obstetra veo un efecto indirecto que
me gusta: en las sesiones de educación con gestantes ahora podemos usar los empaques reales como
material. "¿Cuántos octógonos tiene lo que le da a su hijo en la lonchera?" Las madres lo entienden
al instante.

Lo que no cambió es el consumo de productos **a granel** en los mercados y de comida preparada,
que no llevan etiqueta.
""",
            },
            {
                "author": "rgarcia_mx",
                "body": """\
Gracias por las respuestas, incluso por la discrepancia, Julián. Acepto el punto: si el umbral es
bueno, bajar del umbral es bueno. Mi preocupación desde la industria es más la **inestabilidad
normativa**, como contó Carolina: cambiar las reglas cada pocos años es caro para todos y confunde al
consumidor.

Y Marisol tiene razón en algo que se discute poco: buena parte de lo que come la gente no tiene
etiqueta. El etiquetado es necesario, pero no alcanza. Hacen falta políticas para la comida de
mercados, escuelas y puestos callejeros.
""",
            },
        ],
    },
    {
        "community": "noncommunicable-diseases",
        "author": "nkhan_tt",
        "title": "Diabetic foot screening in primary care: tools that work with limited staff",
        "kind": "question",
        "language": "en",
        "posts": [
            {
                "author": "nkhan_tt",
                "body": """\
Although my main job is emergency preparedness, I am part of a ministry working group on diabetes
complications, because our rates of **lower-limb amputation** are among the highest in the region.
Many amputations start with a small ulcer that nobody examined.

Our health centres have one or two nurses for hundreds of diabetic patients, and almost no podiatrists.
Annual foot examination is in the guideline, but coverage is under 30 %.

What simple tools and workflows have helped you increase foot screening?
""",
            },
            {
                "author": "dwilliams",
                "body": """\
The 10 g **monofilament** is cheap and reliable, but the bottleneck is time, not the instrument.
What worked in two of our health centres was moving the foot examination to the **waiting time**:
a nursing assistant asks patients to remove shoes and socks while they wait, checks the feet with the
monofilament and a quick look for deformities and lesions, and records the risk category on the card.
The doctor or nurse only reviews high-risk feet.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
In Chile, the cardiovascular health programme includes a **yearly foot risk assessment** for everyone
with diabetes, with a simple score that classifies patients into low, moderate, high and maximum risk.
The category defines how often the foot is checked and whether the patient gets referred to podiatry
(which primary care centres have here).

The score works well, but only if someone makes the patient take off their shoes. Many consultations
finish without anyone looking at the feet.
""",
            },
            {
                "author": "jpierre",
                "body": """\
In our hospital we have no monofilaments most of the time. We use the **touch test**: the examiner
lightly touches the tips of the first, third and fifth toes of each foot with the index finger for
one to two seconds, and loss of sensation at two or more sites indicates risk. It agrees reasonably
well with the monofilament and needs no equipment.

But honestly, our bigger problem is shoes. Many patients walk long distances in plastic sandals
and get injuries that they ignore until there is an infection.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Jean-Pierre's point on footwear matters. Education alone has modest effects on ulcer prevention;
what helps more is a combination of risk stratification, **protective footwear** for high-risk feet,
and rapid access to care when a lesion appears.

For the working group, I would suggest tracking two indicators beyond screening coverage: the
proportion of high-risk patients with appropriate footwear, and the time from first ulcer to first
specialised assessment.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
Thank you. The working group will propose:

- Foot examination by trained **nursing assistants during waiting time** (Dwayne's workflow), with
  monofilament where available and the **touch test** where not (Jean-Pierre).
- A simple **risk score** on the patient card, adapted from the Chilean model (Fernanda).
- A pathway for urgent review of any new ulcer within 48 hours.
- A pilot with a local shoemaker for low-cost protective footwear for high-risk patients (Sarah,
  your point on footwear convinced the group).
""",
            },
        ],
    },
    {
        "community": "noncommunicable-diseases",
        "author": "beatriz_nunes",
        "title": "Grupos de hipertensos e diabéticos na UBS: ainda fazem sentido?",
        "kind": "question",
        "language": "pt",
        "posts": [
            {
                "author": "beatriz_nunes",
                "body": """\
Durante anos nossa UBS fez o tradicional **grupo de hipertensos e diabéticos**: uma vez por mês,
palestra, aferição de pressão, glicemia capilar e entrega da receita. Depois da pandemia o grupo
esvaziou. Vêm sempre as mesmas dez senhoras, que adoram o encontro, mas os pacientes com pior
controle nunca aparecem.

Alguns colegas acham que devemos acabar com o grupo e investir em consulta individual. Eu acho que o
grupo tem valor, mas precisa mudar. Alguém reinventou esse formato?
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Beatriz, a evidência sobre atividades em grupo é melhor quando elas têm **objetivo claro** e
participação ativa (resolução de problemas, metas pessoais, atividade física), e fraca quando são
palestras. A "palestra mais receita" mistura educação com dispensação, e as pessoas vêm pela receita.

Um ponto: se as dez senhoras fiéis têm bom controle, o grupo cumpre uma função para elas. O erro seria
achar que ele substitui a busca ativa dos mal controlados.
""",
            },
            {
                "author": "moderator",
                "body": """\
Escrevo em português com a ajuda da Beatriz nas correções. Na Colômbia vi experiências que trocaram o
grupo de palestra por **grupos de caminhada** e por grupos de cozinha com alimentos locais, organizados
com a própria comunidade. A aferição de pressão continuou, mas no fim da atividade, não como motivo.

A participação de homens aumentou quando o grupo passou a ser no fim da tarde e numa quadra do bairro,
e não dentro da UBS.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Uma ideia para os mal controlados que não vêm: usar o cadastro para identificar os pacientes com
última pressão ou hemoglobina glicada fora da meta e sem consulta nos últimos seis meses, e fazer uma
**lista de prioridade para a ACS**. Não substitui o grupo, mas resolve a parte que o grupo não alcança.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Obrigada. Decidimos manter o grupo, mas mudar:

- Separar a **renovação de receita** do grupo: agora é pela farmácia, com agendamento.
- Transformar o encontro mensal em **caminhada mais roda de conversa**, com metas pessoais, no fim da
  tarde, na praça do bairro.
- Usar a lista de prioridade do Thiago para as ACS visitarem os mal controlados.

Vou contar em três meses se as dez senhoras aprovaram a caminhada.
""",
            },
        ],
    },
    {
        "community": "noncommunicable-diseases",
        "author": "emily_rhodes",
        "title": "Insulin supply interruptions: lessons from island and remote settings",
        "kind": "discussion",
        "language": "en",
        "posts": [
            {
                "author": "emily_rhodes",
                "body": """\
Insulin is one of the medicines whose interruption has the most immediate consequences: a person
with type 1 diabetes can go into ketoacidosis within days. Yet in my work with supply chains in the
region, I keep seeing the same failures:

- **Single-supplier dependence**: one tender winner, one product, and when the shipment is delayed,
  there is no alternative.
- Cold chain breaks at the **last mile**: insulin stored properly in the central warehouse, then
  left in a hot car or a clinic without a refrigerator.
- Patients switched between insulin types without proper guidance after a stockout.

I would like to collect practical solutions from people who have dealt with this.
""",
            },
            {
                "author": "jpierre",
                "body": """\
In Haiti the interruptions are frequent because of blocked roads and port problems. Our patients with
type 1 diabetes are mostly children and young people, supported partly by an international
programme. We learned to keep a **three-month buffer** for each registered patient in the hospital,
and to give patients two months of supply instead of one when the road situation looks bad.

For storage at home, we teach families to use clay pots with wet sand, which keep insulin cool
enough for weeks where there is no electricity.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
After hurricanes, insulin becomes a top priority item in the Caribbean. Our vulnerable persons
register includes all insulin-dependent patients, and before a storm, community health aides check
that each one has supply for at least two weeks and a cool storage option.

After the last storm, a neighbouring island ran out of insulin because its only refrigerated
warehouse flooded. Having stock **distributed** in several places is part of preparedness.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
From the regulatory side: one way to reduce single-supplier dependence is to have **more than one
insulin product registered** for each type. With the arrival of biosimilar insulins, several
regulatory authorities in the region have been using reliance on WHO prequalification or on
reference authorities to speed up registration.

But registering is not enough. Procurement rules also need to allow contracts with more than one
supplier.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
One more point: **patient switching**. When a stockout forced us to switch patients from one insulin
type to another, we saw a spike of hypoglycaemia cases in the following weeks, because the dosing
conversion was not explained well and some patients kept using their old syringes with new pens.

We now have a one-page conversion guide for nurses and a short script to explain the change to
patients, prepared before any stockout.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
Great contributions. Summary of practical measures:

- **Single supplier**: register more than one product and split tenders (Gabriela).
- **Supply disruptions**: three-month buffer per registered patient, longer refills in risky periods
  (Jean-Pierre).
- **Disasters**: vulnerable persons register and distributed storage (Nadia).
- **Home storage without power**: clay pot and wet sand cooling (Jean-Pierre).
- **Forced switching**: conversion guide and patient script prepared in advance (Dwayne).

I will add these to the toolkit I offered in the emergencies community.
""",
            },
        ],
    },
    # ------------------------------------------------------------------
    # health-workforce
    # ------------------------------------------------------------------
    {
        "community": "health-workforce",
        "author": "yrodriguez_cu",
        "title": "Intercambio de formación en enfermería entre Cuba y Haití: lo que aprendimos",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "yrodriguez_cu",
                "body": """\
Durante tres años participé en un proyecto de formación de **auxiliares de enfermería** en el Plateau
Central de Haití, con profesoras de nuestra facultad y enfermeras haitianas. Quiero compartir lo que
aprendimos, porque cometimos errores que otros pueden evitar.

**Lo que salió bien:**

- Formar primero a **instructoras haitianas**, que luego enseñaron a los grupos siguientes.
- Las prácticas en los propios dispensarios del departamento, no en un hospital de la capital.
- Los módulos de salud materna y de vacunación, muy prácticos y con mucha demanda.

**Lo que salió mal al principio:**

- Llegamos con el programa cubano y tuvimos que rehacerlo casi entero para ajustarlo a los
  protocolos y a la lista de medicamentos de Haití.
- Subestimamos el **idioma**: las clases en español con traducción al creole duraban el doble.
- Varias egresadas se fueron a Puerto Príncipe o al extranjero a los pocos meses.
""",
            },
            {
                "author": "jpierre",
                "body": """\
Yamilé, recuerdo bien ese proyecto, porque dos de las instructoras trabajan ahora en nuestro hospital.
Desde el lado haitiano, agrego algo: al principio hubo tensiones sobre el **alcance de la práctica**.
Las profesoras cubanas enseñaban cosas que en Haití hace solo la enfermera profesional, y las
auxiliares salían con expectativas que el sistema no reconocía.

Cuando se sentó a la mesa la dirección de enfermería del ministerio, eso se resolvió. Fue la mejor
decisión del proyecto.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Este tipo de cooperación entre países del Sur es muy valiosa, y el caso ilustra algo que vemos
seguido: los proyectos de formación funcionan cuando la **autoridad nacional que certifica** está
involucrada desde el diseño. Si no, se forma gente cuyo título no sirve para trabajar en el sistema.

Yamilé, ¿el título de las auxiliares fue reconocido por el ministerio haitiano?
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
Andrea, sí, pero nos tomó casi un año. El ministerio tuvo que revisar el programa, aprobar el
número de horas y hacer un examen nacional al final. Durante ese año, la primera cohorte esperó sin
poder ser contratada, y algunas se fueron.

Con la segunda cohorte el reconocimiento estaba listo desde el inicio, y la retención fue mucho mejor.
""",
            },
            {
                "author": "moderator",
                "body": """\
Quiero señalar la tensión entre formación y migración que menciona Yamilé, porque atraviesa todo
este foro. Formar enfermeras en un país donde no hay plazas ni salarios suficientes puede terminar
en que la cooperación financie, sin quererlo, la emigración.

¿Se discutió en el proyecto algún compromiso de permanencia, o algún vínculo con plazas del
ministerio? Sé que es polémico, pero me interesa cómo lo vieron.
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
En Guatemala vimos lo mismo con auxiliares de enfermería formadas en la región ixil. Las que
tenían más probabilidad de quedarse eran las que **venían de las propias comunidades** y hablaban el
idioma. Las que venían de la cabecera departamental se iban apenas conseguían plaza en la ciudad.

La selección de quién entra a la formación pesa tanto como el contenido.
""",
            },
            {
                "author": "mquispe",
                "body": """\
Coincido con Lucía. En Cusco, las técnicas en enfermería que más duran en los puestos de altura son
las que nacieron en esas provincias y hablan quechua. Hubo un programa de becas para jóvenes de
comunidades con el compromiso de volver a trabajar en su provincia, y varias siguen allí después
de diez años.
""",
            },
            {
                "author": "jpierre",
                "body": """\
Julián, se discutió, y la respuesta fue realista: no se puede obligar a alguien a quedarse en un país
donde el salario a veces llega con meses de retraso. Lo que sí funcionó en nuestro departamento fue
que el hospital comunitario y dos ONG **contrataran directamente** a las egresadas con salario regular
y alojamiento. De las doce que contratamos, diez siguen trabajando con nosotros.

El problema de la migración no se resuelve en el aula, se resuelve en la nómina.
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
Gracias, Jean-Pierre, por decirlo tan claro. Resumo las lecciones para quien piense un proyecto así:

1. **Adaptar el programa** a los protocolos y la lista de medicamentos del país que recibe.
2. Involucrar a la **autoridad que certifica** desde el primer día.
3. **Formar formadoras** locales para que el proyecto no dependa de profesores extranjeros.
4. **Seleccionar** estudiantes de las comunidades donde se necesitan.
5. Asegurar **empleo y salario** a las egresadas antes de que terminen.
6. Presupuestar el tiempo de **interpretación** si no se comparte el idioma.
""",
            },
        ],
    },
    {
        "community": "health-workforce",
        "author": "nkhan_tt",
        "title": "Nurse migration from the Caribbean: can recruitment agreements ever be fair?",
        "kind": "discussion",
        "language": "en",
        "posts": [
            {
                "author": "nkhan_tt",
                "body": """\
Our hospitals lost a large number of experienced nurses to recruitment from the United Kingdom,
the United States and Canada in the past few years. The hardest hit are the specialised units:
intensive care, operating theatres, neonatal care. In one hospital, half of the ICU nurses left within
eighteen months.

Nobody can blame a nurse for accepting a salary four or five times higher. But the countries that
train them bear the cost, and the countries that recruit reap the benefit.

Is there any **recruitment agreement** in the region that you would consider fair? What would one
look like?
""",
            },
            {
                "author": "dwilliams",
                "body": """\
Jamaica faces the same problem, and there have been attempts at bilateral arrangements where the
recruiting country funds the **training of replacement nurses**. In practice, the number of nurses
trained under those agreements has been much smaller than the number recruited, and the new
graduates lack the experience of those who left.

A fair agreement would have to compensate for **experience**, not just training places. An ICU nurse
with ten years of practice cannot be replaced by a new graduate.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Speaking as someone from a recruiting country, I think we have a responsibility here. The WHO Global
Code of Practice on the International Recruitment of Health Personnel sets principles for ethical
recruitment, and WHO maintains a list of countries with the most critical workforce shortages where
active recruitment should be avoided:
https://www.who.int/publications/i/item/9789240069787

The Code is voluntary, though, and many Caribbean countries are not on the list, so recruitment
there continues legally. Provinces in Canada recruit actively, sometimes through private agencies
with little oversight.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
From the US side, most international nurse recruitment goes through private staffing agencies.
Some of them include **repayment clauses** in contracts that make it very costly for nurses to leave
a bad job in the first years. The ethical problem is not only between countries but also in how
the nurses themselves are treated.

Any agreement should include protections for the migrating nurses, not only compensation between
governments.
""",
            },
            {
                "author": "jpierre",
                "body": """\
In Haiti the migration is different: nurses and doctors leave not only for higher salaries but also
because of **insecurity**. Some of my best colleagues left after being threatened or kidnapped. No
agreement or salary can compete with that.

I would add to the discussion: countries receiving health workers under humanitarian programmes
could at least help them keep links with their home system, for example through teaching or
telehealth support.
""",
            },
            {
                "author": "admin",
                "body": """\
This is one of the most active topics across Horizonte, and we are considering organising a regional
virtual dialogue on health worker migration later this year, with ministries from sending and
receiving countries. Would people in this thread be willing to contribute their experience to a
preparatory note? Reply here or send a message.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Teresa, count me in. From Central America, a point often missing: migration is not only to the North.
There is significant movement **within** the region, for example from Central America to Costa Rica and
Panama, or from Venezuela to neighbouring countries. Receiving countries in the South also have
responsibilities, including fast recognition of qualifications so that migrant nurses do not end up
working outside health.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
To make the discussion concrete, here are the vacancies in our two largest hospitals, compared with
three years ago:

- Intensive care: **21 of 48** budgeted posts vacant (6 three years ago)
- Operating theatre: **19 of 62** (8 three years ago)
- Neonatal unit: **9 of 30** (3 three years ago)

We cover the gaps with overtime, agency nurses and postponing elective surgery. None of these is
sustainable.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Those numbers are sobering. Ideas for what a fairer agreement could include, drawing on this thread:

- Compensation linked to the **experience** lost, not only training places (Dwayne).
- **Limits on recruitment** from specialised units with high vacancy rates.
- Enforceable **protections for recruited nurses**, including caps on repayment clauses (Emily).
- Support for **circular migration**: return pathways, recognition of experience gained abroad.
- Joint investment in training **within** the source country, including specialised programmes.

I would be happy to help draft the preparatory note Teresa mentioned.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
Thank you all. I will share this thread with our Chief Nursing Officer. On our side, we are also
looking at **retention**: faster promotion for ICU and theatre nurses, housing allowances for rural
postings, and a proper specialised training programme so people do not feel they have to leave to
develop professionally.

Agreements matter, but in the end we also need to make staying an attractive choice.
""",
            },
        ],
    },
    {
        "community": "health-workforce",
        "author": "beatriz_nunes",
        "title": "Residência multiprofissional em saúde da família: vale a pena para a equipe?",
        "kind": "question",
        "language": "pt",
        "posts": [
            {
                "author": "beatriz_nunes",
                "body": """\
Nossa UBS foi convidada para ser campo de uma **residência multiprofissional em saúde da família**:
enfermeiros, dentistas, psicólogos, nutricionistas e assistentes sociais residentes ficariam dois
anos conosco, com preceptoria da equipe.

Por um lado, adoraria ter residentes: trazem energia, perguntas e ajudam no volume de trabalho.
Por outro, a equipe já está sobrecarregada e a preceptoria toma tempo.

Quem já é campo de residência: valeu a pena? O que vocês negociariam antes de aceitar?
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Beatriz, nas avaliações que fizemos de programas de residência em Minas, as unidades que eram campo
de residência tinham **melhores indicadores de processo** (mais visitas domiciliares, mais grupos,
melhor registro) do que unidades semelhantes sem residentes. Mas a causalidade vai nos dois sentidos:
as unidades escolhidas já eram melhores.

O que mais importava para a satisfação dos preceptores era ter **horas protegidas** para a
preceptoria, formalizadas no contrato, e uma pequena bolsa ou gratificação.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
No Amazonas, residências com estágio no interior ajudaram a fixar profissionais. Alguns residentes
que passaram meses num município ribeirinho voltaram depois, concursados, porque criaram vínculo
com o lugar e com a equipe. Para nós, isso vale muito.

Mas concordo que a preceptoria precisa ser reconhecida. Quando não é, o preceptor vira um tutor
informal que faz tudo no tempo livre e se esgota.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Uma experiência de fora da área clínica: já apoiamos um programa que fazia parte da preceptoria
**a distância** para residentes em unidades remotas, com discussão de casos por videoconferência
e supervisão semanal. Não substitui o preceptor presente, mas ajudou onde não havia profissional
da mesma categoria na unidade, por exemplo um residente de psicologia sozinho numa equipe.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Complementando o Thiago: a preceptoria a distância funciona melhor quando existe pelo menos um
**preceptor de referência no local**, mesmo que de outra categoria, para o acompanhamento do dia a dia.

Beatriz, eu negociaria três coisas antes de aceitar: horas protegidas por escrito, participação da
equipe na definição das atividades dos residentes, e um plano para que os projetos dos residentes
**continuem depois que eles saem**. É frustrante quando o grupo criado pelo residente acaba junto
com a residência.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Obrigada, Pedro e todos. Vamos aceitar, com as condições: quatro horas semanais protegidas para cada
preceptor, uma reunião mensal com a coordenação da residência, e a regra de que cada projeto de
residente tem um "dono" na equipe para continuar depois.

Ana, gostei da ideia de estágio no interior. Vou sugerir que nossos residentes passem um mês numa
equipe do sertão.
""",
            },
        ],
    },
    {
        "community": "health-workforce",
        "author": "mquispe",
        "title": "SERUMS, año rural y servicio social obligatorio: ¿retienen o espantan a los jóvenes profesionales?",
        "kind": "question",
        "language": "es",
        "posts": [
            {
                "author": "mquispe",
                "body": """\
En Perú, los profesionales de salud recién egresados hacen el **SERUMS**, un año de servicio en zonas
rurales o urbano-marginales, requisito para trabajar en el sector público y postular a la residencia.
Cada año llegan a nuestra red médicos, obstetras, enfermeras y odontólogos jóvenes.

Algunos se enamoran del trabajo rural y se quedan. La mayoría cuenta los días para irse. Y las
comunidades se acostumbran a ver caras nuevas cada año.

¿Cómo funciona en sus países? ¿Hay algo que haya ayudado a que más profesionales se queden después
del servicio obligatorio?
""",
            },
            {
                "author": "moderator",
                "body": """\
En Colombia existe el **servicio social obligatorio**, que durante años fue de un año en un municipio,
a menudo rural. Las plazas se asignan por sorteo, lo que tiene ventajas de equidad, pero hace que
muchos terminen en lugares que no eligieron y sin ninguna preparación para el contexto.

La evidencia internacional sobre retención rural es bastante consistente: lo que más predice que un
profesional trabaje en zona rural es haber **nacido o crecido** allí, y haber tenido formación y
prácticas en entornos rurales durante la carrera. El servicio obligatorio por sí solo retiene poco.
""",
            },
            {
                "author": "rgarcia_mx",
                "body": """\
En México también hay **servicio social** para médicos, enfermeras y otras carreras de la salud,
incluida la mía, química farmacéutica. Lo hice hace más de veinte años en un centro de salud de la
sierra de Oaxaca y fue la experiencia más formativa de mi vida profesional. Pero también fue un año
de soledad y, en varios momentos, de inseguridad.

Hoy la inseguridad en algunas regiones es un problema grave para los pasantes. Hubo casos de
violencia que llevaron a retirar plazas de zonas de riesgo, y esas comunidades quedaron sin nadie.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
En Chile existe un programa distinto: médicos recién egresados pueden postular a trabajar varios
años en establecimientos de zonas apartadas y, a cambio, obtienen **prioridad para una especialidad**
financiada. Es voluntario, no obligatorio, y eso cambia mucho la actitud.

Algunos colegas hicieron todo el período en la zona austral y después volvieron como especialistas
al mismo hospital regional, porque ya tenían vida allí.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
En Ecuador hay un **año de salud rural** obligatorio para varias carreras de salud. Mi hermano lo
hizo como médico en un subcentro de la Amazonía. Lo que más le ayudó no fue el sueldo sino tener un
**tutor** en el hospital cantonal al que podía llamar. Los compañeros que no tenían ese respaldo
vivieron el año con mucho miedo de equivocarse.
""",
            },
            {
                "author": "rcondori",
                "body": """\
Les doy la mirada desde la comunidad. Los médicos jóvenes que llegan por un año casi nunca hablan
aymara. Algunos son muy respetuosos y aprenden; otros tratan a la gente con desprecio. Cuando se van,
la comunidad tiene que empezar otra vez a confiar en alguien nuevo.

Pedimos desde hace años que antes de llegar tengan una semana de **inducción** con los promotores y
las autoridades comunales. Cuando se hizo, la relación fue otra.
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
En Guatemala los estudiantes de medicina hacen su **ejercicio profesional supervisado** en
comunidades rurales antes de graduarse. Pasa lo mismo que cuenta René: llegan sin saber nada del
idioma ni de la cultura. En nuestra región armamos una inducción de tres días con comadronas y
promotores, y los estudiantes dicen que es lo más útil que les dieron.
""",
            },
            {
                "author": "mquispe",
                "body": """\
Gracias a todos, veo varias ideas que podríamos probar en la red:

- **Inducción comunitaria** antes de empezar, con promotores, parteras y autoridades (René, Lucía).
- Un **tutor clínico** accesible por teléfono en el hospital de referencia (Gabriela).
- Un camino voluntario con **beneficio real**, como prioridad para especialidad, para quien se queda
  más años (Fernanda).
- Priorizar plazas para profesionales **nacidos en la región** (Julián).

Lo de la seguridad que menciona Roberto no lo tenemos tan grave aquí, pero hay que tenerlo en cuenta.
""",
            },
        ],
    },
    {
        "community": "health-workforce",
        "author": "sarah_chen",
        "title": "Offer: 20 free seats in a blended course on implementation research for health programmes",
        "kind": "offer",
        "language": "en",
        "posts": [
            {
                "author": "sarah_chen",
                "body": """\
Our centre is running a **blended course on implementation research** from September to December:
six weeks online (about four hours per week) followed by a one-week workshop in Panama City. We have
**20 fully funded seats** for professionals from ministries of health, public universities and civil
society organizations in Latin America and the Caribbean.

- Language: English and Spanish (parallel groups); materials in both
- Participants come with a real programme problem and leave with a draft study protocol
- Funding covers tuition, travel and accommodation for the workshop

Applications open next month. Priority to teams of two from the same institution.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Sarah, would professionals from regulatory authorities be eligible? We have several questions that
fit implementation research, for example why some reliance procedures are adopted by evaluators
and others are not, even when the regulation allows them.
""",
            },
            {
                "author": "admin",
                "body": """\
Great offer, Sarah. The secretariat can host the workshop room at our office in Panama City if that
helps with costs. We will also share the call in the weekly digest of all communities.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Gabriela, yes, absolutely. Regulatory science has many implementation questions and we would welcome
a regulatory team. Your example would make an excellent course project.

Teresa, thank you, that would free budget for two more seats. I will post the application link here
as soon as it is open.
""",
            },
        ],
    },
    {
        "community": "health-workforce",
        "author": "lucia_tzul",
        "title": "Buscamos materiales de formación intercultural para comadronas en idiomas mayas",
        "kind": "request",
        "language": "es",
        "posts": [
            {
                "author": "lucia_tzul",
                "body": """\
Nuestra asociación trabaja con más de 200 comadronas en la región ixil y en municipios vecinos de
habla k'iche' y q'eqchi'. El ministerio reconoce el papel de las comadronas en la política nacional,
pero los materiales de formación que recibimos están en español, con mucho texto, y parten de la
idea de que la comadrona "no sabe" y hay que enseñarle.

**Buscamos:**

- Materiales en audio o con imágenes, en idiomas mayas o fáciles de adaptar
- Metodologías de **intercambio de saberes**, no solo de capacitación vertical
- Experiencias de otros países sobre cómo trabajar juntos parteras y personal de salud

Cualquier contacto o material es bienvenido.
""",
            },
            {
                "author": "mquispe",
                "body": """\
Lucía, en Cusco aprendimos que el primer paso no es el material sino el **trato**. Organizamos
encuentros de parteras y obstetras donde cada grupo contaba cómo atiende un parto. Las parteras
enseñaron posiciones y masajes que no conocíamos; nosotras explicamos los signos de alarma. Desde
ahí, los materiales se hicieron juntos.

Tenemos un video en quechua de uno de esos encuentros. Te lo puedo mandar para que veas la
metodología, aunque el idioma no les sirva directamente.
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
Desde la formación de enfermería, recomiendo algo que nos funcionó en proyectos en Centroamérica:
el **análisis de casos reales** (anonimizados) en grupo, donde la comadrona cuenta un parto difícil
que vivió y el grupo discute qué pasó y qué se podría hacer. Se aprende más de un caso propio que
de diez láminas.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
En la subregión hubo varios proyectos de salud materna con enfoque intercultural que produjeron
materiales en idiomas mayas, por ejemplo láminas de signos de peligro y cuñas de radio. Muchos están
dispersos en los archivos de proyectos terminados. Voy a pedir a los colegas de Guatemala que
revisen qué hay disponible en k'iche' y q'eqchi'.

También existe una guía regional sobre **adecuación intercultural** de servicios de salud materna
que puede ayudar a argumentar ante el ministerio.
""",
            },
            {
                "author": "rcondori",
                "body": """\
Desde Bolivia, una sugerencia práctica: grabamos los mensajes en **audio en los celulares** de las
parteras, porque la mayoría tiene celular aunque no lea. Un audio corto por tema: sangrado, fiebre,
bebé que no mama. Las parteras los escuchan y los comparten con otras por mensaje.

Si quieren, les paso nuestro guion en aymara para que vean la estructura.
""",
            },
            {
                "author": "lucia_tzul",
                "body": """\
Gracias, esto es justo lo que buscábamos. Marisol, sí al video; Andrea, gracias por buscar en los
archivos; René, los audios en el celular son una idea perfecta para nuestras comadronas.

Vamos a organizar el primer **encuentro de intercambio de saberes** en dos meses, como en Cusco, y de
ahí saldrán los audios en ixil, k'iche' y q'eqchi'. Les contaré.
""",
            },
        ],
    },
    {
        "community": "health-workforce",
        "author": "thiago_lima",
        "title": "Telessaúde para educação permanente: quantas horas por mês são realistas para a APS?",
        "kind": "question",
        "language": "pt",
        "posts": [
            {
                "author": "thiago_lima",
                "body": """\
Estamos desenhando com um consórcio de municípios um programa de **educação permanente por
telessaúde** para equipes da APS: webconferências, cursos curtos e discussão de casos. O consórcio
quer "pelo menos oito horas por mês por profissional". Meu instinto diz que isso é irreal.

Para quem está na ponta ou já avaliou programas assim: quanto tempo as equipes realmente conseguem
dedicar? E qual formato funciona melhor?
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Thiago, oito horas por mês é quase um turno inteiro de atendimento a menos por semana. Nenhuma
coordenação libera isso sem reduzir agenda, e a população reclama.

Na nossa UBS, o que funciona é **uma hora por semana**, no horário da reunião de equipe, com
discussão de um caso real nosso. Webconferência com slide de uma hora e meia, ninguém assiste: fica
o computador ligado na sala e a equipe atendendo.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
A literatura sobre educação permanente confirma a Beatriz: o que muda prática é aprendizagem **ligada
a problemas reais do serviço**, em equipe, e com continuidade, mais do que horas de curso. Os dados de
acesso de programas de telessaúde geralmente mostram alta inscrição e baixa conclusão nos cursos longos.

Eu mediria outra coisa: em vez de horas por profissional, o número de **casos discutidos** e de
mudanças de processo que a equipe implementou depois.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
No interior do Amazonas, a **teleconsultoria** (um profissional pergunta, um especialista responde)
teve mais impacto do que os cursos, porque responde a uma dúvida concreta no momento em que ela
aparece. Com internet ruim, a teleconsultoria assíncrona, por texto e fotos, funciona melhor que a
videoconferência.

Quando alguém do interior fazia muitas teleconsultorias sobre o mesmo tema, isso virava sinal de que
era preciso um curso curto sobre aquilo.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Obrigado, vou levar ao consórcio uma proposta diferente:

- **Uma hora por semana** na reunião de equipe, com discussão de caso real e apoio de especialista
  por videoconferência (Beatriz).
- **Teleconsultoria assíncrona** disponível sempre, com temas frequentes virando cursos curtos (Ana).
- Indicadores de **casos discutidos e mudanças implementadas**, não só horas (Pedro).

Cerca de quatro horas por mês, mas horas que as equipes de fato vão usar.
""",
            },
        ],
    },
    # ------------------------------------------------------------------
    # digital-health
    # ------------------------------------------------------------------
    {
        "community": "digital-health",
        "author": "fcastillo",
        "title": "Teledermatología en atención primaria: cómo bajamos la lista de espera en Chile",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "fcastillo",
                "body": """\
Quiero compartir nuestra experiencia con **teledermatología asincrónica** desde el CESFAM. Antes,
una derivación a dermatología podía esperar más de un año. Ahora, el médico de APS toma fotos con
un dermatoscopio acoplado al celular, completa un formulario en la plataforma del servicio de salud
y un dermatólogo responde en pocos días.

Datos de nuestro centro en el primer año:

- **412** interconsultas enviadas, con una mediana de **6 días** hasta la respuesta.
- **58 %** resueltas sin consulta presencial y **29 %** derivadas a presencial con prioridad.
- **13 %** devueltas por mala calidad de la foto.

El punto débil es ese 13 % de fotos inútiles. ¿Alguien tiene experiencia en mejorar la calidad de
las imágenes sin capacitaciones largas?
""",
            },
            {
                "author": "moderator",
                "body": """\
Muy buenos números, Fernanda. Un 58 % resuelto sin presencialidad es un cambio enorme para la
persona, que se ahorra viajes y días de trabajo.

Pregunta de evaluador: ¿tienen información sobre qué pasó con los casos "resueltos"? Es decir, ¿se
sabe si esas personas mejoraron, o si consultaron después por el mismo problema? La reducción de la
lista de espera es real, pero conviene verificar que no se esté trasladando la espera a otro lado.
""",
            },
            {
                "author": "mquispe",
                "body": """\
En Perú la telesalud tiene ley y normativa, y en Cusco se usa sobre todo para teleinterconsultas
desde centros de salud hacia el hospital regional. El problema en las zonas altas es la
**conectividad**: subir fotos de buena calidad con una señal intermitente puede tomar horas.

Ahí sirve que la plataforma permita guardar la consulta sin conexión y enviarla cuando haya señal.
¿La plataforma que usan en Chile funciona así?
""",
            },
            {
                "author": "fcastillo",
                "body": """\
Julián, no tenemos ese seguimiento sistemático. Hicimos una revisión manual de 60 casos resueltos y
en 9 la persona volvió a consultar por lo mismo en los seis meses siguientes, en general porque no
siguió el tratamiento o no lo pudo comprar. Es un dato pequeño, pero sugiere que el cuello de
botella después es el acceso a los medicamentos tópicos.

Marisol, la plataforma es web y necesita conexión para enviar. Las fotos se toman con la cámara del
celular y se suben después, pero el formulario no se puede llenar sin conexión. Sería una buena mejora.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
En Centroamérica algunos países empezaron con teledermatología y telerradiología justamente porque
son especialidades muy "visuales" y asincrónicas. Un aprendizaje común es que el **protocolo de
fotografía** sea muy corto: tres fotos obligatorias (panorámica, media distancia y primer plano con
regla o moneda al lado), buena luz natural y sin flash.

Se imprimió en una tarjeta plastificada que quedó pegada junto a la camilla. Bajó mucho la tasa de
fotos rechazadas, sin capacitación adicional.
""",
            },
            {
                "author": "jpierre",
                "body": """\
En nuestro hospital usamos teledermatología con un hospital universitario de otro país a través de un
programa de cooperación. Funciona bien para casos difíciles, pero aprendimos que la respuesta debe
ser **adaptada a lo que existe localmente**. Recibíamos recomendaciones de tratamientos que no había
en Haití. Ahora enviamos junto con la consulta la lista de medicamentos disponibles.
""",
            },
            {
                "author": "rcondori",
                "body": """\
Una pregunta desde la comunidad: ¿cómo manejan el **consentimiento** para las fotos? En nuestras
comunidades mucha gente no quiere que le saquen fotos, menos de partes íntimas, y tienen miedo de
dónde terminan esas imágenes. Si el médico saca la foto con su celular personal, la desconfianza es
todavía mayor.
""",
            },
            {
                "author": "moderator",
                "body": """\
René plantea algo importante que a veces los programas olvidan. Las buenas prácticas incluyen:
consentimiento explícito para cada foto, uso de **dispositivos institucionales** y no personales,
aplicaciones que no guardan las imágenes en la galería del teléfono, y borrado local después del envío.

Fernanda, si tu equipo quisiera hacer una evaluación más formal, con seguimiento a seis meses y
satisfacción de usuarios, desde la escuela podríamos apoyar con el diseño.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
Gracias. Nos llevamos varias cosas:

- La **tarjeta plastificada** con el protocolo de tres fotos (Andrea). La vamos a hacer esta semana.
- Revisar el **consentimiento** y asegurar que solo se usen los celulares institucionales (René,
  Julián). Hoy algunos colegas usan el propio, y eso hay que cambiarlo.
- Pedir a la plataforma una función de **formulario sin conexión** (Marisol).
- Julián, acepto la propuesta de evaluación. Te escribo para coordinar.
""",
            },
        ],
    },
    {
        "community": "digital-health",
        "author": "dwilliams",
        "title": "DHIS2 or building our own HMIS: what did your ministry decide and why?",
        "kind": "question",
        "language": "en",
        "posts": [
            {
                "author": "dwilliams",
                "body": """\
Our ministry is reviewing its health management information system. Part of the IT team wants to
adopt **DHIS2**, the open-source platform used by many countries. Another part wants to build a custom
system with a local software company, arguing that DHIS2 does not fit our needs and that we will
depend on external support.

I am not a developer, but I use the data every week. What did your countries decide, and what do you
wish you had known before?
""",
            },
            {
                "author": "jpierre",
                "body": """\
Haiti uses DHIS2 as the national platform for aggregate health data. From a hospital perspective,
the main advantage is that all partners and programmes report in **one place**, instead of each NGO
having its own forms and databases. Before, I filled in the same numbers in four different reports.

The main problem is not the software but connectivity and the training of data clerks, who change often.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
As a developer: building your own HMIS is almost always more expensive and slower than people expect,
and the hardest part is not version 1 but **maintenance** over ten years. Custom systems tend to die
when the contract with the company ends or the key developer leaves.

DHIS2 is not perfect, but it has a large community, regular releases and a documented API. The real
question is whether you have a team that can configure it and develop apps on top of it.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
For research and evaluation, DHIS2 has been very helpful in several countries I work with because the
data can be extracted through the **Web API** in a standard way. For example, this is roughly how our
analysts pull a monthly indicator by district for the last 12 months:

```python
import requests

BASE_URL = "https://hmis.example.org/api"
params = {
    "dimension": [
        "dx:ANC1_COVERAGE_UID",        # indicator identifier
        "pe:LAST_12_MONTHS",           # relative period
        "ou:NATIONAL_UID;LEVEL-3",     # all districts under the national level
    ],
    "displayProperty": "NAME",
}
response = requests.get(BASE_URL + "/analytics.json", params=params, auth=("analyst", "secret"))
response.raise_for_status()
for row in response.json()["rows"]:
    print(row)  # [indicator, period, district, value]
```

With a custom system, every evaluation starts by negotiating a bespoke data export.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
One thing to think about early is **emergencies**. During a hurricane response we need to set up new
forms for shelters and rapid assessments within a day or two. On a configurable platform, a trained
person in the ministry can do it. With a custom system, we would have to wait for the vendor to
develop and deploy a new module. That happened to a neighbouring country, and they ended up using
spreadsheets for weeks.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
Do not forget the **logistics data**. In many countries the HMIS and the logistics management
information system were chosen separately and never talk to each other, so you cannot compare
consumption of medicines with the number of patients treated. Whatever you decide, plan the
interoperability between the two from the start.
""",
            },
            {
                "author": "admin",
                "body": """\
For those interested, there are regional communities of practice for DHIS2 implementers in Latin
America and the Caribbean, and several ministries have shared their configuration and lessons at
regional meetings. The platform documentation is here: https://docs.dhis2.org

If Jamaica decides to explore it, the secretariat can help arrange a virtual exchange with one or
two countries that use it at national scale.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
Thank you, this gives me good arguments for the next meeting. My summary for the committee:

1. Building custom is usually **more expensive over ten years**, mainly because of maintenance.
2. A configurable platform lets the ministry **adapt forms quickly**, which matters in emergencies.
3. A **standard API** makes evaluation and research easier.
4. Whatever we choose, we need a **local team** with real skills, and a plan for logistics data.

Teresa, yes please to the virtual exchange.
""",
            },
        ],
    },
    {
        "community": "digital-health",
        "author": "thiago_lima",
        "title": "Interoperabilidade com FHIR: experiências de integração de prontuários com a rede nacional",
        "kind": "discussion",
        "language": "pt",
        "posts": [
            {
                "author": "thiago_lima",
                "body": """\
Nosso sistema de prontuário para clínicas e municípios precisa enviar registros de vacinação e de
atendimentos para a **rede nacional de dados em saúde**, que usa o padrão HL7 FHIR. Quero trocar
experiências com quem já fez essa integração, porque a documentação é boa mas a prática tem
armadilhas.

As maiores dificuldades até agora:

- **Certificado digital** e autenticação: cada estabelecimento precisa estar configurado.
- Mapeamento dos nossos códigos internos de vacinas para os **códigos oficiais**.
- Identificação do paciente quando só temos nome e data de nascimento.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Do ponto de vista da pesquisa, a integração com um padrão nacional é uma revolução. Durante anos,
trabalhamos com bases que não conversavam entre si. Com o FHIR, em tese, o registro de vacina feito
numa clínica privada aparece no histórico do cidadão no SUS.

Thiago, qual a proporção de registros que vocês conseguem enviar sem erro na primeira tentativa?
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Pedro, começamos com cerca de 70 % de sucesso na primeira tentativa; hoje estamos em 94 %.
A maior parte dos erros era de **identificação do paciente** e de campos obrigatórios vazios.

Para quem está começando, um exemplo bem simplificado de um recurso de imunização (não é o perfil
oficial, só para ilustrar a estrutura):

```json
{
  "resourceType": "Immunization",
  "status": "completed",
  "vaccineCode": {
    "coding": [
      {
        "system": "https://example.org/fhir/CodeSystem/imunobiologicos",
        "code": "VACINA-TRIPLICE-VIRAL",
        "display": "Sarampo, caxumba e rubéola"
      }
    ]
  },
  "patient": { "reference": "Patient/12345" },
  "occurrenceDateTime": "2024-05-14T09:30:00-03:00",
  "lotNumber": "LOTE123",
  "performer": [{ "actor": { "reference": "Practitioner/678" } }],
  "protocolApplied": [{ "doseNumberPositiveInt": 1 }]
}
```

O perfil nacional acrescenta extensões e restrições. Vale ler com calma a especificação oficial
e a documentação do recurso no site do HL7: https://hl7.org/fhir/R4/immunization.html
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Do lado da UBS, o que percebemos é que quando a integração funciona, a busca ativa fica muito mais
precisa: a criança que tomou vacina na clínica particular deixa de aparecer como atrasada. Antes
dependíamos da mãe trazer a caderneta.

Mas ainda há muitos casos em que o registro da clínica não aparece. É falha de envio ou de
identificação?
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
No Uruguai temos uma história clínica eletrônica nacional, que integra prestadores públicos e
privados, e o registro de vacinação também é nacional e nominal. A lição principal que tiramos foi
que o **identificador único** da pessoa é a base de tudo. Com o documento de identidade usado por todos
os prestadores, a maioria dos problemas de pareamento desaparece.

Quando a pessoa é migrante sem documento, voltamos aos mesmos problemas que a Beatriz descreve.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
No interior, o desafio é mais básico: muitas salas de vacina registram **offline** e sincronizam dias
depois, quando a equipe volta para a sede. Às vezes o registro chega à rede nacional semanas após a
vacinação. Para a cobertura mensal isso é um problema, porque a dose entra no mês errado.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Beatriz, pela nossa experiência, a maioria das falhas que sobram é de **identificação**: a criança foi
registrada sem documento na clínica e não encontrada na base nacional. A solução que adotamos foi
bloquear o registro sem documento, exceto em situações justificadas, o que gerou reclamação das
recepcionistas, mas melhorou muito.

Ana, no FHIR a data da vacinação é a data da ocorrência, não a do envio. Se os relatórios usam a data
de envio, o problema é do relatório. Vale conferir com a equipe de informação.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Bom ponto, Thiago. Sugiro que qualquer análise de cobertura use a **data de ocorrência** e considere
um atraso de fechamento de pelo menos dois meses, para dar tempo aos envios tardios.

Este fio é um bom exemplo de por que interoperabilidade não é só tecnologia: passa pela identificação
das pessoas, pelo processo de registro na ponta e pela forma como os dados são analisados.
""",
            },
        ],
    },
    {
        "community": "digital-health",
        "author": "gvillacres",
        "title": "Receta electrónica y firma digital: ¿qué marco regulatorio tienen en sus países?",
        "kind": "question",
        "language": "es",
        "posts": [
            {
                "author": "gvillacres",
                "body": """\
En nuestra agencia estamos trabajando con el ministerio una norma para la **receta electrónica**.
Las preguntas que más discutimos:

- ¿Qué tipo de **firma** exigir? Firma electrónica avanzada, firma simple con usuario y contraseña,
  o un código verificable.
- ¿Cómo manejar los **medicamentos controlados** (psicotrópicos y estupefacientes)?
- ¿Qué pasa con las farmacias sin conexión en zonas rurales?

Me gustaría conocer cómo lo resolvieron en otros países y qué problemas aparecieron después.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
En Chile la receta electrónica se usa ampliamente en el sector público y en buena parte del privado.
Desde la consulta, lo que más se nota es que la farmacia del CESFAM recibe la receta al instante y
no hay problemas de letra ilegible.

Para los controlados la regulación fue más lenta, y durante un tiempo convivieron la receta
electrónica para todo lo demás y el talonario en papel para psicotrópicos. Esa convivencia confunde
a los pacientes.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
En Uruguay existe una **receta digital** integrada con la historia clínica electrónica nacional. Una
lección: la norma debe definir también **cuánto tiempo** es válida la receta y cuántas veces se puede
dispensar, porque en papel eso estaba implícito y en digital tuvo que escribirse.

Y para las farmacias: el sistema tiene que funcionar también cuando la persona no tiene celular.
Muchos adultos mayores llegan con el número de documento y nada más.
""",
            },
            {
                "author": "rgarcia_mx",
                "body": """\
Desde la industria, un tema que conviene prever: la receta electrónica genera **datos de prescripción**
muy valiosos comercialmente. En varios países hubo intentos de empresas de acceder a esos datos con
fines de marketing. La norma debe dejar claro quién es el responsable de los datos, con qué fines
pueden usarse y que se prohíbe su uso comercial identificado por prescriptor.

Lo digo aunque a mi sector no le convenga: es mejor dejarlo claro desde el inicio.
""",
            },
            {
                "author": "moderator",
                "body": """\
Sobre la firma: una firma avanzada con certificado digital es la opción más segura, pero si el
trámite para obtenerla es engorroso, los médicos rurales no la van a tener y se crea una brecha.
Algunos países optaron por una solución escalonada: firma avanzada para controlados y una
autenticación robusta del profesional en la plataforma para el resto.

Sobre zonas sin conexión, la receta puede llevar un **código verificable** impreso que la farmacia
valida cuando tenga conexión, con un límite de cantidad en el primer despacho.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Muy útil. Con lo que comparten, la propuesta va a incluir:

1. Firma **escalonada**: avanzada para controlados, autenticación fuerte para el resto (Julián).
2. Vigencia y número de dispensaciones definidos explícitamente (Carolina).
3. Dispensación con documento de identidad, sin exigir celular.
4. Código verificable para farmacias sin conexión, con límite en el primer despacho.
5. Un artículo específico sobre **uso de los datos de prescripción**, con prohibición de uso
   comercial identificado (Roberto, gracias por la franqueza).
6. Un periodo de transición corto para controlados, para evitar la convivencia confusa (Fernanda).
""",
            },
        ],
    },
    {
        "community": "digital-health",
        "author": "admin",
        "title": "Call for case studies: digital health in primary care across the Americas",
        "kind": "announcement",
        "language": "en",
        "posts": [
            {
                "author": "admin",
                "body": """\
Horizonte is collecting **short case studies** on digital health interventions in primary care to
publish as a regional compilation later this year. We are looking for honest accounts, including
things that did not work.

Each case study should be two to three pages and cover:

1. The problem and the setting
2. What was implemented (technology, processes, people)
3. Results, with whatever data you have
4. Costs, if known
5. What you would do differently

Deadline: end of next quarter. Submissions in English, Spanish, Portuguese or French. Selected authors
will be invited to present in a regional webinar.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Great initiative. Can companies submit case studies, or only public institutions? We have a case
with a municipality that we could write together with the municipal health team, including the
parts that went wrong, which were many.
""",
            },
            {
                "author": "jpierre",
                "body": """\
Could we submit a case study about a failure? We introduced tablets for community health workers
two years ago, and the project collapsed after a few months because of charging problems and theft.
I think it is a useful story for others, even if it is not a success.
""",
            },
            {
                "author": "admin",
                "body": """\
Thiago: yes, as long as the case study is co-authored with the public partner and any commercial
interest is declared. Jean-Pierre: absolutely yes, failure stories are some of the most useful ones
and we actively want them. Please go ahead.
""",
            },
        ],
    },
    {
        "community": "digital-health",
        "author": "ana_souza",
        "title": "Prontuário eletrônico offline em áreas sem internet: qual solução vocês usam?",
        "kind": "question",
        "language": "pt",
        "posts": [
            {
                "author": "ana_souza",
                "body": """\
Muitas das nossas equipes de saúde da família ribeirinhas e das unidades indígenas trabalham semanas
**sem internet**. Hoje a maioria registra em fichas de papel e digita quando volta para a sede, o que
gera atraso, erros e retrabalho.

Queremos testar registro eletrônico offline em tablets, com sincronização quando houver conexão.
Perguntas práticas:

- Que aplicativos vocês usam e como lidam com **conflitos** de sincronização?
- Como resolver a **energia** para carregar os aparelhos em viagens de duas semanas?
- Quantos tablets se perdem ou quebram por ano?
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Ana, sobre conflitos: a regra mais simples e robusta é que cada registro clínico tem um **autor e um
dispositivo**, e os registros nunca são editados por dois aparelhos ao mesmo tempo. Um atendimento é
criado num tablet e só pode ser alterado nele até sincronizar. Conflito de verdade só aparece no
cadastro das famílias, quando duas ACS atualizam o mesmo domicílio. Aí vale "o mais recente vence",
com registro do histórico.

Aplicativos que trabalham primeiro offline e depois sincronizam são o padrão hoje; o aplicativo
oficial de território já funciona assim para os agentes.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Na cidade temos internet, mas ela cai com frequência, e a experiência com o aplicativo de território
das ACS é boa. O que mais deu problema foi a **atualização de versão**: quando saía uma versão nova,
metade dos tablets ficava desatualizada e não sincronizava. Precisamos de um dia fixo por mês para
todas as ACS atualizarem juntas na UBS.
""",
            },
            {
                "author": "admin",
                "body": """\
Sobre energia, compartilho o que vimos em projetos no Darién, no Panamá: **carregadores solares
portáteis** com painel dobrável e bateria externa resolveram bem para tablets e celulares. Cada
equipe levava dois kits. O custo foi pequeno comparado ao custo de perder dias de registro.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Do ponto de vista da qualidade dos dados, vale a pena medir antes e depois: tempo entre o atendimento
e o dado disponível no sistema, proporção de campos obrigatórios preenchidos e erros de digitação
(datas impossíveis, idades incoerentes). Em avaliações que acompanhei, o registro eletrônico na ponta
reduziu muito os erros de transcrição, mas no início aumentou os campos vazios.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Sobre perdas: nos projetos que acompanhamos, a perda ou quebra ficou em torno de **10 a 15 % ao ano**
em áreas rurais, principalmente por queda, água e furto. Capas resistentes e sacos estanques
reduziram bastante. Vale incluir reposição no orçamento desde o início.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
Obrigada a todos. Vamos montar um piloto com três equipes fluviais:

- Tablets com capa resistente e **saco estanque**, mais dois kits de carregador solar por equipe.
- Aplicativo offline com a regra de autoria por dispositivo que o Thiago descreveu.
- **Dia fixo de atualização** quando as equipes voltam à sede (Beatriz).
- Indicadores de qualidade antes e depois, com apoio do Pedro.
- Orçamento de reposição de 15 % ao ano.
""",
            },
        ],
    },
    {
        "community": "digital-health",
        "author": "sarah_chen",
        "title": "Sharing health data across borders for research: how do you handle data protection?",
        "kind": "discussion",
        "language": "en",
        "posts": [
            {
                "author": "sarah_chen",
                "body": """\
We are preparing a multi-country study on maternal health quality with partners in four countries of
the region. Each country has a different **data protection law**, and the ethics committees ask
different things. One wants the data to stay in the country; another requires a signed data transfer
agreement; a third has no specific rule but a very cautious committee.

How have others handled cross-border health data for research? Federated analysis, anonymisation,
data transfer agreements?
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
In Brazil, the general data protection law treats health data as **sensitive data**, with stricter
rules for processing and sharing. For research, there are specific bases for processing, but
international transfer needs additional safeguards. In practice, what we have seen work is
**federated analysis**: each site runs the same analysis script locally and shares only aggregate
results. The raw data never leaves the country.

It requires more coordination, but it removes most legal barriers.
""",
            },
            {
                "author": "moderator",
                "body": """\
Colombia also has a general data protection law with special rules for sensitive data. One practical
point: "anonymised" data is often not anonymous in small populations. A maternal death in a small
municipality, with age and date, identifies the woman immediately.

I would recommend planning **statistical disclosure control** (suppressing small cells, aggregating
geographic units) regardless of what the law requires.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
Jamaica's data protection law is relatively recent, and institutions are still learning how to apply
it. Our ethics committee now asks for a **data management plan** for any study involving health
records: who accesses the data, where it is stored, how long it is kept and when it is destroyed.
It added a few weeks to approvals, but it forced researchers to think about things they used to ignore.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
From the cooperation side, an approach that has helped in multi-country projects is a **common
protocol with country annexes**: the scientific protocol is shared, and each country has an annex
describing how its law and its ethics committee requirements are met. It is easier for each
committee to review, and it makes the differences visible from the start.
""",
            },
            {
                "author": "sarah_chen",
                "body": """\
Very helpful. Our plan now:

- **Federated analysis** with a shared script, only aggregate results leave each country (Thiago).
- **Small-cell suppression** and geographic aggregation rules agreed in advance (Julián).
- A **data management plan** for every site, even where it is not required (Dwayne).
- A common protocol with **country annexes** for each ethics committee (Andrea).

It will take longer at the beginning, but I expect fewer surprises later.
""",
            },
        ],
    },
    # ------------------------------------------------------------------
    # medicines-regulation
    # ------------------------------------------------------------------
    {
        "community": "medicines-regulation",
        "author": "gvillacres",
        "title": "Reliance regulatorio: ¿cómo usar decisiones de otras autoridades sin renunciar a decidir?",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "gvillacres",
                "body": """\
En nuestra agencia implementamos hace dos años una **vía abreviada de registro** para medicamentos ya
aprobados por autoridades reguladoras de referencia o precalificados por la OMS. En lugar de evaluar
todo el expediente desde cero, revisamos los informes de evaluación de la otra autoridad y nos
concentramos en lo que es específico de nuestro país.

Los tiempos cambiaron bastante: la mediana hasta la decisión bajó de **410 días** con la
evaluación completa a **120 días** con la vía abreviada.

Pero dentro de la agencia hay resistencias. Algunos evaluadores sienten que "firmamos lo que otros
decidieron" y que perdemos soberanía. ¿Cómo lo han manejado en otros países?
""",
            },
            {
                "author": "rgarcia_mx",
                "body": """\
Desde la industria, la vía abreviada es una gran noticia, sobre todo para medicamentos esenciales
que no son negocio grande: con 410 días de evaluación, muchas empresas simplemente no registraban
productos para mercados pequeños. Con 120 días, vale la pena.

Pero un detalle importante: el reliance solo funciona si el producto es **el mismo** que aprobó la
autoridad de referencia: misma fórmula, mismo sitio de fabricación, mismas especificaciones. Hemos
visto casos en que se presenta como "el mismo" un producto fabricado en otra planta.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Las buenas prácticas de reliance publicadas por la OMS insisten en algo que responde a la duda de
los evaluadores: **reliance no es reconocimiento automático**. La autoridad nacional sigue siendo
responsable de la decisión; lo que hace es usar el trabajo de otros para no repetirlo, y dedicar su
capacidad a lo que solo ella puede evaluar.

En la región hay además un grupo de autoridades reguladoras nacionales de referencia regional, y
varias agencias más pequeñas han firmado acuerdos para usar sus decisiones.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Roberto, justamente por eso exigimos una **declaración de identidad del producto** firmada por el
titular y la comparamos con el informe de la autoridad de referencia. Ya rechazamos dos solicitudes
en que el sitio de fabricación no coincidía.

Andrea, lo de "no es reconocimiento automático" lo usamos en las capacitaciones internas, y ayuda.
Lo que más tranquiliza a los evaluadores es ver qué **sí** revisamos nosotros: etiquetado en español,
estabilidad para nuestra zona climática y condiciones de uso locales.
""",
            },
            {
                "author": "yrodriguez_cu",
                "body": """\
No soy regulatoria, pero trabajo con colegas de la autoridad reguladora de mi país en la formación de
farmacéuticos. Algo que me comentan es que el reliance funciona en dos sentidos: ser una autoridad de
referencia implica **compartir informes** y aceptar que otros los usen, lo cual también requiere
confianza y trabajo. No es solo de los países pequeños hacia los grandes.
""",
            },
            {
                "author": "moderator",
                "body": """\
Quiero plantear el argumento de soberanía al revés: ¿qué tan soberano es un país donde un
medicamento esencial no está disponible porque la agencia tarda más de un año en evaluarlo? La
soberanía sanitaria también se mide por el **acceso** de la población.

Dicho esto, el temor de los evaluadores es legítimo si se pierde capacidad técnica. Conviene que la
vía abreviada libere tiempo para fortalecer otras áreas, como la inspección y la farmacovigilancia.
""",
            },
            {
                "author": "rgarcia_mx",
                "body": """\
Un punto práctico que a veces se olvida: la **estabilidad**. Muchos países de la región están en zonas
climáticas calientes y húmedas, y un producto aprobado para clima templado puede necesitar estudios
de estabilidad adicionales. Es de lo poco que siempre debe revisarse localmente, y donde he visto
rechazos justificados.
""",
            },
            {
                "author": "mquispe",
                "body": """\
Desde un puesto de salud en la sierra, lo que yo veo es el resultado final: medicamentos que faltan
porque "no hay registro" o porque "el único proveedor registrado no se presentó a la licitación".
Nos pasó con el sulfato de magnesio en una presentación concreta y con algunos antibióticos
pediátricos.

Así que cualquier cosa que aumente el número de productos esenciales registrados, bienvenida.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
El comentario de Marisol es el mejor argumento para los evaluadores escépticos. Gabriela, si les
sirve, en algunos países se han hecho **talleres conjuntos** entre evaluadores de la agencia y
personal de servicios de salud, para que los evaluadores vean el efecto de sus tiempos en los
pacientes. Cambia la conversación.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Gracias, muy buena discusión. Lo que vamos a hacer:

1. Seguir insistiendo en que **reliance no es reconocimiento automático**, mostrando qué revisamos
   nosotros (Andrea).
2. Mantener la **declaración de identidad del producto** y la revisión de **estabilidad** para
   nuestra zona climática (Roberto).
3. Usar el tiempo liberado para reforzar **inspección y farmacovigilancia** (Julián).
4. Organizar un taller con personal de primer nivel para que los evaluadores escuchen casos como
   el de Marisol.

Les cuento cómo va.
""",
            },
        ],
    },
    {
        "community": "medicines-regulation",
        "author": "emily_rhodes",
        "title": "Forecasting essential medicines demand when consumption data is unreliable",
        "kind": "question",
        "language": "en",
        "posts": [
            {
                "author": "emily_rhodes",
                "body": """\
I am supporting a national medicines forecasting exercise and, as usual, the consumption data is
incomplete: some facilities do not report, stockouts hide real demand, and some "consumption" is
really distribution to lower levels.

I know the textbook methods, but I am interested in what has worked for you **in practice**,
especially for hospitals and health centres with patchy reporting.
""",
            },
            {
                "author": "jpierre",
                "body": """\
In our hospital the biggest distortion is **stockouts**. If amoxicillin was out of stock for two months,
the consumption report shows low use, and next year we receive less, and the stockout repeats. It is a
vicious circle. Nobody at the central level asks why consumption dropped.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
Jean-Pierre, that is the most common problem and there is a standard adjustment: divide consumption by
the number of days the product was **in stock**, then multiply by the days in the period. If 300 units
were used in 60 days of availability during a 90-day quarter, adjusted consumption is 450 units.

A quick summary of methods, for others reading:

- **Consumption-based**: past use adjusted for stockouts. Good for stable programmes; watch for
  hidden demand and reporting gaps.
- **Service-based**: number of visits or patients treated. Good where service data is reliable;
  reflects prescribing habits, good or bad.
- **Morbidity-based**: expected cases times standard treatment. Useful for new programmes; tends to
  overestimate when guidelines are not followed.
- **Demographic**: population times expected need. Works for vaccines and contraceptives; fragile
  with migration and an outdated census.

In practice I triangulate at least two methods and discuss the differences with clinicians.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
We added a simple step in Jamaica that improved forecasts a lot: every facility reports **stock on hand
and days out of stock** together with consumption, on the same monthly form. Without the stockout days,
Emily's adjustment is impossible.

It took a year of insisting before the reporting rate of stockout days went above 80 %.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
For medicines bought through regional pooled procurement, an additional complication is the **lead
time**: the forecast has to be submitted many months before delivery. Countries that did best in
Central America used a rolling forecast updated quarterly, even if the formal submission was annual,
so they could adjust orders before shipment.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
And please add an **emergency buffer** for the hurricane season or whatever your main hazard is. In our
first forecasting exercise after a storm, we had no data on the extra demand for wound care and
chronic medicines in the weeks after, so we underestimated. Now we keep a separate line in the
forecast for seasonal emergency needs.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
Thank you all. Practical recommendations I will include in the report:

- Adjust consumption for **days out of stock**, and collect that data routinely (Jean-Pierre, Dwayne).
- **Triangulate** at least two methods and review differences with clinicians.
- Use a **rolling quarterly forecast** for items with long lead times (Andrea).
- Keep a separate **seasonal emergency line** in the forecast (Nadia).

Nothing new in theory, but it helps to hear it works in practice.
""",
            },
        ],
    },
    {
        "community": "medicines-regulation",
        "author": "rgarcia_mx",
        "title": "Compras conjuntas regionales: ¿qué ganan los países y qué pierden los productores locales?",
        "kind": "discussion",
        "language": "es",
        "posts": [
            {
                "author": "rgarcia_mx",
                "body": """\
Abro un tema que genera debate en mi sector. Los mecanismos regionales de **compras conjuntas** de
medicamentos y vacunas permiten a los países acceder a mejores precios y a productos de calidad
asegurada. Eso es indiscutible.

Pero desde un laboratorio mediano latinoamericano, vemos que competimos en condiciones difíciles:
volúmenes enormes que favorecen a grandes fabricantes de Asia, y requisitos como la precalificación
de la OMS que pocas plantas de la región tienen. A veces un país deja de comprar a un productor
nacional para comprar por el mecanismo regional.

¿Cómo se equilibra el acceso a mejores precios con el desarrollo de la **producción regional**?
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Roberto, la pregunta es legítima y está en la agenda regional desde la pandemia, cuando quedó claro
que depender de producción lejana es un riesgo. Los fondos regionales de compra de vacunas y de
medicamentos estratégicos siguen siendo clave para países pequeños, que solos no tendrían poder de
negociación.

Al mismo tiempo, hay iniciativas para fortalecer la **producción regional**, incluida la transferencia
de tecnología para vacunas de ARN mensajero a productores de la región. Pero los tiempos de esas
iniciativas son largos.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
En Chile existe una central nacional de abastecimiento que compra para la red pública y para farmacias
municipales. Como médica lo veo desde la receta: cuando la central logra un buen precio, el CESFAM
tiene el medicamento; cuando la licitación queda desierta, tenemos quiebres de stock.

Los quiebres muchas veces vienen de licitaciones donde se presentó un solo oferente. Tener **más
proveedores registrados**, nacionales o no, es lo que más protege.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Desde la regulación: la precalificación de la OMS y la aprobación por autoridades de referencia son
requisitos de calidad, no barreras comerciales. Pero entiendo el punto de Roberto: para una planta
mediana, cumplir las buenas prácticas de fabricación al nivel exigido requiere una inversión grande.

Las agencias podemos ayudar con **inspecciones conjuntas** y con programas de apoyo para que más
plantas de la región lleguen a esos estándares.
""",
            },
            {
                "author": "moderator",
                "body": """\
Me permito disentir un poco. La compra pública no debería ser una política industrial encubierta:
su objetivo es asegurar acceso a medicamentos de calidad al mejor precio para la población. Si un
país quiere promover la producción nacional, debería hacerlo con instrumentos explícitos (crédito,
transferencia tecnológica, compras garantizadas por volumen y plazo), sin que los pacientes paguen
la diferencia.

Dicho esto, la dependencia total de pocos proveedores lejanos es un riesgo sanitario real, como vimos.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
Para un país chico como Uruguay, el fondo rotatorio regional para vacunas es irremplazable. Solos
pagaríamos precios mucho más altos por volúmenes pequeños, y en algunos productos no tendríamos
proveedor. Lo que sí pedimos es mejor **previsibilidad** de entregas: en algunos años hubo retrasos que
nos obligaron a reorganizar el calendario.
""",
            },
            {
                "author": "rgarcia_mx",
                "body": """\
Gracias. Me quedo con varias ideas:

- Las compras conjuntas son irremplazables para países chicos (Carolina) y eso no está en discusión.
- La producción regional requiere **instrumentos explícitos** de política, no compras públicas más
  caras (Julián, aunque me duela, tienes razón).
- Las agencias pueden ayudar con inspecciones conjuntas y apoyo técnico para alcanzar estándares
  (Gabriela).
- **Más proveedores registrados** protegen contra los quiebres (Fernanda).

Mi empresa está evaluando el camino a la precalificación para dos productos. Es caro, pero parece
el único camino para competir en serio.
""",
            },
        ],
    },
    {
        "community": "medicines-regulation",
        "author": "pedro_mendes",
        "title": "Oferta: cooperação em farmacovigilância na atenção primária (notificação e capacitação)",
        "kind": "offer",
        "language": "pt",
        "posts": [
            {
                "author": "pedro_mendes",
                "body": """\
Nosso grupo de pesquisa desenvolveu, junto com a vigilância sanitária estadual, um programa para
aumentar a **notificação de eventos adversos a medicamentos** na atenção primária. Antes do programa,
quase todas as notificações vinham de hospitais; a APS praticamente não notificava.

**Oferecemos:**

- Material de capacitação (curso de oito horas) para enfermeiros, médicos e farmacêuticos da APS
- Um formulário simplificado de notificação, testado em 40 UBS
- Apoio remoto para adaptar o material a outros estados ou países de língua portuguesa e espanhola

Podemos também receber visitas técnicas de equipes interessadas.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
Pedro, seria muito útil para nós, especialmente para integrar com a vigilância de **eventos
supostamente atribuíveis à vacinação**. No interior, as salas de vacina notificam ESAVI, mas os outros
profissionais da mesma unidade não notificam reações a medicamentos. São dois fluxos separados, e
muita gente nem sabe que existe o segundo.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Na minha UBS ninguém notificava porque achávamos que notificação era só para reação grave e
"comprovada". Quando participei de uma capacitação, entendi que **a suspeita basta**. Desde então
notifiquei umas quinze reações, a maioria leve, mas duas eram interessantes: um lote de antibiótico
com queixas repetidas de falta de efeito.

O curso de oito horas é bom, mas acho que uma versão de uma hora, para reunião de equipe, alcançaria
mais gente.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Uma sugestão técnica: o formulário simplificado poderia ser integrado ao prontuário eletrônico, com
campos já preenchidos (paciente, medicamento prescrito, lote quando disponível). Quanto menos
digitação, mais notificação. Se quiserem, posso ajudar a especificar isso para os sistemas mais usados
pelos municípios.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Escrevo em português para manter o fio. Alguns países da América Central pediram apoio justamente para
levar a farmacovigilância à atenção primária. Seria possível ter a versão em **espanhol** do material?
Eu poderia apresentar a oferta numa reunião subregional de autoridades reguladoras e organizar um
projeto de cooperação entre países, se houver interesse.
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Ótimas contribuições:

- Ana: vamos preparar um módulo que integre **ESAVI e reações a medicamentos** no mesmo fluxo de
  capacitação.
- Beatriz: aceita a ideia da **versão de uma hora** para reunião de equipe.
- Thiago: vamos conversar sobre a integração ao prontuário.
- Andrea: sim, a tradução para o espanhol já está em andamento. Quando estiver pronta, aviso aqui.
""",
            },
        ],
    },
    {
        "community": "medicines-regulation",
        "author": "dwilliams",
        "title": "Request: guidance on medicine quality testing for a small island state",
        "kind": "request",
        "language": "en",
        "posts": [
            {
                "author": "dwilliams",
                "body": """\
Our ministry has received reports of possible **substandard and falsified medicines** in private
pharmacies and informal markets: antimalarials brought by travellers, antibiotics sold loose, and some
"natural" products with undeclared active ingredients. We do not have a national quality control
laboratory with the capacity to test systematically.

We are looking for advice on:

- Regional testing arrangements that small states can use
- Field screening tools that are worth the investment
- How to design a risk-based **sampling plan** with limited resources
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Dwayne, for small states the most efficient option is usually not to build a full laboratory but to
use **regional or reference laboratories** through agreements, and to invest locally in screening and
sampling. In the Caribbean, the regional public health agency and its medicines quality programme
already test samples for member states; it would be worth checking what your country can access
through that arrangement.

For a sampling plan, focus on products with the highest risk and impact: antibiotics, antimalarials,
antihypertensives and products sold outside regulated pharmacies.
""",
            },
            {
                "author": "emily_rhodes",
                "body": """\
On field screening: portable **minilab kits** (thin-layer chromatography and simple tests) are cheap
and useful for detecting products with no active ingredient or the wrong one, which is typical of
falsified medicines. They do not detect subtle quality problems, such as poor dissolution. Handheld
spectrometers are faster but much more expensive and need reference libraries.

Any positive screening result must be confirmed by a laboratory before regulatory action.
""",
            },
            {
                "author": "nkhan_tt",
                "body": """\
One thing that helped us was connecting the **pharmacovigilance** reports with sampling. When a health
centre reports lack of effect with a specific batch, that batch goes to the top of the sampling list.
It is a cheap way to target sampling and it motivates staff to report, because they see it leads to
something.
""",
            },
            {
                "author": "dwilliams",
                "body": """\
Very helpful. Plan:

1. Check our access to the **regional testing arrangement** and sign whatever agreement is needed (Gabriela).
2. Buy two **minilab kits** for inspectors, with confirmation of positives by the reference laboratory (Emily).
3. Sampling plan focused on antibiotics, antimalarials and antihypertensives, and on informal outlets.
4. Link sampling to **pharmacovigilance reports** of lack of effect (Nadia).

I will report back after the first sampling round.
""",
            },
        ],
    },
    {
        "community": "medicines-regulation",
        "author": "aortiz_cr",
        "title": "Evaluación de tecnologías sanitarias para decidir sobre medicamentos de alto costo",
        "kind": "question",
        "language": "es",
        "posts": [
            {
                "author": "aortiz_cr",
                "body": """\
Varios ministerios de Centroamérica nos piden apoyo para decidir sobre **medicamentos de alto costo**:
oncológicos, biológicos para enfermedades autoinmunes, terapias para enfermedades raras. La presión
llega por todas partes: asociaciones de pacientes, médicos, industria y, cada vez más, tribunales que
ordenan la compra de productos para casos individuales.

La mayoría de esos países no tiene una unidad de **evaluación de tecnologías sanitarias (ETS)**.
¿Cómo empezaron en sus países? ¿Qué estructura mínima hace falta para que la ETS influya realmente
en las decisiones?
""",
            },
            {
                "author": "moderator",
                "body": """\
En Colombia existe un instituto de evaluación de tecnologías que produce evaluaciones y guías, y el
país tiene una larga historia de decisiones judiciales que ordenan entregar medicamentos. La lección
principal: la ETS solo tiene peso si su proceso es **transparente** (criterios públicos, participación
de pacientes y clínicos, informes publicados). Si no, los jueces y el público la ven como una excusa
para negar.

Para empezar, no hace falta un instituto grande: una unidad pequeña que **adapte evaluaciones de
otros países** a los precios y datos locales ya es un gran paso.
""",
            },
            {
                "author": "fcastillo",
                "body": """\
En Chile hay una ley que creó un sistema de protección financiera para diagnósticos y tratamientos
de alto costo, con un proceso de evaluación que incluye evidencia, costo, impacto presupuestario y
participación ciudadana. No es perfecto, pero cambió la discusión: antes cada familia hacía rifas y
campañas para pagar tratamientos; ahora hay un listado de condiciones cubiertas y un proceso para
incorporar nuevas.
""",
            },
            {
                "author": "gvillacres",
                "body": """\
Desde la regulación, es importante distinguir los roles: la agencia reguladora decide si un
medicamento es **seguro, eficaz y de calidad**; la ETS decide si vale la pena **financiarlo** con
recursos públicos. Cuando se mezclan, aparecen presiones para negar registros por razones de costo,
lo que no corresponde.

En la región existe una red de evaluación de tecnologías sanitarias que comparte informes entre
países. Para un país que empieza, es una fuente de evaluaciones ya hechas.
""",
            },
            {
                "author": "rgarcia_mx",
                "body": """\
Desde la industria, una crítica constructiva: los procesos de ETS que funcionan bien son
**predecibles**. Las empresas saben qué evidencia presentar y cuánto tiempo toma. Cuando el proceso
es opaco o cambia según el caso, la negociación se traslada a los tribunales y a la prensa, y eso
es peor para todos, incluidos los pacientes.

Y un tema poco discutido: los **acuerdos de precio confidenciales**. Muchos países los aceptan, pero
eso impide que otros sepan cuánto se pagó realmente.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
En Uruguay hay un fondo nacional que financia medicamentos y procedimientos de alto costo para toda
la población, con protocolos de indicación y evaluación de resultados. Algo que funciona bien es que
cada incorporación viene con un **protocolo de uso** y un registro de pacientes tratados. Así se puede
evaluar después si los resultados en la vida real se parecen a los de los ensayos.
""",
            },
            {
                "author": "aortiz_cr",
                "body": """\
Gracias, esto me da una hoja de ruta para proponer a los ministerios:

1. Una **unidad pequeña** que adapte evaluaciones existentes de la red regional y otros países (Julián, Gabriela).
2. **Proceso transparente y predecible**: criterios públicos, plazos conocidos, participación de
   pacientes y clínicos (Julián, Roberto).
3. **Separación de roles** entre regulación y financiamiento (Gabriela).
4. Cada incorporación con **protocolo de uso y registro de resultados** (Carolina).
5. Un mecanismo de financiamiento explícito, como el chileno o el uruguayo, para que las decisiones
   no queden en manos de los tribunales caso por caso (Fernanda).

Lo de los precios confidenciales merece un hilo propio.
""",
            },
        ],
    },
    {
        "community": "medicines-regulation",
        "author": "beatriz_nunes",
        "title": "Antimicrobianos na APS: como reduzir a prescrição em infecções respiratórias virais?",
        "kind": "question",
        "language": "pt",
        "posts": [
            {
                "author": "beatriz_nunes",
                "body": """\
Na nossa UBS fizemos uma auditoria simples de prontuários: em **quase metade** das consultas por
infecção de vias aéreas superiores (resfriado, faringite, sinusite aguda) saiu uma receita de
antibiótico. Muitas vezes a pedido do paciente: "se não der antibiótico, vou ter que voltar".

Queremos reduzir isso sem brigar com a população e sem que os médicos se sintam policiados.
Alguém tem experiências que funcionaram na atenção primária?
""",
            },
            {
                "author": "pedro_mendes",
                "body": """\
Beatriz, as intervenções com melhor evidência na APS combinam várias coisas:

- **Auditoria e retorno**: mostrar a cada prescritor sua taxa comparada com a dos colegas.
- **Prescrição postergada**: a receita é entregue com a orientação de só usar se não melhorar em
  alguns dias. Muitos pacientes acabam não usando.
- **Comunicação com o paciente**: explicar o curso natural da doença e o que fazer se piorar.
- Em alguns contextos, **teste rápido de proteína C reativa** no ponto de atendimento.

A classificação AWaRe da OMS também ajuda a orientar a escolha quando o antibiótico é necessário,
priorizando os do grupo de acesso.
""",
            },
            {
                "author": "cmorales_uy",
                "body": """\
No Uruguai tivemos uma campanha nacional com um material simples para a sala de espera: um folheto
que diz quanto tempo dura cada infecção respiratória comum e quais sinais indicam que a pessoa deve
voltar. Os médicos o entregavam no lugar da receita. Os pacientes se sentiam "atendidos" mesmo sem
antibiótico.
""",
            },
            {
                "author": "thiago_lima",
                "body": """\
Do lado da tecnologia: o prontuário pode ajudar com um lembrete discreto quando o diagnóstico é de
infecção viral e há prescrição de antibiótico. Mas cuidado com alertas demais: médicos ignoram alertas
que aparecem o tempo todo. Um relatório mensal por prescritor, como o Pedro sugere, costuma funcionar
melhor que alertas em tempo real.
""",
            },
            {
                "author": "ana_souza",
                "body": """\
No interior há um fator a mais: o paciente mora longe e tem medo de não conseguir voltar se piorar.
Aí a **prescrição postergada** faz ainda mais sentido, porque a pessoa leva a receita para casa e tem
uma saída se não melhorar. Mas as farmácias precisam respeitar a receita, e muitas vendem antibiótico
sem receita de qualquer forma.
""",
            },
            {
                "author": "beatriz_nunes",
                "body": """\
Obrigada. Vamos testar por seis meses:

1. **Relatório mensal por prescritor**, apresentado de forma individual e sem exposição pública (Pedro, Thiago).
2. **Prescrição postergada** para casos duvidosos, com orientação por escrito (Pedro, Ana).
3. O **folheto** sobre duração das infecções, adaptado do material uruguaio (Carolina).

Depois repetimos a auditoria e comparamos. Se funcionar, levamos para as outras UBS do distrito.
""",
            },
        ],
    },
]
