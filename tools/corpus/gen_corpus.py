#!/usr/bin/env python3
"""Generate a labelled development corpus of Budowex S.A. mail for Archivist.

Usage: python3 tools/corpus/gen_corpus.py OUTDIR [--seed 7] [--messages 1200]

Writes OUTDIR/records/*.csv, OUTDIR/messages/NNNN.eml, OUTDIR/truth.jsonl and
OUTDIR/meta.jsonl (kind and hard cases per message). Python 3.11 stdlib only;
the same seed gives byte-identical output. See README.md next to this file.
"""
import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
import unicodedata
from collections import Counter
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

# ---------------------------------------------------------------- helpers

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "æ": "ae"})


def fold(s):
    """Drop diacritics: 'Łomianki' -> 'Lomianki', 'García' -> 'Garcia'."""
    s = s.translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def slug(s):
    return "".join(c for c in fold(s).lower() if c.isalnum())


_NAMED = {"ó": "&oacute;", "Ó": "&Oacute;", "á": "&aacute;", "é": "&eacute;", "í": "&iacute;",
          "ú": "&uacute;", "ñ": "&ntilde;", "ü": "&uuml;", "ö": "&ouml;", "ä": "&auml;",
          "Ü": "&Uuml;", "Ö": "&Ouml;", "Ä": "&Auml;", "ß": "&szlig;", "–": "&ndash;"}


def entities(s):
    """Write every non-ASCII character as an HTML entity (named where HTML 4 has one)."""
    return "".join(_NAMED.get(c, c if ord(c) < 128 else f"&#{ord(c)};") for c in s)


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- vocabulary

PL_FIRST_M = ["Marek", "Łukasz", "Paweł", "Michał", "Grzegorz", "Wojciech", "Jędrzej", "Krzysztof",
              "Tomasz", "Piotr", "Dariusz", "Sławomir", "Jarosław", "Zbigniew", "Mirosław", "Andrzej",
              "Jan", "Stanisław", "Rafał", "Bartłomiej", "Przemysław", "Maciej", "Adam", "Robert"]
PL_FIRST_F = ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Zofia", "Bożena", "Joanna", "Ewa",
              "Magdalena", "Elżbieta", "Halina", "Barbara", "Beata", "Dorota", "Jolanta", "Grażyna",
              "Urszula", "Monika", "Aleksandra", "Iwona", "Żaneta", "Łucja"]
PL_LAST = ["Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
           "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk",
           "Piotrowski", "Grabowski", "Nowak", "Pawłowski", "Michalski", "Wieczorek", "Jabłoński",
           "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Górski",
           "Walczak", "Baran", "Rutkowski", "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak",
           "Zalewski", "Wróblewski", "Jasiński", "Marciniak", "Sadowski", "Bąk", "Zawadzki", "Duda",
           "Włodarczyk", "Chmielewski", "Borkowski", "Sokołowski", "Szczepański", "Sawicki",
           "Kucharski", "Kubacki", "Kalinowski", "Wysocki", "Mazurek", "Kołodziej", "Czarnecki",
           "Konieczny", "Urbański", "Głowacki", "Łuczak", "Żak", "Ślusarz", "Kaczmarek", "Kowalczyk",
           "Krajewski", "Gajewski", "Przybylski", "Szulc", "Błaszczyk", "Żukowski", "Makowski"]
ES_FIRST = ["José", "María", "Jesús", "Martín", "Ramón", "Inés", "Begoña", "Íñigo", "Sofía", "Lucía",
            "Álvaro", "Andrés", "Raúl", "Ángela", "Nuria", "Joaquín", "Elena", "Sergio"]
ES_LAST = ["García", "Martínez", "López", "Sánchez", "González", "Fernández", "Rodríguez", "Pérez",
           "Gómez", "Díaz", "Muñoz", "Jiménez", "Ibáñez", "Núñez", "Ortega", "Castaño", "Moreno", "Peña"]
DE_FIRST = ["Jürgen", "Günter", "Jörg", "Björn", "Uwe", "Klaus", "Käthe", "Sören", "Anja", "Thomas",
            "Stefan", "Birgit", "Jürgen", "Hannelore", "Matthias", "Ulrike"]
DE_LAST = ["Müller", "Schäfer", "Köhler", "Groß", "Weiß", "Schröder", "Krüger", "Hoffmann", "Bäcker",
           "Fuchs", "Wagner", "Schmitt", "Böhm", "Lößer", "Hübner", "Vogt"]
EN_FIRST = ["John", "Sarah", "David", "Emma", "James", "Oliver", "Charlotte", "Gareth", "Fiona", "Ian",
            "Rachel", "Mark"]
EN_LAST = ["Smith", "Taylor", "Brown", "Walker", "O'Brien", "Clarke", "Hughes", "Evans", "Turner",
           "McKenzie", "Fletcher", "Whitaker"]

PL_PRE = ["Bud", "Stal", "Bet", "Term", "Dach", "Hydro", "Elektro", "Tech", "Inter", "Euro", "Mazow",
          "Pom", "Śląsk", "Wielkopol", "Drog", "Most", "Kan", "Inst", "Gran", "Żwir", "Pias", "Drew",
          "Okn", "Szkł", "Izo", "Farb", "Ciepł", "Geo", "Eko", "Krusz", "Zbroj", "Blach", "Łęg", "Rol"]
PL_SUF = ["ex", "pol", "mat", "bud", "tech", "met", "trans", "serwis", "mont", "projekt", "plast",
          "bet", "stal", "kop", "system", "ar", "on", "gaz", "dom", "instal"]
PL_FORMS = ["Sp. z o.o."] * 6 + ["S.A."] * 2 + ["Sp.j.", "Sp.k.", "s.c."]
ES_FORMS = ["S.L."] * 3 + ["S.A.", "S.L.U."]
DE_FORMS = ["GmbH"] * 3 + ["GmbH & Co. KG", "AG"]
EN_FORMS = ["Ltd"] * 3 + ["Limited", "plc", "LLP"]
ES_PLACES = ["del Norte", "de Levante", "Castellanos", "del Sur", "Andaluces", "de Aragón", "Gallegos"]
FREEMAIL = ["gmail.com", "wp.pl", "o2.pl", "interia.pl"]

TOWNS_PL = ["Łomianki", "Stryków", "Wilanów", "Piaseczno", "Ząbki", "Łódź", "Kraków", "Gdańsk",
            "Wrocław", "Poznań", "Białystok", "Toruń", "Rzeszów", "Opole", "Kielce", "Częstochowa",
            "Bełchatów", "Żyrardów", "Otwock", "Pruszków", "Błonie", "Sochaczew", "Płock", "Włocławek",
            "Gniezno", "Września", "Świdnik", "Zgierz", "Tczew", "Śrem", "Nadarzyn", "Marki",
            "Legionowo", "Wieliczka", "Skierniewice", "Łowicz", "Jabłonna", "Konstancin", "Radom"]
TOWNS_ES = ["Las Rozas", "Alcalá de Henares", "Getafe", "Móstoles", "Málaga", "Córdoba", "Cádiz", "León"]
TOWNS_EN = ["Leeds", "Reading", "Milton Keynes", "Bristol", "Coventry"]
STREETS = ["Długiej", "Kościuszki", "Piłsudskiego", "Słowackiego", "Żeromskiego", "Mickiewicza",
           "Kolejowej", "Łąkowej", "Wąskiej", "Źródlanej"]
ADJ = ["Zielone", "Słoneczne", "Parkowe", "Leśne", "Nad Wisłą", "Pod Dębami", "Ogrody", "Panorama"]

COMMON_WORD_COMPANIES = [("Delta", "Sp. z o.o."), ("Atlas", "S.A."), ("Orion", "Sp. z o.o."),
                         ("Beton", "Sp.j."), ("Alfa", "Sp. z o.o."), ("Polonia", "S.A.")]
COMMON_WORD_PASSING = {
    "Delta": ["Na placu stoi jeszcze stara koparka Delta, proszę ją ominąć przy rozładunku.",
              "Różnica (delta) między ofertami wynosi ok. 4%. Delta cenowa jest do przyjęcia."],
    "Atlas": ["Do płytek proszę używać kleju Atlas Plus, jak w poprzednim etapie.",
              "Fugę Atlas mamy jeszcze na magazynie."],
    "Orion": ["Spotkanie w hotelu Orion przy trasie, sala nr 2.",
              "Dojazd od strony stacji Orion, brama nr 3."],
    "Beton": ["Beton na strop będzie z pompy, proszę zostawić miejsce na podjazd.",
              "Beton C25/30 dojechał wczoraj bez opóźnień."],
    "Alfa": ["Wersja Alfa harmonogramu jest w załączniku, ostateczna będzie w piątek.",
             "Kierownik przyjedzie służbową Alfą, rejestracja WX 12345."],
    "Polonia": ["Po odbiorze zapraszamy na obiad do restauracji Polonia.",
                "Mecz Polonii przesunął nam dostawę o godzinę, korki na moście."],
}
OVERLAP_PAIRS = [("Budimex", "S.A.", "Budimex Dom", "Sp. z o.o.", "budimex.pl", "budimexdom.pl"),
                 ("Termex", "Sp. z o.o.", "Termex Instal", "Sp. z o.o.", "termex.pl", "termex-instal.pl"),
                 ("Mostbud", "S.A.", "Mostbud Infra", "Sp. z o.o.", "mostbud.pl", "mostbudinfra.pl")]

