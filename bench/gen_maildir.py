#!/usr/bin/env python3
"""Deterministic Maildir generator for Archivist benchmarks.

    python3 bench/gen_maildir.py [--count N] [--seed S] DIR

Writes N messages (default 20000) of synthetic construction-company mail in
Polish, Spanish and English to DIR/{cur,new,tmp}: plain text, multipart/
alternative with HTML, multipart/mixed with base64 attachments (a few of them
100-500 KB), 7bit/8bit/quoted-printable/base64 bodies in utf-8, iso-8859-2,
windows-1250 and iso-8859-1, RFC 2047 subjects and names, RFC 2231 filenames,
unique Message-IDs and reply threads (In-Reply-To/References).

The output depends only on --count and --seed.  When it is complete a marker
file DIR/.generated-N-SEED is written; if that marker already exists the run
does nothing.  Standard library only.
"""

import argparse
import base64
import binascii
import functools
import html
import os
import random
import shutil
import sys
import textwrap
import time
from collections import deque

# --------------------------------------------------------------------------
# Vocabulary

SITES = {
    "pl": ["Osiedle Zielone Wzgórza, etap II", "hala magazynowa w Łodzi", "biurowiec przy ul. Żelaznej",
           "most na Wiśle w Płocku", "szkoła podstawowa w Gdańsku-Oliwie", "Centrum Logistyczne Poznań-Wschód",
           "termomodernizacja bloku przy ul. Świętokrzyskiej", "parking wielopoziomowy we Wrocławiu"],
    "es": ["Residencial Los Olivos, fase 2", "nave industrial de Alcalá", "edificio de oficinas en Castellana",
           "puente sobre el río Ebro", "colegio público de Valencia", "centro logístico de Zaragoza",
           "rehabilitación de fachada en Sevilla", "aparcamiento subterráneo de Bilbao"],
    "en": ["Riverside Apartments, phase 2", "Harbour Road warehouse", "Kingsway office block",
           "Mill Lane footbridge", "St Mary's primary school extension", "Northgate logistics park",
           "Elm Street façade retrofit", "Station Square car park"],
}

