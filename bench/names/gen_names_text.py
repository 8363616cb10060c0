#!/usr/bin/env python3
"""Deterministic inputs for the name-matching benchmark (bench/names/run.sh).

    python3 bench/names/gen_names_text.py [--seed S] [--text-mb MB] DIR

Writes to DIR:

  names-1000.txt, names-10000.txt, names-100000.txt
      One name per line (UTF-8): company, product and project names and codes
      of a Polish/Spanish/German/English construction business -- "Cementownia
      Łomianki", "Hormigones García", "Müller Baustoffe", "Termoflex Pro 25 kg",
      "Osiedle Zielone Wzgórza", "MAT-0042", "LOM-2024-07" -- mostly 1-4 words.
      Every name starts and ends with a letter or digit and the names are
      unique after case folding.  The 1k set is the first 1000 lines of the
      10k set, which is the first 10000 lines of the 100k set.

  text-100mb.txt (text-<MB>mb.txt)
      About MB * 10^6 bytes of mail body text (UTF-8, Polish, Spanish, German,
      English, with diacritics): greetings, sentences about deliveries, offers,
      invoices and sites, material lists, quoted replies and signatures.  Names
      from the 1k set occur about once every 300 bytes; names only in the 10k
      set, and names only in the 100k set, a few times less often.  A small
      share of mentions is written in capitals, lower case or without
      diacritics ("HORMIGONES GARCÍA", "Cementownia Lomianki"), which tools
      without Unicode case or diacritic folding will not find.

The output depends only on --seed and --text-mb.  When it is complete a marker
file DIR/.generated-v1-SEED-MB is written; if that marker already exists the
run does nothing.  Standard library only.
"""

import argparse
import os
import random
import sys
import unicodedata

VERSION = "v1"

# --------------------------------------------------------------------------
# Vocabulary for names

PL_PLACES = [
    "Łomianki", "Piaseczno", "Pruszków", "Wołomin", "Otwock", "Legionowo", "Grodzisk", "Żyrardów", "Gdańsk",
    "Łódź", "Kraków", "Wrocław", "Poznań", "Białystok", "Rzeszów", "Częstochowa", "Świnoujście", "Zielona Góra",
    "Bielsko-Biała", "Kędzierzyn-Koźle", "Ostrołęka", "Nowy Sącz", "Tczew", "Sopot", "Gniezno", "Kalisz", "Płock",
    "Siedlce", "Łuków", "Mińsk Mazowiecki", "Radom", "Kielce", "Lublin", "Olsztyn", "Toruń", "Bydgoszcz", "Opole",
    "Zamość", "Chełm", "Przemyśl", "Tarnów", "Gorzów", "Koszalin", "Słupsk", "Elbląg", "Ełk", "Suwałki", "Łomża",
    "Września", "Śrem", "Jarocin", "Kołobrzeg", "Wałbrzych", "Legnica", "Głogów", "Żary", "Żagań", "Nysa",
]
PL_SURNAMES = [
    "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak",
    "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski",
    "Pawłowski", "Michalski", "Król", "Wróbel", "Jabłoński", "Majewski", "Olszewski", "Stępień", "Jaworski",
    "Malinowski", "Adamczyk", "Dudek", "Górski", "Sikora", "Baran", "Rutkowski", "Ziółkowski", "Łukasik",
    "Śliwiński", "Kaczmarek", "Zając", "Wieczorek", "Jasiński", "Wróblewski", "Pietrzak", "Kubiak", "Żak",
]
PL_GIVEN = ["Jan", "Piotr", "Andrzej", "Krzysztof", "Tomasz", "Paweł", "Marek", "Michał", "Grzegorz", "Józef",
            "Łukasz", "Wojciech", "Zbigniew", "Stanisław", "Dariusz", "Mirosław", "Agnieszka", "Małgorzata"]
PL_PREFIXES = [
    "Cementownia", "Betoniarnia", "Hurtownia Budowlana", "Przedsiębiorstwo Budowlane", "Zakład Stolarski",
    "Kruszywa", "Składnica Materiałów", "Żwirownia", "Tartak", "Usługi Dźwigowe", "Transport Ciężki", "Instalacje",
    "Dekarstwo", "Elektromontaż", "Geodezja", "Pracownia Projektowa", "Wytwórnia Betonu", "Prefabrykaty",
    "Stal", "Skład Opału", "Wodociągi", "Kamieniarstwo", "Hurtownia Stali", "Rusztowania",
]
PL_SUFFIXES = ["Budownictwo", "Transport", "Instalacje", "i Synowie", "Bud", "Stal", "Dach", "Serwis",
               "Usługi Budowlane", "Konstrukcje", "Elektro", "Sprzęt", "Projekt", "Inwestycje", "Hydraulika"]