ITEMS = [  # (name template, alias templates, variants, unit)
    ("Pręt zbrojeniowy żebrowany fi {v} B500SP", ["pręt fi {v}", "pret fi{v}", "rebar {v} mm"],
     ["6", "8", "10", "12", "14", "16", "20", "25", "32"], "t"),
    ("Cement CEM {v} (worek 25 kg)", ["CEM {v}", "cement {v}"],
     ["I 42,5 R", "II/B-S 42,5 N", "II/A-LL 32,5 R", "III/A 42,5 N"], "worków"),
    ("Płyta gipsowo-kartonowa {v}", ["płyta GK {v}", "plyta gk {v}"],
     ["12,5 mm standard", "12,5 mm wodoodporna", "15 mm ogniochronna", "9,5 mm sufitowa"], "szt."),
    ("Bloczek betonowy {v}", ["bloczek {v}"], ["38x24x12", "38x24x14", "44x24x24", "50x24x24"], "szt."),
    ("Pustak ceramiczny {v}", ["pustak {v}"], ["P+W 25", "P+W 30", "44 N+F", "18,8 działowy"], "szt."),
    ("Styropian EPS {v} fasadowy", ["EPS {v}", "styropian {v}"],
     ["040 5 cm", "040 10 cm", "040 15 cm", "031 grafit 15 cm", "100 10 cm", "200 10 cm"], "m3"),
    ("Wełna mineralna skalna {v}", ["wełna {v}", "welna {v}"], ["5 cm", "10 cm", "15 cm", "20 cm"], "m2"),
    ("Rura kanalizacyjna PVC-U {v}", ["rura PVC {v}", "PVC {v}"],
     ["110x3,2 mm", "160x4,0 mm", "200x4,9 mm", "315x7,7 mm", "50x1,8 mm"], "mb"),
    ("Kabel {v}", ["{v}"], ["YDY 3x1,5", "YDY 3x2,5", "YDY 5x4", "YKY 5x16", "YKY 4x35", "N2XH 3x2,5"], "mb"),
    ("Siatka zbrojeniowa {v}", ["siatka {v}"], ["fi 6 oczko 15x15", "fi 8 oczko 15x15", "fi 10 oczko 20x20"], "szt."),
    ("Kostka brukowa {v}", ["kostka {v}"], ["Holland 6 cm szara", "Holland 8 cm szara", "Behaton 8 cm grafit",
                                            "starobruk 6 cm", "Holland 8 cm czerwona"], "m2"),
    ("Krawężnik drogowy {v}", ["krawężnik {v}"], ["15x30x100", "20x30x100", "12x25x100"], "szt."),
    ("Obrzeże trawnikowe {v}", ["obrzeże {v}"], ["6x20x100", "8x30x100"], "szt."),
    ("Papa termozgrzewalna {v}", ["papa {v}"], ["wierzchniego krycia 5,2 mm", "podkładowa 4,0 mm"], "rolek"),
    ("Dachówka ceramiczna {v}", ["dachówka {v}"], ["karpiówka naturalna", "esówka angobowana",
                                                   "zakładkowa grafit"], "szt."),
    ("Blacha trapezowa {v}", ["blacha {v}"], ["T18 0,5 mm", "T35 0,7 mm", "T55 0,75 mm", "T135 1,0 mm"], "m2"),
    ("Beton towarowy {v}", ["beton {v}"], ["C12/15", "C16/20", "C20/25", "C25/30", "C30/37", "C35/45"], "m3"),
    ("Klej do płytek {v}", ["klej {v}"], ["C1T 25 kg", "C2TE 25 kg", "S1 elastyczny 25 kg"], "worków"),
    ("Zaprawa murarska {v}", ["zaprawa {v}"], ["M5 25 kg", "M10 25 kg", "cienkowarstwowa 25 kg"], "worków"),
    ("Tynk gipsowy maszynowy {v}", ["tynk {v}"], ["30 kg", "lekki 30 kg"], "worków"),
    ("Sklejka szalunkowa {v}", ["sklejka {v}"], ["18 mm 1250x2500", "21 mm 1250x2500", "15 mm 1500x3000"], "arkuszy"),
    ("Dźwigar szalunkowy H20 {v}", ["H20 {v}", "dźwigar {v}"], ["2,45 m", "2,90 m", "3,90 m", "4,90 m"], "szt."),
    ("Stempel budowlany {v}", ["stempel {v}"], ["1,8-3,1 m", "2,0-3,6 m", "2,2-4,0 m"], "szt."),
    ("Rura stalowa ocynkowana {v}", ["rura ocynk {v}"], ["DN15", "DN20", "DN25", "DN32", "DN50"], "mb"),
    ("Profil CW {v}", ["CW{v}"], ["50", "75", "100"], "szt."),
    ("Profil UW {v}", ["UW{v}"], ["50", "75", "100"], "szt."),
    ("Membrana dachowa {v}", ["membrana {v}"], ["paroprzepuszczalna 115 g", "paroprzepuszczalna 170 g"], "rolek"),
    ("Folia budowlana {v}", ["folia {v}"], ["PE 0,2 mm", "paroizolacyjna 0,2 mm", "fundamentowa 0,3 mm"], "m2"),
    ("Kruszywo {v}", ["kruszywo {v}"], ["łamane 0-31,5", "łamane 31,5-63", "żwir 2-8", "piasek 0-2"], "t"),
    ("Geowłóknina {v}", ["geowłóknina {v}", "geowloknina {v}"], ["200 g/m2", "300 g/m2", "400 g/m2"], "m2"),
    ("Drzwi stalowe {v}", ["drzwi {v}"], ["EI30 90x200", "EI60 100x200", "techniczne 80x200"], "szt."),
    ("Okno PCV {v}", ["okno {v}"], ["90x120 uchylno-rozwierne", "120x150 dwuskrzydłowe", "60x60 uchylne"], "szt."),
    ("Grzejnik płytowy {v}", ["grzejnik {v}"], ["C22 600x800", "C22 600x1000", "C33 600x1200", "C11 500x600"], "szt."),
    ("Kotwa chemiczna {v}", ["kotwa {v}"], ["M12 300 ml", "M16 400 ml"], "szt."),
    ("Wkręt do płyt GK {v}", ["wkręt {v}"], ["3,5x25", "3,5x35", "3,5x45"], "op."),
    ("Rusztowanie ramowe {v}", ["rusztowanie {v}"], ["moduł 2,0 m", "moduł 3,0 m", "barierka 2,57 m"], "kpl."),
    ("Płyta OSB/3 {v}", ["OSB {v}", "płyta OSB {v}"], ["12 mm", "15 mm", "18 mm", "22 mm P+W"], "arkuszy"),
    ("Kantówka konstrukcyjna C24 {v}", ["kantówka {v}", "KVH {v}"], ["45x95", "45x145", "60x160", "80x200", "100x100"], "mb"),
    ("Łata dachowa {v}", ["łata {v}", "lata {v}"], ["38x50 impregnowana", "40x60 impregnowana"], "mb"),
    ("Pręt gładki {v}", ["pręt gładki {v}"], ["fi 6 S235", "fi 8 S235", "fi 10 S235"], "t"),
    ("Dwuteownik {v}", ["{v}"], ["IPE 160", "IPE 200", "IPE 240", "IPE 300", "HEB 200", "HEB 300"], "t"),
    ("Ceownik {v}", ["{v}"], ["UPN 100", "UPN 140", "UPN 200"], "t"),
    ("Kątownik równoramienny {v}", ["kątownik {v}", "L{v}"], ["50x50x5", "80x80x8", "100x100x10"], "t"),
    ("Rura PE-HD wodociągowa {v}", ["PE {v}", "rura PE {v}"], ["32 PN10", "40 PN10", "63 PN16", "110 PN16", "160 PN10"], "mb"),
    ("Studzienka kanalizacyjna {v}", ["studzienka {v}"], ["fi 425 PP", "fi 600 PP", "betonowa DN1000", "betonowa DN1200"], "szt."),
    ("Rura karbowana osłonowa {v}", ["peszel {v}", "arot {v}"], ["fi 50", "fi 75", "fi 110"], "mb"),
    ("Przewód {v}", ["{v}"], ["H07V-K 1x6", "H07V-K 1x16", "LgY 1x2,5", "OWY 3x2,5"], "mb"),
    ("Rozdzielnica natynkowa {v}", ["rozdzielnica {v}"], ["12 modułów", "24 moduły", "36 modułów", "54 moduły"], "szt."),
    ("Oprawa LED {v}", ["oprawa {v}", "LED {v}"], ["60x60 40 W", "hermetyczna 120 cm", "uliczna 80 W", "naświetlacz 100 W"], "szt."),
    ("Bloczek silikatowy {v}", ["silikat {v}"], ["24 cm", "18 cm", "12 cm", "8 cm"], "szt."),
    ("Beton komórkowy {v}", ["gazobeton {v}", "BK {v}"], ["24 cm 600", "36 cm 400", "12 cm działowy", "42 cm 350"], "szt."),
    ("Nadproże prefabrykowane {v}", ["nadproże {v}", "L19 {v}"], ["L19 1,20 m", "L19 1,50 m", "L19 1,80 m", "L19 2,10 m"], "szt."),
    ("Strop gęstożebrowy {v}", ["strop {v}"], ["Teriva 4,0", "Teriva 6,0", "Vector 60"], "m2"),
    ("Płyta kanałowa {v}", ["HC {v}", "płyta kanałowa {v}"], ["HC 200 6,0 m", "HC 265 8,4 m", "HC 320 10,2 m"], "szt."),
    ("Masa bitumiczna {v}", ["dysperbit {v}", "masa {v}"], ["do izolacji fundamentów 20 kg", "KMB dwuskładnikowa 30 kg"], "szt."),
    ("Farba elewacyjna {v}", ["farba {v}"], ["silikonowa biała 10 l", "akrylowa biała 10 l", "silikatowa 15 l"], "szt."),
    ("Tynk cienkowarstwowy {v}", ["tynk {v}"], ["silikonowy 1,5 mm", "akrylowy 2,0 mm", "mozaikowy 25 kg"], "worków"),
    ("Siatka z włókna szklanego {v}", ["siatka elewacyjna {v}"], ["145 g/m2", "160 g/m2"], "rolek"),
    ("Łącznik do styropianu {v}", ["kołek {v}"], ["10x120", "10x160", "10x200", "10x220"], "op."),
    ("Stal zbrojeniowa {v}", ["strzemiona {v}"], ["strzemiona fi 6 20x30", "strzemiona fi 8 25x40", "koszy fi 12 gotowych"], "t"),
    ("Deska szalunkowa {v}", ["deska {v}"], ["25 mm sosna", "32 mm sosna"], "m3"),
    ("Panel szalunkowy {v}", ["panel {v}"], ["Frami 0,90x2,70", "Framax 1,35x2,70", "Framax 0,60x2,70"], "szt."),
    ("Obrzeże betonowe {v}", ["obrzeże {v}"], ["6x25x100 szare", "8x25x100 szare"], "szt."),
    ("Płytka gresowa {v}", ["gres {v}"], ["60x60 szara matowa", "30x60 antypoślizgowa", "120x60 poler"], "m2"),
    ("Wylewka samopoziomująca {v}", ["wylewka {v}"], ["3-30 mm 25 kg", "cementowa 5-50 mm 25 kg"], "worków"),
    ("Taśma uszczelniająca {v}", ["taśma {v}"], ["rozprężna 15/3-7", "paroszczelna okienna 70 mm"], "rolek"),
    ("Pianka montażowa {v}", ["pianka {v}"], ["pistoletowa 750 ml", "niskoprężna 750 ml"], "szt."),
    ("Silikon sanitarny {v}", ["silikon {v}"], ["biały 280 ml", "bezbarwny 280 ml"], "szt."),
    ("Kostka granitowa {v}", ["granit {v}"], ["4/6 szara", "8/11 szara", "15/17 szara"], "t"),
    ("Palisada betonowa {v}", ["palisada {v}"], ["12x12x60", "12x12x100"], "szt."),
    ("Profil {v} do sufitów", ["{v}"], ["CD 60 3 m", "CD 60 4 m", "UD 27 3 m", "UA 50 4 m"], "szt."),
    ("Płyta warstwowa {v}", ["płyta warstwowa {v}", "panel PIR {v}"],
     ["PIR ścienna 100 mm", "PIR ścienna 120 mm", "PIR dachowa 100 mm", "wełna ścienna 150 mm", "PIR chłodnicza 200 mm"], "m2"),
    ("Bednarka ocynkowana {v}", ["bednarka {v}"], ["25x4", "30x4", "40x4"], "kg"),
    ("Drut wiązałkowy {v}", ["drut {v}"], ["1,2 mm 25 kg", "1,4 mm 25 kg", "1,6 mm 25 kg"], "kg"),
    ("Gwoździe budowlane {v}", ["gwoździe {v}"], ["3,1x90 5 kg", "4,0x100 5 kg", "3,5x80 ocynk 5 kg", "papowe 3,0x25 1 kg"], "op."),
    ("Gazobeton nadprożowy U {v}", ["kształtka U {v}"], ["24 cm", "36 cm", "42 cm"], "szt."),
    ("Kształtka wieńcowa {v}", ["wieńcówka {v}"], ["24 cm", "30 cm", "38 cm"], "szt."),
    ("Rynna PVC {v}", ["rynna {v}"], ["125 mm grafit", "125 mm brązowa", "150 mm biała", "100 mm grafit"], "mb"),
    ("Rura spustowa PVC {v}", ["rura spustowa {v}"], ["90 mm grafit", "110 mm brązowa", "90 mm biała"], "mb"),
    ("Odwodnienie liniowe {v}", ["korytko {v}"], ["klasa A15 1 m", "klasa B125 1 m", "klasa C250 1 m", "klasa D400 1 m"], "szt."),
    ("Właz kanałowy {v}", ["właz {v}"], ["D400 żeliwny", "B125 żeliwny", "A15 kompozytowy"], "szt."),
    ("Pręt zbrojeniowy kompozytowy {v}", ["GFRP {v}"], ["fi 8", "fi 10", "fi 12"], "mb"),
    ("Mata grzewcza {v}", ["mata {v}"], ["160 W/m2 2 m2", "160 W/m2 5 m2"], "szt."),
    ("Rura PEX {v} do ogrzewania", ["PEX {v}", "pex {v}"], ["16x2,0", "20x2,0", "25x2,3"], "mb"),
    ("Zawór kulowy {v}", ["zawór {v}"], ["1/2\"", "3/4\"", "1\"", "5/4\""], "szt."),
    ("Rura miedziana {v}", ["miedź {v}", "rura Cu {v}"], ["15x1", "18x1", "22x1", "28x1,2"], "mb"),
    ("Kostka brukowa ekologiczna {v}", ["ekokrata {v}", "ażurowa {v}"], ["8 cm szara", "10 cm szara"], "m2"),
    ("Piasek {v}", ["piasek {v}"], ["płukany 0-2 mm", "zasypowy 0-4 mm", "kwarcowy 0,1-0,5 mm"], "t"),
    ("Kliniec {v}", ["kliniec {v}"], ["4-31,5", "0-31,5 dolomit"], "t"),
    ("Lina stalowa {v}", ["lina {v}"], ["8 mm ocynk", "12 mm ocynk"], "mb"),
    ("Sznur dylatacyjny {v}", ["sznur {v}"], ["10 mm", "20 mm"], "mb"),
    ("Masa szpachlowa {v}", ["gładź {v}"], ["gipsowa 20 kg", "polimerowa 20 kg"], "worków"),
]