SENTENCES = {
    "pl": [
        "W nawiązaniu do wczorajszej rozmowy przesyłam zaktualizowany harmonogram robót dla {site}.",
        "Dostawa betonu C30/37 została przesunięta na {date}, godz. {hour}:00, ze względu na opóźnienie węzła.",
        "Proszę o potwierdzenie ilości stali zbrojeniowej B500SP, według zestawienia brakuje około {qty} ton.",
        "Kierownik budowy zgłosił pęknięcia w ścianie fundamentowej osi C-D, potrzebna jest opinia konstruktora.",
        "Faktura nr FV/{num}/2023 na kwotę {amount} zł netto została przekazana do działu księgowości.",
        "Inspektor nadzoru zaakceptował odbiór zbrojenia stropu nad parterem bez uwag.",
        "Rusztowania od strony północnej muszą być zdemontowane do końca tygodnia, żeby wejść z elewacją.",
        "Przypominam o szkoleniu BHP dla nowych pracowników podwykonawcy w poniedziałek o 7:00.",
        "Zamawiający wnioskuje o zmianę materiału posadzki w hali na żywicę epoksydową, proszę o wycenę.",
        "Ze względu na przymrozki wstrzymujemy betonowanie do odwołania, prognoza na przyszły tydzień jest lepsza.",
        "W załączeniu przesyłam protokół z narady koordynacyjnej oraz listę otwartych zagadnień.",
        "Geodeta wytyczy osie budynku B w środę rano, proszę zapewnić dostęp do działki.",
        "Dźwig wieżowy będzie niedostępny w piątek z powodu przeglądu UDT.",
        "Podwykonawca instalacji elektrycznych zgłasza brak dokumentacji wykonawczej dla trzeciego piętra.",
        "Prosimy o przesłanie świadectw jakości i deklaracji właściwości użytkowych dla dostarczonych bloczków.",
        "Wniosek o pozwolenie na zajęcie pasa drogowego został złożony w urzędzie dzielnicy, czekamy na decyzję.",
        "Kosztorys powykonawczy różni się od ofertowego o {amount} zł, głównie z powodu robót dodatkowych.",
        "Ekipa dekarzy zaczyna montaż membrany na dachu w przyszły wtorek, jeśli pogoda pozwoli.",
        "Odbiór częściowy etapu pierwszego zaplanowano na {date}, proszę przygotować dziennik budowy.",
        "Zwracam uwagę, że na placu budowy znowu brakuje oznakowania stref niebezpiecznych.",
        "Hurtownia potwierdziła dostawę {qty} palet płyt gipsowo-kartonowych na czwartek.",
        "Proszę o pilny kontakt w sprawie kolizji kanalizacji deszczowej z fundamentem słupa S-14.",
        "Umowa z podwykonawcą na roboty ziemne wymaga aneksu dotyczącego terminu zakończenia.",
        "Po wizji lokalnej uważam, że izolacja przeciwwilgociowa piwnic jest wykonana niezgodnie z projektem.",
    ],
    "es": [
        "En relación con la reunión de ayer, adjunto el cronograma actualizado de la obra {site}.",
        "El suministro de hormigón HA-30 se ha retrasado al {date} a las {hour}:00 por un problema en la planta.",
        "Necesitamos confirmar la cantidad de acero B500S; según la medición faltan unas {qty} toneladas.",
        "El jefe de obra ha detectado fisuras en el muro de cimentación entre los ejes C y D.",
        "La factura n.º {num}/2023 por importe de {amount} euros se ha enviado a contabilidad.",
        "La dirección facultativa ha dado el visto bueno a la armadura del forjado de planta baja.",
        "El andamio de la fachada norte debe desmontarse antes del viernes para empezar con el revestimiento.",
        "Os recuerdo la formación de prevención de riesgos laborales del lunes a las 7:30 para el personal nuevo.",
        "La propiedad solicita cambiar el pavimento de la nave por resina epoxi; por favor, enviad presupuesto.",
        "Por las heladas suspendemos el hormigonado hasta nuevo aviso; la previsión para la próxima semana es mejor.",
        "Adjunto el acta de la reunión de coordinación y la lista de puntos pendientes.",
        "El topógrafo replanteará los ejes del edificio B el miércoles por la mañana.",
        "La grúa torre no estará disponible el viernes por la inspección periódica.",
        "El subcontratista de electricidad indica que faltan los planos de ejecución de la tercera planta.",
        "Rogamos nos envíen los certificados de calidad y el marcado CE de los bloques suministrados.",
        "La licencia de ocupación de vía pública está solicitada en el ayuntamiento; esperamos la resolución.",
        "La liquidación final difiere del presupuesto en {amount} euros, sobre todo por trabajos adicionales.",
        "El equipo de cubiertas empezará a colocar la lámina impermeable el martes si el tiempo lo permite.",
        "La recepción parcial de la primera fase está prevista para el {date}; preparad el libro de órdenes.",
        "Vuelvo a insistir en que falta señalización de las zonas de peligro en la obra.",
        "El almacén confirma la entrega de {qty} palés de placas de yeso laminado el jueves.",
        "Necesito hablar con urgencia sobre el cruce de la red de pluviales con la zapata del pilar P-14.",
        "El contrato con el subcontratista de movimiento de tierras necesita una adenda sobre el plazo.",
        "Tras la visita, creo que la impermeabilización del sótano no se ajusta al proyecto.",
    ],
    "en": [
        "Following yesterday's meeting, please find the updated programme for {site}.",
        "The C30/37 concrete pour has been moved to {date} at {hour}:00 because of a batching plant issue.",
        "Could you confirm the rebar quantities? According to the schedule we are about {qty} tonnes short.",
        "The site manager has reported cracking in the foundation wall between gridlines C and D.",
        "Invoice no. {num} for {amount} GBP has been passed to accounts for payment.",
        "Building control signed off the ground floor slab reinforcement this morning with no comments.",
        "The scaffold on the north elevation has to come down by Friday so the cladding crew can start.",
        "Reminder: site induction for the new subcontractor operatives on Monday at 7:30.",
        "The client has asked to change the warehouse floor finish to epoxy resin; please send a quote.",
        "Due to the frost we are stopping all concrete works until further notice.",
        "Attached are the minutes of the coordination meeting and the list of open RFIs.",
        "The surveyor will set out the gridlines for block B on Wednesday morning.",
        "The tower crane will be out of service on Friday for its thorough examination.",
        "The electrical subcontractor says the third floor construction drawings are still missing.",
        "Please send the quality certificates and declarations of performance for the blocks delivered.",
        "The road closure application has been submitted to the council and we are waiting for approval.",
        "The final account differs from the tender by {amount} GBP, mainly due to variations.",
        "The roofing gang will start laying the membrane next Tuesday, weather permitting.",
        "The partial handover of phase one is planned for {date}; please have the site diary ready.",
        "Once again, the exclusion zones on site are not properly signed.",
        "The merchant has confirmed delivery of {qty} pallets of plasterboard on Thursday.",
        "I need to speak to you urgently about the clash between the storm drain and pad foundation P14.",
        "The groundworks subcontract needs a variation to extend the completion date.",
        "After the site visit I believe the basement tanking was not installed as per the design.",
    ],
}