ES_PLACES = [
    "Alcalá", "Getafe", "Móstoles", "Leganés", "Zaragoza", "Valencia", "Sevilla", "Málaga", "Córdoba", "Bilbao",
    "Logroño", "León", "Cáceres", "Ávila", "Segovia", "Jaén", "Almería", "Castellón", "Alicante", "Murcia",
    "Cartagena", "Gijón", "Oviedo", "Santander", "Pamplona", "Vitoria", "Huesca", "Teruel", "Cuenca", "Albacete",
    "Badajoz", "Mérida", "Toledo", "Guadalajara", "Lleida", "Girona", "Tarragona", "Reus", "Alcorcón", "Écija",
]
ES_SURNAMES = [
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
    "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez",
    "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina",
    "Morales", "Suárez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias",
    "Medina", "Garrido", "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Cano", "Prieto", "Méndez",
    "Calvo", "Gallego", "Vidal", "Márquez", "Herrera", "Peña", "Cabrera", "Fuentes", "Carrasco", "Ibáñez",
]
ES_GIVEN = ["Juan", "José", "Antonio", "Manuel", "Francisco", "Javier", "Jesús", "Ángel", "Íñigo", "Nuria",
            "María", "Carmen", "Begoña", "Rocío", "Andrés", "Ramón"]
ES_PREFIXES = [
    "Hormigones", "Construcciones", "Áridos", "Excavaciones", "Estructuras", "Ferretería", "Transportes", "Grúas",
    "Instalaciones", "Carpintería", "Cerámicas", "Prefabricados", "Reformas", "Aislamientos", "Cimentaciones",
    "Pavimentos", "Andamios", "Derribos", "Fontanería", "Promociones", "Maderas", "Cubiertas",
]
ES_SUFFIXES = ["Hermanos", "e Hijos", "Obras", "Reformas", "Construcciones", "Grupo", "Ingeniería", "Servicios"]

DE_PLACES = [
    "München", "Köln", "Düsseldorf", "Nürnberg", "Würzburg", "Lübeck", "Göttingen", "Saarbrücken", "Osnabrück",
    "Mönchengladbach", "Fürth", "Jülich", "Tübingen", "Görlitz", "Gießen", "Lüneburg", "Bückeburg", "Dresden",
    "Leipzig", "Hannover", "Bremen", "Kassel", "Erfurt", "Zwickau", "Cottbus", "Passau", "Regensburg", "Ulm",
    "Straßburg", "Lörrach", "Überlingen", "Öhringen", "Bad Tölz", "Frankfurt Oder",
]
DE_SURNAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
    "Lehmann", "Köhler", "Herrmann", "König", "Walter", "Huber", "Kaiser", "Fuchs", "Peters", "Möller", "Weiß",
    "Jung", "Hahn", "Vogel", "Keller", "Günther", "Berger", "Winkler", "Böhm", "Jäger", "Krämer", "Groß",
    "Seidel", "Brandt", "Ziegler", "Kühn", "Pfeiffer", "Dörr", "Süß", "Lührs",
]
DE_GIVEN = ["Hans", "Jürgen", "Klaus", "Günter", "Uwe", "Jörg", "Stefan", "Björn", "Sören", "Anja", "Käthe"]
DE_SUFFIXES = [
    "Baustoffe", "Bau", "Hochbau", "Tiefbau", "Betonwerk", "Gerüstbau", "Dachtechnik", "Haustechnik", "Holzbau",
    "Stahlbau", "Transporte", "Kranverleih", "Fliesen", "Elektrotechnik", "Bauunternehmung", "Straßenbau",
    "Baumaschinen", "Erdbau", "Trockenbau", "Schüttgüter",
]
DE_PREFIXES = ["Betonwerk", "Kieswerk", "Baustoffhandel", "Bauunternehmen", "Zimmerei", "Schreinerei",
               "Ingenieurbüro", "Baustoffzentrum", "Gerüstbau", "Stahlhandel", "Ziegelei"]