EMPLOYEES = [("Paweł", "Adamczyk", "p.adamczyk", "Dział Zakupów"),
             ("Karolina", "Wróbel", "k.wrobel", "Kierownik Projektu"),
             ("Adam", "Kubiak", "a.kubiak", "Kierownik Projektu"),
             ("Tomasz", "Król", "t.krol", "Kierownik Projektu"),
             ("Javier", "Moreno", "j.moreno", "Delegación España"),
             ("Michał", "Sikora", "m.sikora", "UK Projects"),
             ("Barbara", "Lis", "b.lis", "Księgowość"),
             ("Dorota", "Żmuda", "d.zmuda", "Kierownik Budowy"),
             ("Krzysztof", "Pająk", "k.pajak", "Inżynier Budowy"),
             ("Ewelina", "Kłos", "e.klos", "Dział Ofertowania")]
TITLES = {"pl": ["Kierownik Sprzedaży", "Specjalista ds. handlowych", "Dyrektor Techniczny", "Handlowiec",
                  "Inspektor nadzoru", "Kierownik Robót", "Specjalista ds. logistyki"],
          "es": ["Jefe de Obra", "Departamento Comercial", "Director Técnico"],
          "de": ["Vertrieb", "Projektleiter", "Technischer Leiter"],
          "en": ["Project Manager", "Sales Manager", "Site Manager", "Estimator"]}
REPLY_PREFIX = {"pl": ["Re:", "Odp:", "RE:", "ODP:"], "de": ["AW:", "Aw:", "RE:"], "es": ["RV:", "RE:", "Re:"],
                "en": ["Re:", "RE:"]}
BUDOWEX_SIG = "Budowex S.A.\nul. Marszałkowska 142, 00-061 Warszawa\ntel. +48 22 555 01 00\nwww.budowex.pl"

# ---------------------------------------------------------------- records


def nip(rng):
    while True:
        d = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(8)]
        c = sum(w * x for w, x in zip([6, 5, 7, 2, 3, 4, 5, 6, 7], d)) % 11
        if c < 10:
            return "".join(map(str, d + [c]))


def person_name(rng, nat):
    if nat == "pl":
        last = rng.choice(PL_LAST)
        if rng.random() < 0.45:
            first = rng.choice(PL_FIRST_F)
            if last.endswith("ki"):
                last = last[:-1] + "a"
        else:
            first = rng.choice(PL_FIRST_M)
        return first, last
    pools = {"es": (ES_FIRST, ES_LAST), "de": (DE_FIRST, DE_LAST), "en": (EN_FIRST, EN_LAST)}[nat]
    first, last = rng.choice(pools[0]), rng.choice(pools[1])
    if nat == "es" and rng.random() < 0.4:
        last = last + " " + rng.choice(ES_LAST)
    return first, last