SUBJECTS = {
    "pl": ["Harmonogram robót – {site}", "Dostawa betonu {date}", "Zestawienie stali zbrojeniowej",
           "Faktura FV/{num}/2023", "Protokół z narady koordynacyjnej nr {qty}", "Pęknięcia ściany fundamentowej",
           "Odbiór zbrojenia stropu", "Szkolenie BHP – nowi pracownicy", "Zmiana posadzki – wycena",
           "Przegląd żurawia wieżowego", "Zajęcie pasa drogowego – wniosek", "Aneks do umowy podwykonawczej",
           "Brak dokumentacji wykonawczej – III piętro", "Świadectwa jakości bloczków", "Kosztorys powykonawczy"],
    "es": ["Cronograma de obra – {site}", "Suministro de hormigón {date}", "Medición de acero B500S",
           "Factura n.º {num}/2023", "Acta de reunión de coordinación n.º {qty}", "Fisuras en muro de cimentación",
           "Visto bueno armadura forjado", "Formación PRL – personal nuevo", "Cambio de pavimento – presupuesto",
           "Inspección grúa torre", "Licencia de ocupación de vía pública", "Adenda contrato subcontratista",
           "Faltan planos de ejecución – 3.ª planta", "Certificados de calidad y marcado CE", "Liquidación final"],
    "en": ["Programme update – {site}", "Concrete pour {date}", "Rebar schedule query",
           "Invoice {num}", "Coordination meeting minutes no. {qty}", "Cracking in foundation wall",
           "Slab reinforcement sign-off", "Site induction – new operatives", "Floor finish change – quote",
           "Tower crane examination", "Road closure application", "Groundworks subcontract variation",
           "Missing drawings – 3rd floor", "Quality certificates and DoPs", "Final account"],
}

GREETINGS = {"pl": ["Dzień dobry,", "Witam,", "Szanowni Państwo,", "Cześć {first},", "Panie {first},"],
             "es": ["Buenos días:", "Hola, {first}:", "Estimados señores:", "Buenas tardes, {first}:"],
             "en": ["Hi {first},", "Dear {first},", "Good morning,", "Hello all,"]}