EN_PLACES = [
    "Northfield", "Riverside", "Oakwood", "Ashford", "Bristol", "Leeds", "Sheffield", "Croydon", "Harrow",
    "Kingston", "Dover", "Reading", "Swindon", "Bolton", "Derby", "Norwich", "Exeter", "Ipswich", "Luton",
    "Watford", "Stockport", "Wigan", "Halifax", "Carlisle", "Durham", "Bangor", "Ely", "Kendal", "Whitby",
]
EN_SURNAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Taylor", "Davies", "Evans", "Wilson", "Roberts",
    "Walker", "Wright", "Thompson", "Hughes", "Green", "Hall", "Clarke", "Baker", "Harris", "Cooper", "Turner",
    "Hill", "Wood", "Moore", "Ward", "Morgan", "Parker", "Bennett", "Carter", "Mitchell", "Collins", "Bailey",
    "Fletcher", "Hargreaves", "Ashworth", "Pemberton", "Whitaker", "O'Brien", "McAllister", "Fitzgerald",
]
EN_GIVEN = ["John", "David", "Paul", "Mark", "Gareth", "Ian", "Stuart", "Claire", "Siobhan", "Niamh"]
EN_SUFFIXES = [
    "Construction", "Concrete", "Builders", "Scaffolding", "Plant Hire", "Aggregates", "Roofing", "Steelworks",
    "Civil Engineering", "Developments", "Timber", "Formwork", "Surveying", "Demolition", "Groundworks",
    "Brickwork", "Drylining", "Electrical", "Glazing", "Haulage",
]

BRAND_HEADS = [
    "Termo", "Izo", "Beto", "Stal", "Dach", "Hydro", "Poli", "Flex", "Mega", "Tecno", "Eko", "Aqua", "Klima",
    "Multi", "Ultra", "Fibro", "Gips", "Cera", "Silka", "Mur", "Ferro", "Vita", "Nord", "Alpi", "Kombi", "Duro",
    "Sol", "Pan", "Tyt", "Grano", "Kwarc", "Ston", "Bau", "Fix", "Kalk", "Lehm", "Ziegel", "Porta", "Cemo", "Vento",
]
BRAND_TAILS = [
    "plast", "flex", "mix", "bud", "therm", "fix", "tec", "dur", "crete", "line", "seal", "stone", "wall", "roof",
    "form", "pox", "lit", "tex", "gum", "kol", "max", "sil", "pur", "mat", "col", "grip", "lux", "bit", "tan", "ex",
]
PRODUCT_LINES = [
    "Pro", "Plus", "Max", "Extra", "Premium", "Classic", "Rapid", "Ultra", "Grunt", "Fasada", "Fachada", "Fassade",
    "Façade", "Duo", "Light", "Hydro", "Nord", "Śnieżka", "Żel", "Rápido", "Außen", "Innen", "Kleber", "Szpachla",
    "Mortero", "Putz", "Primer", "Sellador", "Dämmung", "Tynk", "Klej", "Fuga", "Membrana", "Estuco",
]
PRODUCT_SPECS = [
    "25 kg", "20 kg", "5 l", "10 l", "C25/30", "C30/37", "C35/45", "CEM II 42.5R", "CEM I 52.5N", "PP4", "PP5",
    "M-10", "M-15", "B500SP", "B500S", "RAL 7016", "RAL 9010", "600x300", "1200x600", "12 mm", "15 mm", "100 mm",
    "EPS 100", "EPS 200", "XPS 300", "Ø12", "Ø16", "Ø20", "FH 40", "T2", "T3", "S1", "W8", "F150", "HA-25", "HA-30",
]

PROJECT_PATTERNS = {
    "pl": [("Osiedle", ["Zielone Wzgórza", "Słoneczne", "Pod Dębami", "Nad Wisłą", "Leśna Polana", "Złote Łany",
                        "Wiśniowy Sad", "Różany Gaj", "Krzemieniec", "Żurawia"]),
           ("Budowa Hali", PL_PLACES), ("Rozbudowa Szkoły", PL_PLACES), ("Biurowiec", ["Żelazna", "Wola Tower",
            "Mokotów Point", "Praga Nova", "Łąkowa 12", "Świętokrzyska 30"]), ("Most", ["Płock", "Toruń", "Kwidzyn"])],
    "es": [("Residencial", ["Los Olivos", "Los Pinos", "Los Almendros", "El Mirador", "La Alameda", "Las Acacias",
                            "Montecarmelo", "Valdebebas", "El Cañaveral", "Peñagrande"]),
           ("Nave", ES_PLACES), ("Obra", ES_PLACES), ("Torre", ["Castellana", "Ebro", "Guadalquivir", "Albufera"]),
           ("Centro Logístico", ES_PLACES)],
    "de": [("Wohnpark", DE_PLACES), ("Neubau", ["Schulzentrum Süd", "Rathaus Nord", "Kita Sonnenschein",
                                                "Hafencity Block C", "Bahnhofsviertel"]),
           ("Quartier", ["Am Mühlbach", "Lindenhof", "Rosengärten", "Alte Spinnerei", "Kaiserhöfe"]),
           ("Sanierung", DE_PLACES)],
    "en": [("Phase", ["1 Riverside", "2 Riverside", "1 Northgate", "2 Kingsway", "3 Oakwood"]),
           ("Retail Park", EN_PLACES), ("Gateway", EN_PLACES), ("Business Park", EN_PLACES)],
}