class World:
    def __init__(self, rng):
        self.rng = rng
        self.companies = []   # dicts: id name aliases domains tax_id nat stem form tags
        self.contacts = []    # dicts: id first last emails company nat
        self.items = []       # dicts: id name code aliases unit
        self.projects = []    # dicts: id name code aliases company
        self.surname_companies = {}  # surname -> company id
        self.build()

    # -- companies
    def add_company(self, stem, form, nat, aliases=(), domain="auto", tags=(), display=None):
        rng = self.rng
        name = display or f"{stem} {form}"
        if domain == "auto":
            domain = None
            if rng.random() < 0.88:
                tld = {"pl": [".pl", ".pl", ".com.pl", ".eu"], "es": [".es", ".es", ".com"],
                       "de": [".de"], "en": [".co.uk", ".co.uk", ".com"]}[nat]
                domain = slug(stem) + rng.choice(tld)
        domains = []
        if domain:
            while domain in self.used_domains:
                domain = slug(stem) + str(rng.randrange(2, 99)) + "." + domain.split(".", 1)[1]
            domains.append(domain)
            self.used_domains.add(domain)
            if rng.random() < 0.06:
                d2 = slug(stem) + ("-group.com" if nat != "pl" else ".com")
                if d2 not in self.used_domains:
                    domains.append(d2)
                    self.used_domains.add(d2)
        tax = {"pl": lambda: "PL" + nip(rng), "es": lambda: "ESB" + f"{rng.randrange(10**8):08d}",
               "de": lambda: "DE" + f"{rng.randrange(10**8, 10**9)}",
               "en": lambda: "GB" + f"{rng.randrange(10**8, 10**9)}"}[nat]()
        if rng.random() < 0.08:
            tax = ""
        c = dict(id=f"C{len(self.companies) + 1:04d}", name=name, aliases=list(aliases), domains=domains,
                 tax_id=tax, nat=nat, stem=stem, form=form, tags=set(tags))
        self.companies.append(c)
        self.used_names.add(name.lower())
        return c

    def build(self):
        rng = self.rng
        self.used_domains, self.used_names = set(), set()
        self.add_company("Spostex", "S.A.", "pl", ["Spostex", "SPOSTEX"], "spostex.pl")
        for a, af, b, bf, ad, bd in OVERLAP_PAIRS:
            self.add_company(a, af, "pl", [a], ad, tags=["overlap_short"])
            self.add_company(b, bf, "pl", [b], bd, tags=["overlap_long"])
        for w, form in COMMON_WORD_COMPANIES:
            self.add_company(w, form, "pl", [w], tags=["common_word"])
        # companies named like the surname of a contact at another firm
        for sur, nat, form in [("Kaczmarek", "pl", "Sp.j."), ("Mazur", "pl", "Sp. z o.o."),
                               ("Duda", "pl", "s.c."), ("Krüger", "de", "GmbH"),
                               ("Ortega", "es", "S.L."), ("Walker", "en", "Ltd"), ("Szulc", "pl", "Sp.k.")]:
            c = self.add_company(sur, form, nat, [sur], tags=["surname"])
            self.surname_companies[sur] = c["id"]
        while len(self.companies) < 300:
            nat = rng.choices(["pl", "es", "de", "en"], [65, 12, 12, 11])[0]
            r = rng.random()
            if nat == "pl":
                stem = rng.choice(PL_PRE) + rng.choice(PL_SUF)
                if rng.random() < 0.1:
                    stem = stem[0:3] + "-" + rng.choice(["Pol", "Bud", "Trans", "Serwis"])
                form = rng.choice(PL_FORMS)
                if r < 0.15:
                    name = f"Przedsiębiorstwo Budowlane {stem} {form}"
                    aliases = [stem, f"PB {stem}"]
                elif r < 0.25:
                    sur = rng.choice(PL_LAST)
                    stem = f"{stem} {sur}"
                    name, aliases = f"{stem} {form}", [stem]
                else:
                    name, aliases = f"{stem} {form}", [stem]
            elif nat == "es":
                form = rng.choice(ES_FORMS)
                sur = rng.choice(ES_LAST)
                kind = rng.choice(["Construcciones", "Hormigones", "Áridos", "Grupo", "Estructuras"])
                stem = f"{kind} {sur}" if r < 0.6 else f"{kind} {rng.choice(ES_PLACES)}"
                name, aliases = f"{stem} {form}", [stem]
            elif nat == "de":
                form = rng.choice(DE_FORMS)
                sur = rng.choice(DE_LAST)
                stem = rng.choice([f"{sur} Bau", f"{sur} Baustoffe", f"{sur} Gerüstbau", f"{sur} Schalungstechnik"])
                name, aliases = f"{stem} {form}", [stem]
            else:
                form = rng.choice(EN_FORMS)
                sur = rng.choice(EN_LAST)
                stem = rng.choice([f"{sur} Construction", f"{sur} & Sons", f"{sur} Plant Hire",
                                   f"{sur} Engineering", f"{sur} Civils"])
                name, aliases = f"{stem} {form}", [stem]
            if name.lower() in self.used_names or any(name.lower() == c["stem"].lower() for c in self.companies):
                continue
            if " " in stem and r < 0.5 and nat == "pl":
                aliases.append("".join(w[0] for w in stem.split()).upper())
            if any(ord(ch) > 127 for ch in stem) and rng.random() < 0.3:
                aliases.append(fold(stem))
            self.add_company(stem, form, nat, aliases, display=name)
        self.make_contacts()
        self.make_items()
        self.make_projects()

    # -- contacts
    def email_for(self, first, last, domain):
        rng = self.rng
        f, l = slug(first), slug(last.split()[0])
        pat = rng.choice([f"{f}.{l}", f"{f[0]}.{l}", f"{f}{l}", f"{f[0]}{l}", f"{l}"])
        if domain in FREEMAIL:
            pat = rng.choice([f"{f}.{l}", f"{f}{l}{rng.randrange(60, 99)}", f"{l}.{f}", f"{f}_{l}{rng.randrange(1, 9)}"])
        addr = f"{pat}@{domain}"
        n = 2
        while addr in self.used_emails:
            addr = f"{pat}{n}@{domain}"
            n += 1
        self.used_emails.add(addr)
        return addr

    def add_contact(self, first, last, company):
        rng = self.rng
        emails = []
        if company and company["domains"]:
            emails.append(self.email_for(first, last, rng.choice(company["domains"])))
            if rng.random() < 0.08:
                emails.append(self.email_for(first, last, rng.choice(FREEMAIL)))
        else:
            emails.append(self.email_for(first, last, rng.choice(FREEMAIL)))
        k = dict(id=f"K{len(self.contacts) + 1:04d}", first=first, last=last, emails=emails,
                 company=company["id"] if company else "", nat=company["nat"] if company else "pl")
        self.contacts.append(k)
        return k

    def make_contacts(self):
        rng = self.rng
        self.used_emails = set()
        self.by_company = {}
        surname_of = {v: k for k, v in self.surname_companies.items()}
        plan = []
        for c in self.companies:
            n = rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 5, 6])
            plan.extend([c] * n)
        while len(plan) < 890:
            plan.append(rng.choice(self.companies))
        plan = plan[:890]
        plan.sort(key=lambda c: c["id"])
        for c in plan:
            first, last = person_name(rng, c["nat"])
            if last in self.surname_companies and surname_of.get(c["id"]) != last:
                pass  # fine: surname clash arises naturally too
            self.add_contact(first, last, c)
        # surname clash: people named like a company, working at another firm
        for sur, cid in self.surname_companies.items():
            nat = self.company(cid)["nat"]
            for _ in range(2):
                other = rng.choice([c for c in self.companies if c["id"] != cid and c["nat"] == nat])
                first = person_name(rng, nat)[0]
                self.add_contact(first, sur, other)
        for _ in range(10):  # contacts without a company, on free mail
            first, last = person_name(rng, "pl")
            self.add_contact(first, last, None)
        for k in self.contacts:
            self.by_company.setdefault(k["company"], []).append(k)
        self.clash_contacts = [k for k in self.contacts
                               if k["last"] in self.surname_companies and k["company"] != self.surname_companies[k["last"]]]

    def company(self, cid):
        return self.companies[int(cid[1:]) - 1] if cid else None

    def contact(self, kid):
        return self.contacts[int(kid[1:]) - 1]

    # -- warehouse
    def make_items(self):
        rng = self.rng
        pool = []
        for tmpl, atmpls, variants, unit in ITEMS:
            for v in variants:
                pool.append((tmpl.format(v=v), [a.format(v=v) for a in atmpls], unit))
        assert len(pool) >= 300, len(pool)
        rng.shuffle(pool)
        codes = rng.sample(range(1, 10000), 300)
        for i, ((name, aliases, unit), code) in enumerate(zip(pool[:300], codes)):
            self.items.append(dict(id=f"W{i + 1:04d}", name=name, code=f"MAT-{code:04d}",
                                   aliases=aliases, unit=unit))

    # -- projects
    def make_projects(self):
        rng = self.rng
        used = set()
        while len(self.projects) < 100:
            r = rng.random()
            if r < 0.8:
                town = rng.choice(TOWNS_PL)
                kind = rng.randrange(7)
                if kind == 0:
                    adj = rng.choice(ADJ)
                    name = f"Osiedle {adj} {town} – etap {rng.choice(['I', 'II', 'III'])}"
                    aliases = [f"Osiedle {adj} {town}", f"Osiedle {town}"]
                elif kind == 1:
                    name = f"Hala magazynowa {town}"
                    aliases = [f"hala {town}", f"magazyn {town}"]
                elif kind == 2:
                    name = f"Przebudowa ul. {rng.choice(STREETS)} w m. {town}"
                    aliases = [name.split(" w m. ")[0]]
                elif kind == 3:
                    n = rng.randrange(1, 20)
                    name = f"Szkoła Podstawowa nr {n} – {town}"
                    aliases = [f"SP{n} {town}", f"szkoła {town}"]
                elif kind == 4:
                    name = f"Centrum Logistyczne {town}"
                    aliases = [f"CL {town}"]
                elif kind == 5:
                    name = f"Biurowiec {rng.choice(['Neptun', 'Kwadrat', 'Forum', 'Horyzont', 'Żuraw'])} {town}"
                    aliases = [name.split(" ")[1]]
                else:
                    name = f"Budynek wielorodzinny {rng.choice(['A', 'B', 'B3', 'C2'])} {town}"
                    aliases = [f"budynek {town}"]
            elif r < 0.9:
                town = rng.choice(TOWNS_ES)
                name = rng.choice([f"Residencial {town}", f"Nave industrial {town}", f"Colegio {town}"])
                aliases = [town]
            else:
                town = rng.choice(TOWNS_EN)
                name = rng.choice([f"{town} Business Park", f"{town} Distribution Centre", f"{town} Student Halls"])
                aliases = [f"{town} DC" if "Distribution" in name else town]
            if name in used:
                continue
            used.add(name)
            if any(ord(ch) > 127 for ch in name) and rng.random() < 0.3:
                aliases.append(fold(aliases[0]))
            letters = "".join(c for c in fold(town).upper() if c.isalpha())[:3]
            code = f"{letters}-{rng.choice([2023, 2024, 2024, 2025])}-{rng.randrange(1, 13):02d}"
            while any(p["code"] == code for p in self.projects):
                code = f"{letters}-{rng.choice([2023, 2024, 2025])}-{rng.randrange(1, 13):02d}"
            cid = "" if rng.random() < 0.1 else rng.choice(self.companies)["id"]
            self.projects.append(dict(id=f"J{len(self.projects) + 1:04d}", name=name, code=code,
                                      aliases=aliases, company=cid, town=town))

    def write(self, outdir):
        d = os.path.join(outdir, "records")
        os.makedirs(d, exist_ok=True)

        def w(name, header, rows):
            with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
                cw = csv.writer(f)
                cw.writerow(header)
                cw.writerows(rows)
        w("companies.csv", ["id", "name", "aliases", "domains", "tax_id"],
          [[c["id"], c["name"], ";".join(c["aliases"]), ";".join(c["domains"]), c["tax_id"]] for c in self.companies])
        w("contacts.csv", ["id", "first_name", "last_name", "emails", "company_id"],
          [[k["id"], k["first"], k["last"], ";".join(k["emails"]), k["company"]] for k in self.contacts])
        w("warehouse.csv", ["id", "name", "code", "aliases"],
          [[i["id"], i["name"], i["code"], ";".join(i["aliases"])] for i in self.items])
        w("projects.csv", ["id", "name", "code", "aliases", "company_id"],
          [[p["id"], p["name"], p["code"], ";".join(p["aliases"]), p["company"]] for p in self.projects])