CLOSINGS = {"pl": ["Pozdrawiam", "Z poważaniem", "Pozdrawiam serdecznie"],
            "es": ["Un saludo", "Saludos cordiales", "Atentamente"],
            "en": ["Regards", "Kind regards", "Thanks", "Best regards"]}
WROTE = {"pl": "W dniu {date}, {name} <{addr}> napisał(a):", "es": "El {date}, {name} <{addr}> escribió:",
         "en": "On {date}, {name} <{addr}> wrote:"}
REPLY_PREFIX = {"pl": ["Re: ", "RE: ", "Odp: "], "es": ["Re: ", "RE: "], "en": ["Re: ", "RE: "]}
FWD_PREFIX = {"pl": ["Fwd: ", "PD: "], "es": ["RV: ", "Fwd: "], "en": ["Fwd: ", "FW: "]}

FIRST = {"pl": ["Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Grzegorz", "Żaneta", "Michał", "Joanna",
                "Tomasz", "Bożena", "Krzysztof", "Elżbieta", "Wojciech", "Katarzyna", "Jarosław"],
         "es": ["José", "María", "Íñigo", "Lucía", "Javier", "Begoña", "Raúl", "Marta", "Andrés", "Nuria",
                "Sergio", "Rocío", "Álvaro", "Inés"],
         "en": ["James", "Sarah", "David", "Emma", "Michael", "Claire", "Robert", "Laura", "Peter", "Helen"]}
LAST = {"pl": ["Wójcik", "Kowalczyk", "Nowak", "Wiśniewska", "Dąbrowski", "Zieliński", "Łuczak", "Szymańska",
               "Woźniak", "Kamińska", "Jabłoński", "Górecki", "Pietrzak", "Sęk"],
        "es": ["Muñoz", "García", "Fernández", "Martínez", "Sánchez", "Pérez", "Gómez", "Núñez", "Ibáñez",
               "Ruiz", "Díaz", "Ortega", "Castaño"],
        "en": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "O'Neill", "Walker"]}
DOMAINS = {"pl": ["kobuild.pl", "betonpol.pl", "stal-hurt.com.pl", "inzynieria-konstrukcji.pl", "wp.pl"],
           "es": ["kobuild.es", "hormigones-levante.es", "ferralla-norte.es", "estudio-arquitectura.es", "gmail.com"],
           "en": ["kobuild.com", "northbridge-construction.co.uk", "ready-mix.co.uk", "qs-partners.co.uk"]}
COMPANY = {"pl": "KO Build Polska Sp. z o.o.", "es": "KO Build Construcciones S.L.", "en": "KO Build Ltd"}
MAILERS = ["Microsoft Outlook 16.0", "Mozilla Thunderbird 102.15.1", "Apple Mail (2.3731)",
           "Roundcube Webmail/1.6.2", "Microsoft Outlook 15.0", None, None]