CODE_PREFIXES = ["MAT", "LOM", "PRJ", "OBR", "ZAM", "PED", "ALB", "BST", "INV", "PO", "WZ", "OFR", "ANG", "PRO",
                 "BUD", "OBRA", "AUF", "LS", "REQ", "SUB"]
CODE_COUNTRIES = ["PL", "ES", "DE", "UK", "WAW", "MAD", "BCN", "MUC", "LDN", "GDA", "KRK", "SVQ"]


def company_name(rng):
    lang = rng.choices(["pl", "es", "de", "en"], weights=[35, 30, 20, 15])[0]
    r = rng.random()
    if lang == "pl":
        if r < 0.30:
            return f"{rng.choice(PL_PREFIXES)} {rng.choice(PL_PLACES)}"
        if r < 0.55:
            return f"{rng.choice(PL_SURNAMES)} {rng.choice(PL_SUFFIXES)}"
        if r < 0.70:
            return f"{rng.choice(PL_SURNAMES)}-{rng.choice(['Bud', 'Stal', 'Trans', 'Dach', 'Pol', 'Tech'])}"
        if r < 0.85:
            return f"{rng.choice(PL_PREFIXES)} {rng.choice(PL_SURNAMES)}"
        return f"{rng.choice(PL_GIVEN)} {rng.choice(PL_SURNAMES)} {rng.choice(PL_SUFFIXES)}"
    if lang == "es":
        if r < 0.35:
            return f"{rng.choice(ES_PREFIXES)} {rng.choice(ES_SURNAMES)}"
        if r < 0.55:
            return f"{rng.choice(ES_PREFIXES)} {rng.choice(ES_PLACES)}"
        if r < 0.70:
            return f"{rng.choice(ES_PREFIXES)} {rng.choice(ES_SURNAMES)} {rng.choice(ES_SUFFIXES)}"
        if r < 0.80:
            return f"{rng.choice(ES_SURNAMES)} y {rng.choice(ES_SURNAMES)}"
        if r < 0.90:
            return f"Grupo {rng.choice(ES_SURNAMES)} {rng.choice(ES_PLACES)}"
        return f"{rng.choice(ES_GIVEN)} {rng.choice(ES_SURNAMES)} {rng.choice(ES_PREFIXES)}"
    if lang == "de":
        if r < 0.40:
            return f"{rng.choice(DE_SURNAMES)} {rng.choice(DE_SUFFIXES)}"
        if r < 0.60:
            return f"{rng.choice(DE_PREFIXES)} {rng.choice(DE_PLACES)}"
        if r < 0.75:
            return f"{rng.choice(DE_SURNAMES)} {rng.choice(DE_SUFFIXES)} GmbH"
        if r < 0.88:
            return f"{rng.choice(DE_SURNAMES)} & {rng.choice(DE_SURNAMES)}"
        return f"{rng.choice(DE_GIVEN)} {rng.choice(DE_SURNAMES)} {rng.choice(DE_SUFFIXES)}"
    if r < 0.40:
        return f"{rng.choice(EN_SURNAMES)} {rng.choice(EN_SUFFIXES)}"
    if r < 0.60:
        return f"{rng.choice(EN_PLACES)} {rng.choice(EN_SUFFIXES)}"
    if r < 0.75:
        return f"{rng.choice(EN_SURNAMES)} & Sons"
    if r < 0.88:
        return f"{rng.choice(EN_SURNAMES)} {rng.choice(EN_SUFFIXES)} Ltd"
    return f"{rng.choice(EN_GIVEN)} {rng.choice(EN_SURNAMES)} {rng.choice(EN_SUFFIXES)}"


def product_name(rng):
    head, tail = rng.choice(BRAND_HEADS), rng.choice(BRAND_TAILS)
    style = rng.random()
    if style < 0.10:
        brand = (head + tail).upper()          # TERMOFLEX
    elif style < 0.20:
        brand = head + tail.capitalize()       # TermoFlex
    else:
        brand = head + tail                    # Termoflex
    r = rng.random()
    if r < 0.15:
        return brand
    if r < 0.45:
        return f"{brand} {rng.choice(PRODUCT_LINES)}"
    if r < 0.80:
        return f"{brand} {rng.choice(PRODUCT_LINES)} {rng.choice(PRODUCT_SPECS)}"
    return f"{brand} {rng.choice(PRODUCT_SPECS)}"


def project_name(rng):
    lang = rng.choice(["pl", "es", "de", "en"])
    head, tails = rng.choice(PROJECT_PATTERNS[lang])
    name = f"{head} {rng.choice(tails)}"
    if rng.random() < 0.35:
        stage = {"pl": "Etap", "es": "Fase", "de": "Bauabschnitt", "en": "Stage"}[lang]
        name += f" {stage} {rng.randint(1, 9)}"
    return name