# ---------------------------------------------------------------- messages

START = dt.datetime(2023, 7, 1, 7, 0)
SPAN_DAYS = 548  # 18 months


def tz_for(d, nat):
    summer = 4 <= d.month <= 10  # close enough to EU DST for a test corpus
    off = {"en": 0}.get(nat, 1) + (1 if summer else 0)
    return dt.timezone(dt.timedelta(hours=off))


class Gen:
    KINDS = [("incoming", 35), ("outgoing", 20), ("reply", 15), ("reply_noheaders", 5),
             ("unknown_sender", 5), ("negative", 20)]

    def __init__(self, world, rng, n):
        self.w, self.rng, self.n = world, rng, n
        self.kinds, self.hard, self.subkinds = Counter(), Counter(), Counter()
        self.threadable = []  # earlier conversational messages
        self.used_mid = set()

    # -- small pieces
    def employee(self, prefer=None):
        e = self.rng.choice(EMPLOYEES)
        return dict(first=e[0], last=e[1], email=f"{e[2]}@budowex.pl", role=e[3])

    def addr(self, name, email):
        user, dom = email.split("@")
        return Address(display_name=name, username=user, domain=dom)

    def msgid(self, d, domain):
        while True:
            m = f"<{d:%Y%m%d%H%M%S}.{self.rng.getrandbits(48):012x}@{domain}>"
            if m not in self.used_mid:
                self.used_mid.add(m)
                return m

    def pick_contact(self, hard):
        rng, w = self.rng, self.w
        r = rng.random()
        if r < 0.04 and w.clash_contacts:
            k = rng.choice(w.clash_contacts)
            hard.add("surname_company")
            return k
        if r < 0.07:
            longs = [c for c in w.companies if "overlap_long" in c["tags"]]
            c = rng.choice(longs)
            hard.add("overlap_longer")
            return rng.choice(w.by_company[c["id"]])
        k = rng.choice(w.contacts)
        if k["last"] in w.surname_companies and k["company"] != w.surname_companies[k["last"]]:
            hard.add("surname_company")
        if k["company"] and "overlap_long" in w.company(k["company"])["tags"]:
            hard.add("overlap_longer")
        return k

    def company_display(self, c, hard):
        """How a company name is written in a signature or body."""
        rng = self.rng
        if rng.random() < 0.08 and c["nat"] == "pl":
            hard.add("legal_form_variant")
            stem, form = c["stem"], c["form"]
            variants = {"S.A.": ["SA", "S. A.", "Spółka Akcyjna", ""],
                        "Sp. z o.o.": ["Sp.z o.o.", "sp. z o. o.", "spółka z o.o.", "SP. Z O.O.", ""],
                        "Sp.j.": ["sp. j.", "Spółka jawna", ""], "Sp.k.": ["sp. k.", "Spółka komandytowa", ""],
                        "s.c.": ["S.C.", "spółka cywilna", ""]}.get(form, [""])
            v = rng.choice(variants)
            s = stem.upper() if rng.random() < 0.4 else stem
            return f"{s} {v}".strip()
        return c["name"]

    def project_mention(self, p, hard, fold_it=False):
        rng = self.rng
        r = rng.random()
        s = p["name"] if r < 0.5 else (rng.choice(p["aliases"]) if r < 0.8 else p["code"])
        if r >= 0.8:
            hard.add("project_by_code")
        if fold_it and s != fold(s):
            hard.add("diacritics_dropped")
            s = fold(s)
        return s

    def item_mention(self, it, hard):
        r = self.rng.random()
        if r < 0.25:
            hard.add("item_by_code")
            return f"{it['code']}"
        if r < 0.35:
            hard.add("item_by_code")
            return f"{it['name']} ({it['code']})"
        hard.add("item_by_name")
        return it["name"] if r < 0.7 else self.rng.choice(it["aliases"])

    def split_line(self, text, name, hard):
        """Put a line break inside the first occurrence of a multi-word name."""
        if " " in name and name in text:
            i = name.index(" ", len(name) // 3) if " " in name[len(name) // 3:] else name.index(" ")
            broken = name[:i] + "\n" + name[i + 1:]
            hard.add("line_break_split")
            return text.replace(name, broken, 1)
        return text

    def passing_word(self, exclude_cids, hard):
        cands = [c for c in self.w.companies if "common_word" in c["tags"] and c["id"] not in exclude_cids]
        c = self.rng.choice(cands)
        hard.add("common_word_passing")
        return self.rng.choice(COMMON_WORD_PASSING[c["stem"]])

    # -- topics / bodies
    def topic(self, k, hard, need=True):
        rng, w = self.rng, self.w
        proj = None
        if rng.random() < 0.7 or not need:
            mine = [p for p in w.projects if p["company"] == k["company"]] if k else []
            proj = rng.choice(mine) if mine and rng.random() < 0.5 else rng.choice(w.projects)
            if not need and rng.random() < 0.3:
                proj = None
        items = []
        if rng.random() < 0.55 or (need and proj is None):
            items = rng.sample(w.items, rng.choice([1, 1, 1, 2, 2, 3]))
        return proj, items

    def lang_of(self, k):
        nat = k["nat"] if k else "pl"
        if nat == "pl":
            return "pl"
        return nat if self.rng.random() < 0.6 else "en"

    def item_lines(self, items, hard, lang):
        out = []
        for it in items:
            q = self.rng.choice([5, 10, 12, 20, 25, 40, 60, 120, 250, 500])
            out.append(f"- {self.item_mention(it, hard)} – {q} {it['unit']}")
        return "\n".join(out)

    def body_external(self, k, proj, items, hard, lang, code_only, d):
        """Text written by an external contact (no signature)."""
        rng = self.rng
        fold_it = rng.random() < 0.06
        pm = self.project_mention(proj, hard, fold_it) if proj and not code_only else None
        il = self.item_lines(items, hard, lang) if items else ""
        fv = f"FV-{d.year}-{rng.randrange(1, 2000):04d}"
        when = (d + dt.timedelta(days=rng.randrange(2, 12))).strftime("%d.%m")
        parts = []
        if lang == "pl":
            greet = rng.choice(["Dzień dobry,", "Szanowni Państwo,", "Witam,", "Dzień dobry Panie Kierowniku,"])
            t = rng.randrange(4)
            if t == 0:
                s = "w nawiązaniu do zapytania przesyłam ofertę"
                s += f" dla budowy {pm}" if pm else ""
                s += ":\n" + il if il else "."
                s += "\nCeny netto, dostawa na plac budowy w ciągu 5 dni roboczych."
            elif t == 1:
                s = "informujemy, że dostawa" + (":\n" + il + "\n" if il else " materiałów ")
                s += f"na budowę {pm} " if pm else ""
                s += f"planowana jest na {when} w godz. 7:00-9:00. Prosimy o zapewnienie rozładunku."
            elif t == 2:
                s = f"w załączeniu przesyłamy fakturę {fv.replace('-', '/')}"
                s += f" za dostawy na inwestycję {pm}" if pm else ""
                s += (":\n" + il if il else ".") + "\nTermin płatności 30 dni."
            else:
                s = "mamy pytanie dotyczące harmonogramu"
                s += f" na {pm}" if pm else ""
                s += ". Czy możemy przesunąć montaż o tydzień?"
                s += "\nDotyczy pozycji:\n" + il if il else ""
            parts = [greet, s]
        elif lang == "es":
            parts = ["Buenos días,", "adjunto el presupuesto" + (f" para la obra {pm}" if pm else "") +
                     (":\n" + il if il else ".") + "\nQuedamos a la espera de su confirmación."]
        elif lang == "de":
            parts = ["Sehr geehrte Damen und Herren,", "anbei unser Angebot" + (f" für das Bauvorhaben {pm}" if pm else "") +
                     (":\n" + il if il else ".") + "\nLieferung frei Baustelle innerhalb von 10 Arbeitstagen."]
        else:
            parts = ["Hello,", "please find attached our quotation" + (f" for {pm}" if pm else "") +
                     (":\n" + il if il else ".") + "\nLet us know if you need anything else."]
        if lang == "pl" and rng.random() < 0.07:
            parts.append(self.passing_word([k["company"]], hard))
        text = "\n\n".join(parts)
        if pm and rng.random() < 0.06:
            text = self.split_line(text, pm, hard)
        return text, fv

    def signature_external(self, k, hard):
        rng = self.rng
        c = self.w.company(k["company"])
        name = f"{k['first']} {k['last']}"
        if rng.random() < 0.05 and name != fold(name):
            hard.add("diacritics_dropped")
            name = fold(name)
        lines = [name]
        lines.append(rng.choice(TITLES[k["nat"]]))
        if c:
            cd = self.company_display(c, hard)
            if rng.random() < 0.05 and " " in cd:
                cd = self.split_line(cd, cd, hard)
            lines.append(cd)
            if "overlap_long" in c["tags"]:  # the shorter, wrong record is named too
                short = c["stem"].split()[0]
                lines.append(rng.choice([f"(spółka z Grupy {short})", f"Grupa {short}", f"członek grupy kapitałowej {short}"]))
            if c["domains"] and rng.random() < 0.6:
                lines.append("www." + c["domains"][0])
        cc = {"pl": "tel. +48", "es": "Tel. +34", "de": "Tel. +49", "en": "Mob. +44"}[k["nat"]]
        lines.append(f"{cc} {rng.randrange(500, 899)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}")
        return "\n".join(lines)

    def body_outgoing(self, ks, proj, items, hard, lang, code_only, d):
        rng = self.rng
        pm = self.project_mention(proj, hard, rng.random() < 0.05) if proj and not code_only else None
        il = self.item_lines(items, hard, lang) if items else ""
        zam = f"ZAM-{d.year}-{rng.randrange(1, 999):04d}"
        if lang == "pl":
            t = rng.randrange(3)
            if t == 0:
                s = "prosimy o przygotowanie oferty" + (f" dla budowy {pm}" if pm else "") + (":\n" + il if il else ".")
                s += "\nTermin złożenia oferty: do końca tygodnia."
            elif t == 1:
                s = f"przesyłamy zamówienie {zam}" + (f" na budowę {pm}" if pm else "") + (":\n" + il if il else ".")
                s += "\nProszę o potwierdzenie terminu dostawy."
            else:
                s = "zapraszamy na spotkanie koordynacyjne" + (f" w sprawie {pm}" if pm else "")
                s += f" w czwartek o 10:00." + ("\nDo omówienia dostawy:\n" + il if il else "")
            if len(ks) > 1:
                c2 = self.w.company(ks[1]["company"])
                if c2:
                    s += f"\nDo wiadomości: {self.company_display(c2, hard).rstrip('.')}."
            text = "Dzień dobry,\n\n" + s
        elif lang == "es":
            text = "Buenos días:\n\nles rogamos nos envíen su oferta" + (f" para la obra {pm}" if pm else "") + (":\n" + il if il else ".")
        elif lang == "de":
            text = "Guten Tag,\n\nbitte senden Sie uns Ihr Angebot" + (f" für das Bauvorhaben {pm}" if pm else "") + (":\n" + il if il else ".")
        else:
            text = "Good morning,\n\nplease send us your quotation" + (f" for {pm}" if pm else "") + (":\n" + il if il else ".")
        if lang == "pl" and rng.random() < 0.07:
            text += "\n\n" + self.passing_word([k["company"] for k in ks], hard)
        if pm and rng.random() < 0.06:
            text = self.split_line(text, pm, hard)
        return text, zam

    # -- subject
    def subject(self, proj, items, lang, kind, code_only, hard):
        rng = self.rng
        if code_only and proj:
            hard.add("project_code_only_subject")
            return f"{proj['code']} – " + rng.choice(["harmonogram", "dostawa", "pytanie", "faktura",
                                                      "uzgodnienia", "protokół", "update"])
        words = {"pl": {"in": ["Oferta", "Awizacja dostawy", "Faktura", "Pytanie", "Zapytanie"],
                        "out": ["Zapytanie ofertowe", "Zamówienie", "Spotkanie koordynacyjne"]},
                 "es": {"in": ["Presupuesto", "Oferta"], "out": ["Solicitud de oferta"]},
                 "de": {"in": ["Angebot", "Lieferung"], "out": ["Anfrage"]},
                 "en": {"in": ["Quotation", "Delivery"], "out": ["Request for quotation"]}}[lang]["out" if kind == "outgoing" else "in"]
        s = rng.choice(words)
        if proj and rng.random() < 0.7:
            s += " – " + (proj["code"] if rng.random() < 0.3 else rng.choice([proj["name"]] + proj["aliases"]))
        elif items:
            s += " – " + (items[0]["code"] if rng.random() < 0.3 else items[0]["aliases"][0])
        return s

    # -- MIME assembly
    def build(self, hdrs, text, hard, html_mode=None, attachments=(), entity_ok=True):
        """html_mode: None (plain), 'html' (HTML only), 'alt' (text + HTML)."""
        rng = self.rng
        msg = EmailMessage(policy=SMTP)
        for k, v in hdrs:
            msg[k] = v
        if html_mode:
            paras = text.split("\n\n")
            html_body = "".join("<p>" + html_escape(p).replace("\n", "<br>\n") + "</p>\n" for p in paras)
            if entity_ok and rng.random() < 0.4 and html_body != fold(html_body):
                html_body = entities(html_body)
                hard.add("html_entities")
            html = ("<html><head><meta charset=\"utf-8\"></head><body style=\"font-family:Calibri\">\n"
                    + html_body + "</body></html>\n")
            if html_mode == "html":
                msg.set_content(html, subtype="html", cte=self.cte())
                hard.add("html_only")
            else:
                msg.set_content(text + "\n", cte=self.cte())
                msg.add_alternative(html, subtype="html", cte=self.cte())
        else:
            msg.set_content(text + "\n", cte=self.cte())
        for fname, ctype in attachments:
            maintype, subtype = ctype.split("/")
            data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" if subtype == "pdf" else b"PK\x03\x04"
            data += rng.randbytes(rng.randrange(200, 700))
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=fname)
            hard.add("attachment")
        n = 0
        for part in msg.walk():
            if part.is_multipart():
                n += 1
                part.set_boundary(f"=_Part_{n}_{rng.getrandbits(40):010x}")
        return msg

    def cte(self):
        return self.rng.choices(["8bit", "quoted-printable", "base64"], [50, 35, 15])[0]

    def html_mode(self):
        r = self.rng.random()
        return "html" if r < 0.12 else ("alt" if r < 0.27 else None)

    # -- message kinds
    def date_at(self, i):
        base = START + dt.timedelta(days=SPAN_DAYS * (i + self.rng.random()) / self.n)
        if base.weekday() >= 5 and self.rng.random() < 0.85:  # mostly working days
            base += dt.timedelta(days=7 - base.weekday() + self.rng.randrange(4))
        return base.replace(hour=self.rng.randrange(7, 19), minute=self.rng.randrange(60), second=self.rng.randrange(60))

    def aware(self, d, nat):
        return d.replace(tzinfo=tz_for(d, nat))

    def targets_for(self, ks, proj, items):
        t = set()
        for k in ks:
            t.add(f"contact:{k['id']}")
            if k["company"]:
                t.add(f"company:{k['company']}")
        if proj:
            t.add(f"project:{proj['id']}")
        for it in items:
            t.add(f"warehouse:{it['id']}")
        return t

    def gen_incoming(self, i, hard):
        rng = self.rng
        k = self.pick_contact(hard)
        proj, items = self.topic(k, hard)
        lang = self.lang_of(k)
        code_only = bool(proj) and rng.random() < 0.06
        d = self.aware(self.date_at(i), k["nat"])
        text, fv = self.body_external(k, proj, items, hard, lang, code_only, d)
        text += "\n\n" + ("Pozdrawiam" if lang == "pl" else {"es": "Saludos", "de": "Mit freundlichen Grüßen", "en": "Best regards"}[lang])
        text += "\n" + self.signature_external(k, hard)
        if k["emails"][0].split("@")[1] in FREEMAIL:
            hard.add("freemail_contact")
        emp = self.employee()
        email = rng.choice(k["emails"])
        subj = self.subject(proj, items, lang, "incoming", code_only, hard)
        cc = []
        if rng.random() < 0.2:
            e2 = self.employee()
            if e2["email"] != emp["email"]:
                cc.append(self.addr(f"{e2['first']} {e2['last']}", e2["email"]))
        hdrs = [("From", self.addr(f"{k['first']} {k['last']}", email)),
                ("To", self.addr(f"{emp['first']} {emp['last']}", emp["email"]))]
        cck = []
        mates = [x for x in self.w.by_company.get(k["company"], []) if x["id"] != k["id"]] if k["company"] else []
        if mates and rng.random() < 0.12:
            cck = [rng.choice(mates)]
            cc.append(self.addr(f"{cck[0]['first']} {cck[0]['last']}", cck[0]["emails"][0]))
        if cc:
            hdrs.append(("Cc", cc))
        hdrs += [("Subject", subj), ("Date", format_datetime(d)), ("Message-ID", self.msgid(d, email.split("@")[1]))]
        att = []
        if "fakturę" in text or rng.random() < 0.05:
            att.append((f"Faktura_{fv}.pdf", "application/pdf"))
        elif rng.random() < 0.15:
            att.append(rng.choice([
                (f"Oferta_{proj['code'] if proj else fv[3:]}.pdf", "application/pdf"),
                ("Harmonogram dostaw.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Karta_techniczna.pdf", "application/pdf"), ("Protokół_odbioru.pdf", "application/pdf"),
                (f"WZ_{d:%Y%m%d}_{rng.randrange(100, 999)}.pdf", "application/pdf")]))
        msg = self.build(hdrs, text, hard, self.html_mode(), att)
        t = self.targets_for([k] + cck, proj, items)
        self.threadable.append(dict(msg=msg, text=text, ext=[k] + cck, emp=emp, subj=subj, proj=proj, items=items,
                                    date=d, lang=lang, from_ext=True, mid=msg["Message-ID"], refs=[],
                                    used={k["id"]: email}))
        return msg, t

    def gen_outgoing(self, i, hard):
        rng = self.rng
        k = self.pick_contact(hard)
        ks = [k]
        if rng.random() < 0.3:
            same = [x for x in self.w.by_company.get(k["company"], []) if x["id"] != k["id"]] if k["company"] else []
            k2 = rng.choice(same) if same and rng.random() < 0.6 else rng.choice(self.w.contacts)
            if k2["id"] != k["id"]:
                ks.append(k2)
        proj, items = self.topic(k, hard)
        lang = self.lang_of(k)
        code_only = bool(proj) and rng.random() < 0.06
        d = self.aware(self.date_at(i), "pl")
        text, zam = self.body_outgoing(ks, proj, items, hard, lang, code_only, d)
        emp = self.employee()
        text += "\n\n" + ("Z poważaniem" if lang == "pl" else "Best regards") + f"\n{emp['first']} {emp['last']}\n{emp['role']}\n" + BUDOWEX_SIG
        subj = self.subject(proj, items, lang, "outgoing", code_only, hard)
        used = {x["id"]: rng.choice(x["emails"]) for x in ks}
        hdrs = [("From", self.addr(f"{emp['first']} {emp['last']}", emp["email"])),
                ("To", [self.addr(f"{x['first']} {x['last']}", used[x["id"]]) for x in ks])]
        if rng.random() < 0.25:
            e2 = self.employee()
            if e2["email"] != emp["email"]:
                hdrs.append(("Cc", [self.addr(f"{e2['first']} {e2['last']}", e2["email"])]))
        hdrs += [("Subject", subj), ("Date", format_datetime(d)), ("Message-ID", self.msgid(d, "budowex.pl"))]
        att = [(f"Zamówienie_{zam}.pdf", "application/pdf")] if "zamówienie" in text else []
        if rng.random() < 0.05:
            att.append(("Rysunek_K-12_rev3.pdf", "application/pdf"))
        msg = self.build(hdrs, text, hard, self.html_mode(), att)
        t = self.targets_for(ks, proj, items)
        self.threadable.append(dict(msg=msg, text=text, ext=ks, emp=emp, subj=subj, proj=proj, items=items,
                                    date=d, lang=lang, from_ext=False, mid=msg["Message-ID"], refs=[], used=used))
        return msg, t

    def gen_reply(self, i, hard, with_headers):
        rng = self.rng
        if not self.threadable:
            return None
        orig = rng.choice(self.threadable[-40:])
        lang, ks, emp = orig["lang"], orig["ext"], orig["emp"]
        d0 = orig["date"]
        d = max(self.date_at(i).replace(tzinfo=d0.tzinfo), d0 + dt.timedelta(minutes=rng.randrange(20, 3000)))
        # Budowex answers from Polish Outlook (Re:/Odp:), the contact from their own client
        prefix = rng.choice(REPLY_PREFIX["pl" if orig["from_ext"] else lang])
        base = orig["subj"]
        for p in sum(REPLY_PREFIX.values(), []):
            if base.startswith(p + " "):
                base = base[len(p) + 1:]
        subj = f"{prefix} {base}"
        ofrom = f"{ks[0]['first']} {ks[0]['last']}" if orig["from_ext"] else f"{emp['first']} {emp['last']}"
        oemail = orig["msg"]["From"].addresses[0].addr_spec
        when = orig["date"].strftime("%d.%m.%Y %H:%M")
        if lang == "pl":
            attrib = f"W dniu {when}, {ofrom} <{oemail}> napisał{'a' if ofrom.split()[0].endswith('a') else ''}:"
        else:
            attrib = f"On {orig['date'].strftime('%a, %d %b %Y at %H:%M')}, {ofrom} <{oemail}> wrote:"
        if rng.random() < 0.25:
            quoted = (f"-----Original Message-----\nFrom: {ofrom} <{oemail}>\nSent: {when}\nSubject: {orig['subj']}\n\n"
                      + orig["text"])
        else:
            quoted = attrib + "\n" + "\n".join(("> " + l) if l else ">" for l in orig["text"].split("\n"))
        extra_items = []
        if orig["from_ext"]:  # Budowex answers
            new = {"pl": rng.choice(["Dziękujemy, potwierdzamy.", "Dzień dobry,\n\nproszę o korektę terminu na przyszły tydzień.",
                                     "Akceptujemy warunki. Proszę o fakturę."]),
                   "es": "Gracias, confirmamos.", "de": "Vielen Dank, wir bestätigen.", "en": "Thanks, confirmed."}[lang]
            text = new + f"\n\n{emp['first']} {emp['last']}\n" + BUDOWEX_SIG + "\n\n" + quoted
            frm = self.addr(f"{emp['first']} {emp['last']}", emp["email"])
            to = [self.addr(f"{x['first']} {x['last']}", orig["used"].get(x["id"], x["emails"][0])) for x in ks]
            dom = "budowex.pl"
            from_ext = False
        else:  # the contact answers
            k = ks[0]
            new = {"pl": rng.choice(["Dzień dobry,\n\npotwierdzam termin.", "Witam,\n\nw załączeniu poprawiona oferta.",
                                     "Dzień dobry,\n\nniestety termin jest nierealny, proponujemy dostawę w poniedziałek."]),
                   "es": "Buenos días,\n\nconfirmamos la fecha.", "de": "Guten Tag,\n\nwir bestätigen den Termin.",
                   "en": "Hi,\n\ndate confirmed."}[lang]
            if rng.random() < 0.2 and not orig["items"]:
                extra_items = [rng.choice(self.w.items)]
                new += "\n\n" + {"pl": "Dodatkowo proponujemy", "es": "Además les ofrecemos", "de": "Zusätzlich bieten wir an:",
                                  "en": "We can also offer"}[lang] + " " + self.item_mention(extra_items[0], hard) + "."
            text = new + "\n\n" + self.signature_external(k, hard) + "\n\n" + quoted
            email = orig["used"].get(k["id"], k["emails"][0])
            frm = self.addr(f"{k['first']} {k['last']}", email)
            to = [self.addr(f"{emp['first']} {emp['last']}", emp["email"])]
            dom = email.split("@")[1]
            ks = [k]
            from_ext = True
        hdrs = [("From", frm), ("To", to), ("Subject", subj), ("Date", format_datetime(d)),
                ("Message-ID", self.msgid(d, dom))]
        refs = orig["refs"] + [orig["mid"]]
        if with_headers:
            hdrs += [("In-Reply-To", orig["mid"]), ("References", " ".join(refs[-6:]))]
            hard.add("reply_threaded")
        else:
            hard.add("reply_unthreaded")
        msg = self.build(hdrs, text, hard, self.html_mode() if rng.random() < 0.5 else None)
        t = self.targets_for(ks, orig["proj"], orig["items"] + extra_items)
        self.threadable.append(dict(msg=msg, text=text.split("\n\n" + quoted)[0], ext=ks, emp=emp, subj=subj,
                                    proj=orig["proj"], items=orig["items"] + extra_items, date=d, lang=lang,
                                    from_ext=from_ext, mid=msg["Message-ID"], refs=refs, used=orig["used"]))
        return msg, t

    def gen_unknown(self, i, hard):
        rng, w = self.rng, self.w
        c = rng.choice([c for c in w.companies if c["domains"]])
        dom = rng.choice(c["domains"])
        known = {e for k in w.by_company.get(c["id"], []) for e in k["emails"]}
        while True:
            if rng.random() < 0.4:
                local, name = rng.choice(["biuro", "info", "recepcja", "sekretariat", "office", "kadry", "ksiegowosc"]), c["name"]
            else:
                f, l = person_name(rng, c["nat"])
                local, name = f"{slug(f)}.{slug(l.split()[0])}", f"{f} {l}"
            if f"{local}@{dom}" not in known:
                break
        emp = self.employee()
        d = self.aware(self.date_at(i), c["nat"])
        en = [("Change of bank details", "please note that our bank account details change from the 1st of next month."),
              ("Updated contact details", "please update our contact details – new office address in the footer."),
              ("ISO 9001 certificate", "please find attached our current ISO 9001 certificate."),
              ("Statement of account", "please find attached a statement of account as of the end of the quarter.")]
        pl = [
            ("Zmiana numeru rachunku bankowego", "informujemy o zmianie numeru rachunku bankowego naszej firmy od 1. dnia przyszłego miesiąca."),
            ("Zaproszenie na targi Budma", "zapraszamy na nasze stoisko na targach Budma w Poznaniu (hala 5, stoisko 12)."),
            ("Aktualizacja danych kontaktowych", "prosimy o aktualizację danych kontaktowych – nowy adres biura i telefon w stopce."),
            ("Potwierdzenie salda", "w załączeniu przesyłamy potwierdzenie salda na koniec kwartału. Prosimy o odesłanie podpisanego egzemplarza."),
            ("Certyfikat ISO 9001", "przesyłamy aktualny certyfikat ISO 9001 naszej firmy."),
        ]
        if c["nat"] == "pl":
            subj, body = rng.choice(pl)
            text = f"Dzień dobry,\n\n{body}\n\nPozdrawiamy\n{name}\n{self.company_display(c, hard)}"
        else:
            subj, body = rng.choice(en)
            text = f"Dear Sir or Madam,\n\n{body}\n\nKind regards\n{name}\n{c['name']}"
        hdrs = [("From", self.addr(name, f"{local}@{dom}")), ("To", self.addr(f"{emp['first']} {emp['last']}", emp["email"])),
                ("Subject", subj), ("Date", format_datetime(d)), ("Message-ID", self.msgid(d, dom))]
        att = [("Potwierdzenie_salda.pdf", "application/pdf")] if "salda" in subj else []
        if "ISO" in subj or "Statement" in subj:
            att = [("Certyfikat_ISO_9001.pdf" if "ISO" in subj else "Statement.pdf", "application/pdf")]
        msg = self.build(hdrs, text, hard, self.html_mode(), att)
        return msg, {f"company:{c['id']}"}

    def gen_negative(self, i, hard):
        rng, w = self.rng, self.w
        sub = rng.choices(["newsletter", "spam", "autoreply", "internal"], [30, 25, 20, 25])[0]
        self.subkinds[sub] += 1
        d = self.aware(self.date_at(i), "pl")
        emp = self.employee()
        to = self.addr(f"{emp['first']} {emp['last']}", emp["email"])
        if sub == "newsletter":
            src = rng.choice([("Portal Budowlany", "newsletter@budownictwo-news.pl"), ("Inżynier Budownictwa", "redakcja@inzynierbudownictwa-info.pl"),
                              ("Construction News", "news@constructionweekly-mail.co.uk"), ("Przetargi Publiczne", "alerty@przetargi24-mail.pl")])
            cs = rng.sample(w.companies, rng.randrange(4, 10))
            ps = rng.sample(w.projects, rng.randrange(2, 5))
            lines = ["Przegląd tygodnia w branży budowlanej", ""]
            for c in cs:
                lines.append(f"* {c['name']} " + rng.choice(["wygrywa przetarg na", "podpisuje umowę na", "rozpoczyna", "kończy"]) + " " + rng.choice(ps)["name"])
            for p in ps:
                lines.append(f"* Inwestycja {p['name']} ({p['code']}): " + rng.choice(["ruszyła budowa", "wybrano wykonawcę", "opóźnienie"]))
            if rng.random() < 0.5:
                lines.append("* Ceny: " + ", ".join(it["name"] for it in rng.sample(w.items, 3)))
            lines += ["", "Aby zrezygnować z subskrypcji, kliknij link w stopce."]
            text = "\n".join(lines)
            host = src[1].split("@")[1]
            hdrs = [("From", self.addr(src[0], src[1])), ("To", to), ("Subject", rng.choice(["Newsletter: ", "Tydzień w budownictwie: ", "Weekly: "]) + cs[0]["name"] + " i inni"),
                    ("Date", format_datetime(d)), ("Message-ID", self.msgid(d, host)),
                    ("List-Unsubscribe", f"<mailto:unsubscribe@{host}?subject=unsubscribe>, <https://{host}/u/{rng.getrandbits(32):08x}>"),
                    ("List-Id", f"Newsletter <news.{host}>"), ("Precedence", "bulk")]
            msg = self.build(hdrs, text, hard, rng.choice(["html", "alt", None]))
        elif sub == "spam":
            src = rng.choice(["promo@tanie-kredyty-firmowe.biz", "no-reply@secure-bank-verify.info", "sales@seo-boost-agency.net", "office@leadgen-b2b.com"])
            subj, text = rng.choice([
                ("Pilne: weryfikacja konta firmowego", "Twoje konto zostanie zablokowane. Zaloguj się w ciągu 24h, aby potwierdzić dane."),
                ("Zwiększ sprzedaż o 300%!", "Oferujemy pozycjonowanie stron dla firm budowlanych. Tylko teraz -50%."),
                ("Kredyt dla firm bez BIK", "Finansowanie do 500 000 zł bez zaświadczeń. Decyzja w 15 minut."),
                ("Your invoice is ready", "Please review the attached invoice and confirm payment today."),
            ])
            if rng.random() < 0.3:
                c = rng.choice(w.companies)
                text += f"\nPolecają nas m.in. {c['name']} i {rng.choice(w.companies)['name']}."
            hdrs = [("From", src), ("To", to), ("Subject", subj), ("Date", format_datetime(d)), ("Message-ID", self.msgid(d, src.split("@")[1]))]
            att = [(f"Faktura_FV-2024-{rng.randrange(1, 9999):04d}.pdf", "application/pdf")] if "invoice" in subj else []
            msg = self.build(hdrs, text, hard, rng.choice(["html", None]), att)
        elif sub == "autoreply":
            k = rng.choice(w.contacts)
            lang = self.lang_of(k)
            subj, text = {"pl": ("Automatyczna odpowiedź: ", "Dzień dobry,\n\ndo {d} przebywam na urlopie. W sprawach pilnych proszę o kontakt z biurem."),
                          "de": ("Abwesenheitsnotiz: ", "Ich bin bis {d} nicht im Büro. In dringenden Fällen wenden Sie sich bitte an die Zentrale."),
                          "es": ("Respuesta automática: ", "Estaré fuera de la oficina hasta el {d}."),
                          "en": ("Automatic reply: ", "I am out of the office until {d} with limited access to email.")}[lang]
            text = text.format(d=(d + dt.timedelta(days=rng.randrange(3, 15))).strftime("%d.%m.%Y"))
            c = w.company(k["company"])
            text += f"\n\n{k['first']} {k['last']}" + (f"\n{c['name']}" if c else "")
            orig = rng.choice(self.threadable[-40:]) if self.threadable else None
            subj += orig["subj"] if orig else "Zapytanie"
            email = rng.choice(k["emails"])
            hdrs = [("From", self.addr(f"{k['first']} {k['last']}", email)), ("To", to), ("Subject", subj),
                    ("Date", format_datetime(d)), ("Message-ID", self.msgid(d, email.split("@")[1])),
                    ("Auto-Submitted", "auto-replied")]
            if orig and rng.random() < 0.5:
                hdrs.append(("In-Reply-To", orig["mid"]))
            msg = self.build(hdrs, text, hard, None)
        else:
            e2 = self.employee()
            while e2["email"] == emp["email"]:
                e2 = self.employee()
            subj, text = rng.choice([
                ("Spotkanie w piątek", "Cześć,\n\nprzypominam o spotkaniu działu w piątek o 9:00 w sali na 3. piętrze."),
                ("Urlop", "Hej,\n\nw dniach 12-16 będę na urlopie, zastępuje mnie Krzysztof."),
                ("Pizza", "Kto się pisze na pizzę o 13? Zamawiam o 12:30."),
                ("Szkolenie BHP", "Przypominam o obowiązkowym szkoleniu BHP w przyszłą środę."),
                ("Samochody służbowe", "Prośba o zwrot kluczyków do samochodów służbowych do recepcji."),
            ])
            if rng.random() < 0.3:
                text += "\n\n" + self.passing_word([], hard)
            hdrs = [("From", self.addr(f"{emp['first']} {emp['last']}", emp["email"])),
                    ("To", self.addr(f"{e2['first']} {e2['last']}", e2["email"])), ("Subject", subj),
                    ("Date", format_datetime(d)), ("Message-ID", self.msgid(d, "budowex.pl"))]
            msg = self.build(hdrs, text + f"\n\n{emp['first']}", hard, None)
        return msg, set()

    def run(self, outdir):
        rng = self.rng
        mdir = os.path.join(outdir, "messages")
        os.makedirs(mdir, exist_ok=True)
        names, weights = zip(*self.KINDS)
        truth, meta = [], []
        for i in range(self.n):
            kind = rng.choices(names, weights)[0]
            hard = set()
            res = None
            if kind in ("reply", "reply_noheaders"):
                res = self.gen_reply(i, hard, kind == "reply")
                if res is None:
                    kind = "incoming"
            if res is None:
                res = {"incoming": self.gen_incoming, "outgoing": self.gen_outgoing,
                       "unknown_sender": self.gen_unknown, "negative": self.gen_negative}[kind](i, hard)
            msg, targets = res
            fname = f"{i + 1:04d}.eml"
            with open(os.path.join(mdir, fname), "wb") as f:
                f.write(msg.as_bytes(policy=SMTP))
            self.kinds[kind] += 1
            for h in sorted(hard):
                self.hard[h] += 1
            truth.append({"file": fname, "targets": sorted(targets)})
            meta.append({"file": fname, "kind": kind, "hard": sorted(hard)})
        for path, rows in (("truth.jsonl", truth), ("meta.jsonl", meta)):
            with open(os.path.join(outdir, path), "w", encoding="utf-8", newline="\n") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--messages", type=int, default=1200)
    a = ap.parse_args()
    random.seed(a.seed)  # nothing should use the global generator, but just in case
    rng = random.Random(a.seed)
    world = World(rng)
    world.write(a.outdir)
    g = Gen(world, rng, a.messages)
    g.run(a.outdir)
    err = sys.stderr
    print(f"records: {len(world.companies)} companies, {len(world.contacts)} contacts, "
          f"{len(world.items)} warehouse items, {len(world.projects)} projects", file=err)
    print(f"messages: {a.messages}", file=err)
    for k, _ in Gen.KINDS:
        extra = ""
        if k == "negative":
            extra = "  (" + ", ".join(f"{s} {g.subkinds[s]}" for s in ("newsletter", "spam", "autoreply", "internal")) + ")"
        print(f"  {k:<18} {g.kinds[k]:5}{extra}", file=err)
    print("hard cases / features (messages having each):", file=err)
    for h, n in sorted(g.hard.items()):
        print(f"  {h:<26} {n:5}", file=err)


if __name__ == "__main__":
    main()