ATTACHMENTS = [  # (name, content type, magic bytes)
    ("Protokół odbioru {num}.pdf", "application/pdf", b"%PDF-1.4\n"),
    ("Acta de replanteo {num}.pdf", "application/pdf", b"%PDF-1.5\n"),
    ("site_photo_{num}.jpg", "image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
    ("zdjęcie_budowy_{num}.jpg", "image/jpeg", b"\xff\xd8\xff\xe1\x00\x18Exif\x00"),
    ("Harmonogram_{num}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ("Medición_{num}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ("rzut_parteru_{num}.dwg", "application/acad", b"AC1032"),
    ("Planos_ejecución_{num}.zip", "application/zip", b"PK\x03\x04"),
]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

HTML_HEAD = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns="http://www.w3.org/TR/REC-html40">\n'
             '<head>\n<meta http-equiv="Content-Type" content="text/html; charset={cs}">\n'
             '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n<style><!--\n'
             '@font-face {{font-family:Calibri; panose-1:2 15 5 2 2 2 4 3 2 4;}}\n'
             'p.MsoNormal, li.MsoNormal, div.MsoNormal {{margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}}\n'
             'a:link, span.MsoHyperlink {{mso-style-priority:99; color:#0563C1; text-decoration:underline;}}\n'
             '.MsoChpDefault {{mso-style-type:export-only; font-size:10.0pt;}}\n'
             '@page WordSection1 {{size:612.0pt 792.0pt; margin:70.85pt 70.85pt 70.85pt 70.85pt;}}\n'
             'div.WordSection1 {{page:WordSection1;}}\n--></style>\n</head>\n'
             '<body lang="{lang}" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">\n'
             '<div class="WordSection1">\n')
HTML_TAIL = '</div>\n</body>\n</html>\n'
Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/ ")


# --------------------------------------------------------------------------
# Encoding helpers

def rfc2047(text, charset, rng):
    """Encode a header phrase as RFC 2047 encoded-words (B or Q), folded."""
    if text.isascii():
        return text
    cs = fit(text, charset).upper()
    return _encoded_words(text, cs, cs == "UTF-8" and rng.random() < 0.6)


@functools.lru_cache(maxsize=None)
def _encoded_words(text, cs, use_b):
    words, cur, cur_len = [], [], 0
    limit = 75 - len(cs) - 7  # room inside =?cs?X?...?=
    for ch in text:
        b = ch.encode(cs)
        if use_b:
            add = len(b)
            full = ((cur_len + add + 2) // 3) * 4
        else:
            add = sum(1 if c in Q_SAFE else 3 for c in b)
            full = cur_len + add
        if cur and full > limit:
            words.append(cur)
            cur, cur_len = [], 0
        cur.append(b)
        cur_len += add
    if cur:
        words.append(cur)
    out = []
    for w in words:
        raw = b"".join(w)
        if use_b:
            out.append("=?%s?B?%s?=" % (cs, base64.b64encode(raw).decode()))
        else:
            q = "".join("_" if c == 32 else chr(c) if c in Q_SAFE else "=%02X" % c for c in raw)
            out.append("=?%s?Q?%s?=" % (cs, q))
    return "\n ".join(out)


def fit(text, charset):
    """charset if it can represent text, else utf-8."""
    try:
        text.encode(charset)
        return charset
    except UnicodeEncodeError:
        return "utf-8"


def fmt_date(ts, tz_minutes):
    t = time.gmtime(ts + tz_minutes * 60)
    sign = "+" if tz_minutes >= 0 else "-"
    m = abs(tz_minutes)
    return "%s, %d %s %d %02d:%02d:%02d %s%02d%02d" % (
        DAYS[t.tm_wday], t.tm_mday, MONTHS[t.tm_mon - 1], t.tm_year,
        t.tm_hour, t.tm_min, t.tm_sec, sign, m // 60, m % 60)


def encode_body(text, charset, cte):
    """Return (bytes, cte) for a text part; falls back to utf-8 if needed."""
    data = text.encode(charset)
    if cte == "quoted-printable":
        data = binascii.b2a_qp(data, istext=True)
    elif cte == "base64":
        data = base64.encodebytes(data)
    return data


# --------------------------------------------------------------------------
# Generator

class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        rng = self.rng
        self.people = {}
        for lang in ("pl", "es", "en"):
            ppl = []
            for _ in range(60):
                first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
                dom = rng.choice(DOMAINS[lang])
                local = (first[0] + "." + last).lower().replace("'", "")
                local = local.translate(str.maketrans("łąćęńóśźżáéíóúñü", "lacenoszzaeiounu"))
                ppl.append((first, first + " " + last, "%s@%s" % (local, dom)))
            self.people[lang] = ppl
        # Pre-built paragraph pools: (plain text wrapped at 72, html)
        self.paras = {}
        for lang in ("pl", "es", "en"):
            pool = []
            for _ in range(400):
                sents = [self.fill(rng.choice(SENTENCES[lang]), lang) for _ in range(rng.randint(2, 6))]
                txt = " ".join(sents)
                pool.append((textwrap.fill(txt, 72), '<p class="MsoNormal">' + html.escape(txt) + "</p>\n"))
            self.paras[lang] = pool
        self.recent = deque(maxlen=400)

    def fill(self, s, lang):
        r = self.rng
        return s.format(site=r.choice(SITES[lang]), date="%d.%02d.2023" % (r.randint(1, 28), r.randint(1, 12)),
                        hour=r.randint(6, 16), qty=r.randint(2, 48), num=r.randint(100, 9999),
                        amount="{:,}".format(r.randint(1500, 950000)).replace(",", " "))

    def pick_charset(self, lang):
        r = self.rng.random()
        if lang == "pl":
            return "iso-8859-2" if r < 0.35 else "windows-1250" if r < 0.45 else "utf-8"
        if lang == "es":
            return "iso-8859-1" if r < 0.2 else "utf-8"
        return "us-ascii" if r < 0.3 else "utf-8"

    def pick_cte(self, text, charset, is_html=False):
        r = self.rng.random()
        if charset == "us-ascii" and text.isascii():
            return "7bit"
        if charset == "utf-8":
            return "base64" if r < 0.15 else "quoted-printable" if r < (0.7 if is_html else 0.55) else "8bit"
        return "quoted-printable" if r < 0.7 else "8bit"

    def text_part(self, text, subtype, charset, lang):
        charset = fit(text, charset)
        cte = self.pick_cte(text, charset, subtype == "html")
        body = encode_body(text, charset, cte)
        if subtype == "html":
            head = "Content-Type: text/html; charset=\"%s\"\n" % charset
        else:
            fl = "; format=flowed" if self.rng.random() < 0.2 else ""
            head = "Content-Type: text/plain; charset=\"%s\"%s\n" % (charset, fl)
        return head.encode() + ("Content-Transfer-Encoding: %s\n\n" % cte).encode() + body

    def attachment(self, big):
        r = self.rng
        name, ctype, magic = r.choice(ATTACHMENTS)
        name = name.format(num=r.randint(1, 999))
        size = r.randint(72_000, 355_000) if big else r.randint(2_000, 12_000)  # raw; base64 adds ~37%
        data = magic + r.randbytes(size - len(magic))
        if name.isascii():
            disp = 'attachment; filename="%s"' % name
            ct = '%s; name="%s"' % (ctype, name)
        elif r.random() < 0.5:  # RFC 2231
            enc = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else
                          "".join("%%%02X" % b for b in c.encode()) for c in name)
            disp = "attachment;\n filename*=utf-8''%s" % enc
            ct = "%s;\n name*=utf-8''%s" % (ctype, enc)
        else:  # RFC 2047 in parameter, as Outlook does
            ew = rfc2047(name, "utf-8", r).replace("\n ", "")
            disp = 'attachment;\n filename="%s"' % ew
            ct = '%s;\n name="%s"' % (ctype, ew)
        head = "Content-Type: %s\nContent-Disposition: %s\nContent-Transfer-Encoding: base64\n\n" % (ct, disp)
        return head.encode() + base64.encodebytes(data)

    @staticmethod
    def multipart(subtype, boundary, parts):
        out = [("Content-Type: multipart/%s;\n boundary=\"%s\"\n\n" % (subtype, boundary)).encode(),
               b"This is a multi-part message in MIME format.\n"]
        sep = ("\n--%s\n" % boundary).encode()
        for p in parts:
            out.append(sep)
            out.append(p)
        out.append(("\n--%s--\n" % boundary).encode())
        return b"".join(out)

    def message(self, seq, ts):
        r = self.rng
        parent = None
        kind = r.random()
        if self.recent and kind < 0.35:
            parent = self.recent[-1 - min(len(self.recent) - 1, int(r.expovariate(1 / 30)))]
            lang = parent["lang"]
        else:
            lang = r.choices(("pl", "es", "en"), (45, 30, 25))[0]
        charset = self.pick_charset(lang)
        sender = r.choice(self.people[lang])
        if parent:
            to = [parent["from"]]
            base = parent["subject_base"]
            subject = r.choice(REPLY_PREFIX[lang]) + base
        else:
            to = [p for p in r.sample(self.people[lang], r.randint(1, 3)) if p != sender] or [self.people[lang][0]]
            base = self.fill(r.choice(SUBJECTS[lang]), lang)
            subject = (r.choice(FWD_PREFIX[lang]) + base) if kind > 0.95 else base
        cc = r.sample(self.people[lang], r.randint(1, 4)) if r.random() < 0.4 else []
        domain = sender[2].split("@")[1]
        msgid = "<%s.%d.%08x@%s>" % (time.strftime("%Y%m%d%H%M%S", time.gmtime(ts)), seq,
                                     r.getrandbits(32), domain)
        month = time.gmtime(ts).tm_mon
        tz = (120 if 4 <= month <= 10 else 60) if lang != "en" else (60 if 4 <= month <= 10 else 0)

        # ---- body text
        first = to[0][0]
        lines = [r.choice(GREETINGS[lang]).format(first=first), ""]
        html_parts = []
        target = int(700 * 11 ** r.random())  # 0.7-7.7 KB of text, log-uniform
        size = 0
        pool = self.paras[lang]
        while size < target:
            t, h = pool[r.randrange(len(pool))]
            lines.append(t)
            lines.append("")
            html_parts.append(h)
            size += len(t)
        sig = "%s\n%s\n%s\ntel. +%d %03d %03d %03d" % (
            r.choice(CLOSINGS[lang]), sender[1], COMPANY[lang], {"pl": 48, "es": 34, "en": 44}[lang],
            r.randint(100, 999), r.randint(100, 999), r.randint(100, 999))
        lines.append(sig)
        html_parts.append('<p class="MsoNormal">' + html.escape(sig).replace("\n", "<br>\n") + "</p>\n")
        if parent:
            wrote = WROTE[lang].format(date=parent["date"], name=parent["from"][1], addr=parent["from"][2])
            quoted = "> " + parent["quote"].replace("\n", "\n> ")
            lines += ["", wrote, quoted]
            html_parts.append("<div><p>%s</p><blockquote>%s</blockquote></div>\n" % (
                html.escape(wrote), html.escape(parent["quote"]).replace("\n", "<br>\n")))
        text = "\n".join(lines) + "\n"

        # ---- MIME structure
        b1 = "----=_NextPart_%03d_%04X_%08X" % (seq % 1000, r.getrandbits(16), r.getrandbits(32))
        shape = r.random()
        charset = fit(text, charset)
        hcs = "utf-8" if charset == "us-ascii" else charset
        html_text = "".join(html_parts)
        if shape < 0.30:
            body = self.text_part(text, "plain", charset, lang)
        else:
            hcs = fit(html_text, hcs)
            html_doc = HTML_HEAD.format(cs=hcs, lang=lang.upper()) + html_text + HTML_TAIL
            if shape < 0.33:  # html only
                body = self.text_part(html_doc, "html", hcs, lang)
            else:
                body = self.multipart("alternative", b1, [self.text_part(text, "plain", charset, lang),
                                                          self.text_part(html_doc, "html", hcs, lang)])
        a = r.random()
        if a < 0.10:  # 10% carry attachments, 1.5% big ones (100-500 KB)
            big = a < 0.015
            atts = [self.attachment(big) for _ in range(1 if big else r.randint(1, 3))]
            b2 = "----=_Part_%d_%d.%d" % (r.getrandbits(24), seq, ts)
            body = self.multipart("mixed", b2, [body] + atts)

        # ---- headers
        def addr(p):
            return '"%s" <%s>' % (rfc2047(p[1], charset, r), p[2]) if not p[1].isascii() else "%s <%s>" % p[1:]
        date = fmt_date(ts, tz)
        relay = "mx%d.%s" % (r.randint(1, 4), to[0][2].split("@")[1])
        h = ["Return-Path: <%s>" % sender[2],
             "Received: from %s (%s [10.%d.%d.%d])\n\tby %s (Postfix) with ESMTPS id %X\n\tfor <%s>; %s" % (
                 "smtp." + domain, "smtp." + domain, r.randint(0, 255), r.randint(0, 255), r.randint(1, 254),
                 relay, r.getrandbits(40), to[0][2], fmt_date(ts + r.randint(1, 20), tz)),
             "From: " + addr(sender),
             "To: " + ",\n\t".join(addr(p) for p in to)]
        if cc:
            h.append("Cc: " + ",\n\t".join(addr(p) for p in cc))
        if r.random() < 0.003:  # real-world defect: raw 8-bit subject
            h.append("Subject: " + subject)
        else:
            h.append("Subject: " + rfc2047(subject, charset, r))
        h += ["Date: " + date, "Message-ID: " + msgid]
        refs = []
        if parent:
            refs = (parent["refs"] + [parent["msgid"]])[-10:]
            h.append("In-Reply-To: " + parent["msgid"])
            h.append("References: " + "\n ".join(refs))
        mailer = r.choice(MAILERS)
        if mailer:
            h.append(("X-Mailer: " if "Outlook" in mailer else "User-Agent: ") + mailer)
        h.append("MIME-Version: 1.0")
        head = ("\n".join(h) + "\n").encode("utf-8")
        data = head + body

        first_para = text.split("\n\n", 2)[1] if "\n\n" in text else text
        self.recent.append({"lang": lang, "msgid": msgid, "refs": refs, "from": sender,
                            "subject_base": base, "date": date, "quote": first_para[:600]})
        return data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    root = args.dir
    marker = os.path.join(root, ".generated-%d-%d" % (args.count, args.seed))
    if os.path.exists(marker):
        print("maildir %s already complete (%d messages, seed %d)" % (root, args.count, args.seed))
        return
    if os.path.isdir(root):
        extra = [n for n in os.listdir(root)
                 if n not in ("cur", "new", "tmp", ".notmuch") and not n.startswith(".generated-")]
        if extra:
            sys.exit("refusing to overwrite %s: unexpected entries %s" % (root, extra[:5]))
        for n in os.listdir(root):
            p = os.path.join(root, n)
            shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)

    t0 = time.time()
    gen = Generator(args.seed)
    r = gen.rng
    ts = 1672531200  # 2023-01-01
    mean_gap = max(1.0, 2 * 365 * 86400 / max(args.count, 1))
    total = 0
    cur, new = os.path.join(root, "cur"), os.path.join(root, "new")
    for seq in range(args.count):
        ts += 1 + int(r.expovariate(1 / mean_gap))
        data = gen.message(seq, ts)
        uniq = "%d.M%dP%d.archivist-bench" % (ts, r.randrange(1000000), 4000 + seq % 30000)
        if args.count - seq <= args.count // 20:  # the newest 5% are still unread in new/
            path = os.path.join(new, uniq)
        else:
            flags = r.choices(("S", "RS", "FS", "S", "", "PS", "FRS"), (50, 20, 5, 10, 8, 4, 3))[0]
            path = os.path.join(cur, uniq + ":2," + flags)
        with open(path, "wb") as f:
            f.write(data)
        total += len(data)
    with open(marker, "w") as f:
        f.write("count=%d seed=%d bytes=%d\n" % (args.count, args.seed, total))
    print("generated %d messages, %.1f MB, in %s (%.1fs)" % (args.count, total / 1e6, root, time.time() - t0))


if __name__ == "__main__":
    main()