def code_name(rng):
    r = rng.random()
    p = rng.choice(CODE_PREFIXES)
    if r < 0.45:
        return f"{p}-{rng.randint(0, 9999):04d}"
    if r < 0.75:
        return f"{p}-{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}"
    if r < 0.92:
        return f"{p}-{rng.choice(CODE_COUNTRIES)}-{rng.randint(0, 999):03d}"
    return f"{p}{rng.randint(100, 99999)}"


def make_names(rng, count, reserved):
    """`count` unique names (by case folding), in a fixed shuffled order, none equal to a reserved word."""
    kinds = [(company_name, 50), (product_name, 25), (project_name, 7), (code_name, 18)]
    makers = [k for k, _ in kinds]
    weights = [w for _, w in kinds]
    seen = {}
    names = []
    attempts = 0
    while len(names) < count:
        attempts += 1
        if attempts > count * 200:
            raise SystemExit("could not generate enough distinct names")
        name = rng.choices(makers, weights)[0](rng)
        key = name.casefold()
        if key in seen or key in reserved or len(name) < 3:
            continue
        if not (name[0].isalnum() and name[-1].isalnum()):
            continue
        seen[key] = True
        names.append(name)
    return names


# --------------------------------------------------------------------------
# Vocabulary for text.  {N} is a name, {P} a product-ish name, {D} a date, {Q} a
# quantity, {A} an amount, {R} a reference number, {S} a site.

SENTENCES = {
    "pl": [
        "W nawiązaniu do wczorajszej rozmowy z {N} przesyłam zaktualizowany harmonogram robót.",
        "Dostawa od {N} została przesunięta na {D}, godz. 7:00, ze względu na opóźnienie węzła betoniarskiego.",
        "Proszę o potwierdzenie zamówienia {Q} ton stali zbrojeniowej; oferta {N} jest ważna do piątku.",
        "Kierownik budowy zgłosił pęknięcia w ścianie fundamentowej osi C-D, potrzebna jest opinia konstruktora.",
        "Faktura nr FV/{R}/2024 od {N} na kwotę {A} zł netto została przekazana do działu księgowości.",
        "Inspektor nadzoru zaakceptował odbiór zbrojenia stropu nad parterem bez uwag.",
        "Rusztowania dostarczone przez {N} muszą być zdemontowane do końca tygodnia.",
        "Przypominam o szkoleniu BHP dla pracowników podwykonawcy ({N}) w poniedziałek o 7:00.",
        "Zamawiający wnioskuje o zmianę materiału posadzki na {P}, proszę o wycenę.",
        "Ze względu na przymrozki wstrzymujemy betonowanie do odwołania, prognoza na przyszły tydzień jest lepsza.",
        "W załączeniu przesyłam protokół z narady koordynacyjnej oraz listę otwartych zagadnień dla {S}.",
        "Geodeta z firmy {N} wytyczy osie budynku B w środę rano, proszę zapewnić dostęp do działki.",
        "Hurtownia potwierdziła dostawę {Q} palet {P} na czwartek.",
        "Proszę o pilny kontakt w sprawie kolizji kanalizacji deszczowej z fundamentem słupa S-14.",
        "Umowa z {N} na roboty ziemne wymaga aneksu dotyczącego terminu zakończenia.",
        "Po wizji lokalnej uważam, że izolacja przeciwwilgociowa piwnic jest wykonana niezgodnie z projektem.",
        "Cena {P} wzrosła o 7%, dlatego proponuję zamówić u {N} zamiast u dotychczasowego dostawcy.",
        "Nr zamówienia {N} dotyczy {S}, proszę go podawać na wszystkich dokumentach WZ.",
        "Świadectwa jakości dla {P} są w załączniku, deklaracje właściwości użytkowych doślemy jutro.",
        "Żurawie będą niedostępne od {D} z powodu przeglądu UDT.",
    ],
    "es": [
        "En relación con la reunión de ayer con {N}, adjunto el cronograma actualizado de la obra.",
        "El suministro de {N} se ha retrasado al {D} a las 7:30 por un problema en la planta.",
        "Necesitamos confirmar {Q} toneladas de acero B500S; la oferta de {N} vence el viernes.",
        "El jefe de obra ha detectado fisuras en el muro de cimentación entre los ejes C y D.",
        "La factura n.º {R}/2024 de {N} por importe de {A} euros se ha enviado a contabilidad.",
        "La dirección facultativa ha dado el visto bueno a la armadura del forjado de planta baja.",
        "El andamio de {N} debe desmontarse antes del viernes para empezar con el revestimiento.",
        "Os recuerdo la formación de prevención de riesgos del lunes para el personal de {N}.",
        "La propiedad solicita cambiar el pavimento por {P}; por favor, enviad presupuesto.",
        "Por las heladas suspendemos el hormigonado hasta nuevo aviso; la previsión es mejor.",
        "Adjunto el acta de la reunión de coordinación y la lista de puntos pendientes de {S}.",
        "El topógrafo de {N} replanteará los ejes del edificio B el miércoles por la mañana.",
        "El almacén confirma la entrega de {Q} palés de {P} el jueves.",
        "Necesito hablar con urgencia sobre el cruce de la red de pluviales con la zapata del pilar P-14.",
        "El contrato con {N} necesita una adenda sobre el plazo de ejecución.",
        "Tras la visita, creo que la impermeabilización del sótano no se ajusta al proyecto.",
        "El precio de {P} ha subido un 7 %, así que propongo pedirlo a {N}.",
        "El pedido {N} corresponde a {S}; indicadlo en todos los albaranes.",
        "Los certificados de calidad de {P} van adjuntos; el marcado CE lo enviarán mañana.",
        "La grúa torre no estará disponible a partir del {D} por la inspección periódica.",
    ],
    "de": [
        "Wie gestern mit {N} besprochen, sende ich Ihnen den aktualisierten Bauzeitenplan.",
        "Die Lieferung von {N} verschiebt sich auf den {D}, 7:00 Uhr, wegen einer Störung im Mischwerk.",
        "Bitte bestätigen Sie {Q} Tonnen Betonstahl B500B; das Angebot von {N} gilt bis Freitag.",
        "Der Bauleiter hat Risse in der Kellerwand zwischen den Achsen C und D gemeldet.",
        "Die Rechnung Nr. {R}/2024 von {N} über {A} € netto wurde an die Buchhaltung weitergeleitet.",
        "Der Prüfstatiker hat die Bewehrung der Decke über dem Erdgeschoss ohne Mängel abgenommen.",
        "Das Gerüst von {N} muss bis Freitag abgebaut werden, damit die Fassade beginnen kann.",
        "Zur Erinnerung: Sicherheitsunterweisung für die Mitarbeiter von {N} am Montag um 7:00 Uhr.",
        "Der Bauherr wünscht statt des Estrichs {P}; bitte schicken Sie uns ein Nachtragsangebot.",
        "Wegen Frost stellen wir die Betonarbeiten bis auf Weiteres ein; nächste Woche soll es wärmer werden.",
        "Anbei das Protokoll der Koordinationsbesprechung und die offenen Punkte für {S}.",
        "Der Vermesser von {N} steckt am Mittwoch früh die Achsen von Haus B ab.",
        "Der Baustoffhändler bestätigt die Lieferung von {Q} Paletten {P} für Donnerstag.",
        "Bitte rufen Sie mich dringend wegen der Kollision der Regenwasserleitung mit dem Fundament an.",
        "Der Vertrag mit {N} über die Erdarbeiten braucht einen Nachtrag zur Bauzeit.",
        "Nach der Begehung bin ich der Meinung, dass die Kellerabdichtung nicht dem Plan entspricht.",
        "Der Preis für {P} ist um 7 % gestiegen, deshalb schlage ich vor, bei {N} zu bestellen.",
        "Die Bestellung {N} gehört zu {S}; bitte auf allen Lieferscheinen angeben.",
        "Die Güteüberwachungszeugnisse für {P} liegen bei, die Leistungserklärung folgt morgen.",
        "Der Turmdrehkran steht ab dem {D} wegen der jährlichen Prüfung nicht zur Verfügung.",
    ],
    "en": [
        "Following yesterday's meeting with {N}, please find the updated programme attached.",
        "The delivery from {N} has been moved to {D} at 7:00 because of a batching plant issue.",
        "Could you confirm {Q} tonnes of rebar? The quote from {N} is valid until Friday.",
        "The site manager has reported cracking in the foundation wall between gridlines C and D.",
        "Invoice no. {R} from {N} for {A} GBP has been passed to accounts for payment.",
        "Building control signed off the ground floor slab reinforcement this morning with no comments.",
        "The scaffold from {N} has to come down by Friday so the cladding crew can start.",
        "Reminder: site induction for the {N} operatives on Monday at 7:30.",
        "The client has asked to change the floor finish to {P}; please send a quote.",
        "Due to the frost we are stopping all concrete works until further notice.",
        "Attached are the minutes of the coordination meeting and the open RFIs for {S}.",
        "The surveyor from {N} will set out the gridlines for block B on Wednesday morning.",
        "The merchant has confirmed delivery of {Q} pallets of {P} on Thursday.",
        "Please call me urgently about the clash between the storm drain and the column base.",
        "The contract with {N} for the groundworks needs a variation for the completion date.",
        "After the walkround I think the basement tanking does not follow the drawings.",
        "The price of {P} went up by 7%, so I suggest we order from {N} instead.",
        "Order {N} belongs to {S}; please quote it on every delivery note.",
        "The quality certificates for {P} are attached; the DoP will follow tomorrow.",
        "The tower crane will be out of service from {D} for its thorough examination.",
    ],
}
GREETINGS = {
    "pl": ["Dzień dobry,", "Szanowni Państwo,", "Cześć Marek,", "Witam,", "Pani Agnieszko,", "Panie Łukaszu,"],
    "es": ["Hola,", "Buenos días,", "Estimado Íñigo:", "Hola Begoña,", "Buenas tardes:", "Estimados señores:"],
    "de": ["Guten Tag,", "Sehr geehrte Damen und Herren,", "Hallo Jürgen,", "Liebe Käthe,", "Moin,"],
    "en": ["Hi all,", "Dear Sirs,", "Hello Gareth,", "Morning Siobhan,", "Hi,"],
}
CLOSINGS = {
    "pl": ["Pozdrawiam", "Z poważaniem", "Dziękuję i pozdrawiam", "Pozdrowienia z budowy"],
    "es": ["Un saludo", "Saludos cordiales", "Gracias y un saludo", "Atentamente"],
    "de": ["Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße", "Gruß aus dem Baubüro"],
    "en": ["Kind regards", "Best regards", "Thanks", "Cheers"],
}
SIGNERS = {
    "pl": ["Łukasz Wróblewski", "Małgorzata Dąbrowska", "Paweł Żak", "Zbigniew Kołodziej", "Agnieszka Ślusarczyk"],
    "es": ["Íñigo Etxeberría", "Begoña Núñez", "José Ángel Muñoz", "Rocío Ibáñez", "Andrés Peña"],
    "de": ["Jürgen Bäumer", "Käthe Schüßler", "Sören Möllers", "Björn Großmann", "Anja Weißhaupt"],
    "en": ["Gareth O'Neill", "Siobhan Ní Bhriain", "Stuart McKenzie", "Claire Ashdown", "Niamh Doherty"],
}
TITLES = {
    "pl": ["Kierownik Budowy", "Specjalista ds. Zaopatrzenia", "Inżynier Budowy", "Dział Zakupów"],
    "es": ["Jefe de Obra", "Departamento de Compras", "Técnica de Calidad", "Encargado General"],
    "de": ["Bauleiter", "Einkauf", "Projektsteuerung", "Oberbauleiterin"],
    "en": ["Site Manager", "Procurement", "Quantity Surveyor", "Project Engineer"],
}
SITES = {
    "pl": ["budowy w Łomiankach", "hali w Łodzi", "biurowca przy ul. Żelaznej", "osiedla w Piasecznie"],
    "es": ["la obra de Alcalá", "la nave de Getafe", "las oficinas de la Castellana", "el puente de Logroño"],
    "de": ["die Baustelle Würzburg", "den Neubau in Köln-Mülheim", "das Schulzentrum Süd", "die Halle in Fürth"],
    "en": ["the Riverside site", "the Kingsway block", "the Harbour Road warehouse", "the Mill Lane bridge"],
}
QUOTE_HEADERS = {
    "pl": "W dniu {D} {W} napisał(a):",
    "es": "El {D}, {W} escribió:",
    "de": "Am {D} schrieb {W}:",
    "en": "On {D}, {W} wrote:",
}
UNITS = ["szt.", "m²", "m³", "t", "kg", "mb", "uds.", "Stk.", "pcs", "palet"]
# Quotes and brackets around a mention; the templates put commas, full stops and colons after some of them.
WRAPS = [("", "")] * 8 + [("„", "”"), ("«", "»"), ('"', '"'), ("(", ")"), ("'", "'")]


def strip_diacritics(text):
    text = text.replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


class TextMaker:
    def __init__(self, rng, names):
        self.rng = rng
        self.tier1 = names[:1000]
        self.tier2 = names[1000:10000]
        self.tier3 = names[10000:]

    def name(self):
        rng = self.rng
        r = rng.random()
        # ~80 % from the 1k set (skewed: some names far more frequent), ~14 % from 10k-only, ~6 % from 100k-only.
        if r < 0.80:
            n = self.tier1[int(len(self.tier1) * rng.random() ** 2)]
        elif r < 0.94:
            n = rng.choice(self.tier2)
        else:
            n = rng.choice(self.tier3)
        v = rng.random()
        if v < 0.04:
            n = n.upper()
        elif v < 0.06:
            n = n.lower()
        elif v < 0.09:
            n = strip_diacritics(n)
        left, right = rng.choice(WRAPS)
        return f"{left}{n}{right}"

    def date(self):
        rng = self.rng
        return f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.choice([2023, 2024, 2025])}"

    def fill(self, template, lang):
        rng = self.rng
        out = template
        while "{N}" in out:
            out = out.replace("{N}", self.name(), 1)
        if "{P}" in out:
            out = out.replace("{P}", self.name() if rng.random() < 0.6 else "materiał zamienny" if lang == "pl"
                              else "material alternativo" if lang == "es" else "Ersatzmaterial" if lang == "de"
                              else "an alternative product")
        return (out.replace("{D}", self.date()) if "{D}" in out else out) \
            .replace("{Q}", str(rng.randint(2, 480))) \
            .replace("{A}", f"{rng.randint(1, 999)} {rng.randint(0, 999):03d},{rng.randint(0, 99):02d}") \
            .replace("{R}", str(rng.randint(10, 9999))) \
            .replace("{S}", rng.choice(SITES[lang]))

    def paragraph(self, lang, sentences):
        return " ".join(self.fill(self.rng.choice(SENTENCES[lang]), lang) for _ in range(sentences))

    def material_list(self, lang):
        rng = self.rng
        lines = []
        for _ in range(rng.randint(2, 7)):
            lines.append(f"- {rng.randint(1, 900)} {rng.choice(UNITS)} {self.name()} — {rng.randint(1, 999)},"
                         f"{rng.randint(0, 99):02d}")
        return "\n".join(lines)

    def mail(self):
        rng = self.rng
        lang = rng.choices(["pl", "es", "de", "en"], weights=[35, 30, 15, 20])[0]
        parts = [rng.choice(GREETINGS[lang]), ""]
        for _ in range(rng.randint(1, 3)):
            parts.append(self.paragraph(lang, rng.randint(1, 4)))
            parts.append("")
        if rng.random() < 0.3:
            parts.append(self.material_list(lang))
            parts.append("")
        parts.append(rng.choice(CLOSINGS[lang]))
        parts.append(rng.choice(SIGNERS[lang]))
        parts.append(rng.choice(TITLES[lang]))
        if rng.random() < 0.5:
            parts.append(self.name())
        if rng.random() < 0.4:
            other = rng.choice(["pl", "es", "de", "en"])
            header = QUOTE_HEADERS[lang].replace("{D}", self.date()).replace("{W}", rng.choice(SIGNERS[other]))
            quoted = self.paragraph(other, rng.randint(1, 3))
            parts.append("")
            parts.append(header)
            parts.append("> " + quoted)
            parts.append("> " + rng.choice(CLOSINGS[other]))
        parts.append("")
        parts.append("")
        return "\n".join(parts)


def reserved_words():
    """Single words of the text vocabulary, so that no one-word name is an everyday word of the text."""
    words = {}
    for table in (SENTENCES, GREETINGS, CLOSINGS, SIGNERS, TITLES, SITES):
        for lines in table.values():
            for line in lines:
                for w in line.replace(",", " ").replace(".", " ").replace(":", " ").split():
                    words[w.casefold()] = True
    return words


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20240607)
    ap.add_argument("--text-mb", type=int, default=100)
    ap.add_argument("dir")
    args = ap.parse_args()

    out = args.dir
    marker = os.path.join(out, f".generated-{VERSION}-{args.seed}-{args.text_mb}")
    if os.path.exists(marker):
        return
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if name.startswith(".generated-"):
            os.remove(os.path.join(out, name))

    rng = random.Random(args.seed)
    names = make_names(rng, 100_000, reserved_words())
    for size in (1000, 10_000, 100_000):
        path = os.path.join(out, f"names-{size}.txt")
        with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(names[:size]) + "\n")
        os.replace(path + ".tmp", path)

    maker = TextMaker(random.Random(args.seed + 1), names)
    target = args.text_mb * 1_000_000
    path = os.path.join(out, f"text-{args.text_mb}mb.txt")
    written = 0
    with open(path + ".tmp", "wb") as f:
        chunk = []
        chunk_bytes = 0
        while written + chunk_bytes < target:
            data = maker.mail().encode("utf-8")
            chunk.append(data)
            chunk_bytes += len(data)
            if chunk_bytes >= 1 << 20:
                f.write(b"".join(chunk))
                written += chunk_bytes
                chunk, chunk_bytes = [], 0
        f.write(b"".join(chunk))
        written += chunk_bytes
    os.replace(path + ".tmp", path)

    with open(marker, "w") as f:
        f.write(f"names 1000 10000 100000, text {written} bytes, seed {args.seed}\n")
    print(f"generated names-{{1000,10000,100000}}.txt and {os.path.basename(path)} ({written} bytes) in {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
