"""Synthetic corpora for `kg build`: news-style articles on cities' battery industries, with their facts files.

Each document is an article of about 1,100 words (50-60 sentences) made from sentence templates whose slots
are filled per article: a city and its province, companies, people and their posts, a conference of a year,
titles, battery components, indicators with yearly figures (yuan, percent, counts, GWh, tonnes), quotes. The
facts file is written with the text, so every quote is a sentence of the text, verbatim and found exactly
once (checked with kg.sources.SourceText.locate). Pooled entities (40 cities, the 34 provincial-level
divisions, 56 companies, 20 associations, agencies and institutions, 35 indicators, conferences per
year, titles, components) have one id, class and label in every document; each document has its own events,
statements, collections and chains. Names of places and of a few companies and associations are real;
everything said of them is made up. The same seed gives the same bytes; document i does not depend on n.

    .venv/bin/python benchmarks/corpus.py 50 /tmp/corpus --seed 1     # write, print counts
    .venv/bin/python benchmarks/corpus.py 10 /tmp/corpus --build      # also build and validate, timed
    .venv/bin/kg build --data /tmp/corpus --out /tmp/corpus-out
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.facts.quotes import SourceText  # noqa: E402

MARKER = ".kg-corpus"  # marks a folder this generator wrote, which it may empty and rewrite

# --- pools ----------------------------------------------------------------------------------------------

PROVINCES = {  # label -> the long name the text uses
    **{p: f"{p} Province" for p in ("Hebei Shanxi Liaoning Jilin Heilongjiang Jiangsu Zhejiang Anhui Fujian Jiangxi "
                                     "Shandong Henan Hubei Hunan Guangdong Hainan Sichuan Guizhou Yunnan Shaanxi "
                                     "Gansu Qinghai Taiwan").split()},
    "Inner Mongolia": "Inner Mongolia Autonomous Region", "Guangxi": "Guangxi Zhuang Autonomous Region",
    "Tibet": "Tibet Autonomous Region", "Ningxia": "Ningxia Hui Autonomous Region",
    "Xinjiang": "Xinjiang Uygur Autonomous Region",
    **{m: f"{m} Municipality" for m in ("Beijing", "Tianjin", "Shanghai", "Chongqing")},
    "Hong Kong": "Hong Kong Special Administrative Region", "Macao": "Macao Special Administrative Region",
}
CITIES = [tuple(pair.replace("_", " ").split(":")) for pair in (
    "Yibin:Sichuan Suining:Sichuan Meishan:Sichuan Changzhou:Jiangsu Wuxi:Jiangsu Yancheng:Jiangsu Hefei:Anhui "
    "Wuhu:Anhui Chuzhou:Anhui Ningde:Fujian Xiamen:Fujian Zhaoqing:Guangdong Huizhou:Guangdong Zhuhai:Guangdong "
    "Yichun:Jiangxi Ganzhou:Jiangxi Xinyu:Jiangxi Huzhou:Zhejiang Quzhou:Zhejiang Ningbo:Zhejiang Xiangyang:Hubei "
    "Jingmen:Hubei Yichang:Hubei Changsha:Hunan Xiangtan:Hunan Zaozhuang:Shandong Zibo:Shandong Xi'an:Shaanxi "
    "Guiyang:Guizhou Qujing:Yunnan Yuxi:Yunnan Xining:Qinghai Liuzhou:Guangxi Baotou:Inner_Mongolia "
    "Jinzhong:Shanxi Luoyang:Henan Tangshan:Hebei Shenyang:Liaoning Changchun:Jilin Lanzhou:Gansu").split()]
SYLLABLES = "Xin Jin Tan Long Gang Hua Qiao Nan Hai Tai Ping Feng Lin Ning Yuan Kai Ming Rui Heng Fu Jia Yun".split()
SURNAMES = "Li Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Zheng Tang Deng".split()
GIVEN = "Wei Min Jun Hong Qiang Lihua Jianping Xiaoming Yan Hui Lei Tao Jing Fang Bo Yong Haiyan Dongmei Wenjie".split()
REAL_COMPANIES = ["CATL", "BYD", "Gotion High-tech", "EVE Energy", "CALB", "SVOLT Energy", "Sunwoda", "Farasis Energy"]
CORES = ["New Energy Co., Ltd.", "Lithium Materials Co., Ltd.", "Battery Technology Co., Ltd.",
         "Energy Storage Co., Ltd.", "Power Systems Co., Ltd.", "Cathode Materials Co., Ltd.",
         "Recycling Technology Co., Ltd.", "Precision Foil Co., Ltd.", "Electrolyte Co., Ltd.",
         "New Energy Group"]  # the last, a group, is never a subsidiary's
ASSOCIATIONS = ["China Battery Industry Association", "China National Light Industry Council",
                "China Association of Automobile Manufacturers", "China Industrial Association of Power Sources",
                "China Energy Storage Alliance", "China Nonferrous Metals Industry Association",
                "China Charging Alliance", "China Power Battery Innovation Alliance"]
MINISTRIES = ["Ministry of Industry and Information Technology", "National Development and Reform Commission",
              "Ministry of Science and Technology", "National Energy Administration", "Ministry of Commerce",
              "Ministry of Ecology and Environment", "State Administration for Market Regulation",
              "National Bureau of Statistics"]
INSTITUTES = ["Chinese Academy of Sciences", "Tsinghua University", "Central South University",
              "China Automotive Technology and Research Center"]
NEWS = ["Battery Industry Weekly", "New Energy Observer", "China Industry Wire", "Lithium Times",
        "Green Mobility Review"]
CONFERENCES = ["World Power Battery Conference", "China Lithium Battery Industry Conference",
               "China New Energy Vehicle Industry Forum", "China Energy Storage Summit",
               "Power Battery Supply Chain Forum"]
TITLES = ["China's Power Battery Capital", "China's Lithium Battery Capital", "China's Energy Storage Capital",
          "National New Energy Vehicle Demonstration City", "China Lithium Battery Industry Base",
          "China's Battery Recycling Base", "National Power Battery Innovation City",
          "China's New Energy Materials City"]
OLD_TITLES = [  # (title, industry, what the title rests on)
    ("China's Liquor Capital", "Liquor industry", "its long history of liquor making and its famous distilleries"),
    ("China's Porcelain Capital", "Ceramics industry", "kilns that have fired porcelain for a thousand years"),
    ("China's Textile City", "Textile industry", "the spinning mills that once employed half of its workers"),
    ("China's Coal Capital", "Coal industry", "the coal seams that fed the furnaces of the region for decades"),
    ("China's Tea Town", "Tea industry", "the tea gardens that cover the hills around the old town"),
    ("China's Steel City", "Steel industry", "the blast furnaces built along its river in the 1950s"),
    ("China's Furniture Capital", "Furniture industry", "workshops that made tables and beds for the whole country"),
    ("China's Citrus Hometown", "Citrus industry", "orchards whose oranges were sold in every province")]
COMPONENTS = {  # id -> the text's words; ids and labels as in the Yibin facts file
    "battery-cells": "battery cells", "positive-and-negative-materials": "positive and negative materials",
    "structural-parts": "structural parts", "copper-aluminum-foil": "copper (aluminum) foil", "diaphragm": "diaphragm",
    "electrolyte": "electrolyte", "battery-management-systems": "battery management systems",
    "precursors": "precursors", "lithium-hexafluorophosphate": "lithium hexafluorophosphate",
    "battery-packs": "battery packs"}
CHAIN_PRODUCTS = {"conductive-slurry": "conductive slurry", "production-equipment": "production equipment"}
STAGES = ["raw-materials", "components", "complete-vehicles", "battery-recycling"]
SCENARIOS = ["replacement of heavy trucks", "future city", "vehicle-road synergy", "battery swapping for taxis",
             "electric buses", "electric river ships", "energy storage power stations", "electric mining trucks",
             "electric construction machinery", "vehicle-to-grid charging", "electric logistics vehicles"]
TOPICS = ["high-security power batteries", "battery low-temperature range technology", "skid plate chassis",
          "heavy truck power exchange system", "solid-state electrolytes", "sodium-ion batteries",
          "fast-charging cells", "battery recycling technology", "thermal runaway protection", "silicon-carbon anodes",
          "lithium extraction from brine", "cell-to-body integration"]
ADVANTAGES = ["rich lithium resources", "cheap hydropower", "abundant green power", "a deep pool of engineers",
              "good river and rail links", "a complete supply chain", "low land costs", "strong universities"]
FINDINGS = ["a clear development path", "a complete industry chain", "strong policy support", "fast-growing output",
            "a dense network of suppliers", "rich application scenarios", "solid research capacity",
            "a good business environment"]
AIMS = ["speed up the building of charging networks", "promote new energy vehicles in public transport",
        "support battery makers with cheap green power", "attract makers of battery materials",
        "build a recycling system for used batteries", "train more battery engineers"]
FILLERS = ["Ten years ago few people outside {prov} could have placed {city} on a map.",
           "Trucks loaded with cells now leave the {dist} District day and night.",
           "Local officials admit that the first years were hard for {city}.",
           "Land, power and people were the three questions every investor asked in {city}.",
           "In the streets of {city}, electric taxis and buses have replaced most diesel vehicles.",
           "Housing estates for young engineers have sprung up around the plants of {city}."]
HEADINGS = [["From old trades to new energy", "A city remakes itself"], ["Voices from the conference", "What they say"],
            ["The whole chain in one city", "Companies move in"],
            ["Policies that pull in investors", "Research and talent"], ["What the numbers say", "The figures"]]
MONTHS = "January February March April May June July August September October November December".split()
# Indicators of the yearly figures: id | unit kind, range of the latest value, growth given (+) | the text's words
INDICATORS = [tuple(line.split(" | ")) for line in """\
power-battery-output-value | cny 5 300 + | total output value of the power battery industry
industry-chain-revenue | cny 8 400 + | revenue of the whole power battery industry chain
new-energy-industry-added-value | cny 2 120 + | added value of the new energy industry
lithium-battery-exports | cny 0.5 60 + | value of lithium battery exports
battery-rd-spending | cny 0.3 15 - | R&D spending of battery enterprises
battery-industry-investment | cny 3 150 + | fixed asset investment in the battery industry
high-tech-enterprises | count 80 2500 + | high-tech enterprises
authorized-invention-patents | count 60 4000 + | authorized invention patents
charging-interfaces | count 800 60000 - | charging interfaces
battery-chain-enterprises | count 20 600 + | enterprises in the battery industry chain
battery-industry-jobs | count 2000 150000 - | jobs in the battery industry
new-energy-vehicles-produced | count 5000 800000 + | new energy vehicles produced
power-battery-output | gwh 2 300 + | power battery output
lithium-battery-production-capacity | gwh 5 500 - | lithium battery production capacity
energy-storage-battery-shipments | gwh 1 120 + | shipments of energy storage batteries
recycled-battery-materials | tonne 1000 200000 - | output of recycled battery materials
cathode-material-output | tonne 5000 400000 + | cathode material output
battery-share-of-industrial-output | pct 3 45 + | share of the battery industry in industrial output""".splitlines()]
UNITS = {"cny": "kgo:CNY", "count": "kgo:Count", "gwh": "kgo:GigawattHour", "tonne": "kgo:Tonne", "pct": "kgo:Percent"}
QUALIFIERS = ["more than", "nearly", "about", "over"]
LABELS = {  # labels that are not the text's words capitalized (those of the Yibin facts file)
    "diaphragm": "Diaphragm (separator)", "charging-interfaces": "Charging interfaces built",
    "industry-chain-projects-investment": "Total investment of the power battery industry chain projects",
    "new-application-scenarios": "New application scenarios created",
    "rd-projects": "Power battery R&D projects carried out",
    "rd-authorized-patents": "Authorized patents from the power battery R&D projects"}


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    """An id from a name: "China's Power Battery Capital" -> "china-s-power-battery-capital"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def the(name: str) -> str:
    return name if "University" in name else f"the {name}"


def growth_indicator(id: str, kind: str, noun: str) -> tuple[str, str, str]:
    """The id, label and unit of an indicator's change on the year before."""
    if kind == "pct":
        return f"{id}-change", f"Change in the {noun}", "kgo:PercentagePoint"
    return f"{id}-growth", f"Growth of the {noun}", "kgo:Percent"


def figure(kind: str, value: float) -> tuple[str, float]:
    """A value as an article writes it, and the value so written."""
    if kind == "cny":
        if value < 1:
            return f"{round(value * 1000)} million yuan", round(value * 1000) / 1000
        return f"{value:.{1 if value >= 10 else 2}f} billion yuan", round(value, 1 if value >= 10 else 2)
    if kind in ("count", "tonne"):
        whole = int(round(value, -2 if value >= 10000 else 0 if value < 1000 else -1))
        return f"{whole:,}" + (" tonnes" if kind == "tonne" else ""), whole
    return (f"{value:.1f} GWh" if kind == "gwh" else f"{value:.1f}%"), round(value, 1)


class World:
    """The pools of a corpus, and what every document must say alike of them."""

    def __init__(self, seed: int):
        self.seed = seed
        rng = self.stable("world")
        self.companies = list(REAL_COMPANIES)
        while len(self.companies) < 50:
            name = f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES).lower()} {rng.choice(CORES)}"
            self.companies += [name] if name not in self.companies else []
        self.parent: dict[str, str] = {}  # subsidiary -> parent
        for parent in [c for c in self.companies if c.endswith("Group")][:6] + self.companies[8:12]:
            child = f"{parent.split()[0]} {rng.choice(CORES[:-1])}"
            if child not in self.companies:
                self.companies.append(child)
                self.parent[child] = parent
        self.declared: dict[str, tuple[str, str]] = {}  # id -> (class, label), across documents

    def stable(self, *key) -> random.Random:
        """A generator fixed by the seed and ``key``: the same choices in every document."""
        return random.Random("-".join(map(str, ("kg-corpus", self.seed, *key))))

    def district(self, city: str) -> str:
        rng = self.stable("district", city)
        return f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES).lower()}"

    def host(self, conference: str, year: int) -> str:
        return "Yibin" if conference.startswith("World") else self.stable("host", conference, year).choice(CITIES)[0]

    def arrival_year(self, city: str, company: str) -> int:
        return self.stable("arrival", city, company).randint(2012, 2017)


class Doc:
    """One article and its facts, written together."""

    def __init__(self, world: World, index: int):
        self.w, self.i, self.rng = world, index, world.stable("doc", index)
        self.paragraphs: list[list[str]] = []
        self.entities: dict[str, dict] = {}
        self.facts: list[dict] = []
        self.observations: list[dict] = []

    # -- recording -------------------------------------------------------------------------------------------
    def para(self, heading: list[str] | None = None) -> None:
        self.paragraphs += [[self.rng.choice(heading)], []] if heading else [[]]

    def say(self, sentence: str) -> str:
        self.paragraphs[-1].append(sentence)
        return sentence

    def ent(self, id: str, cls: str, label: str, quote: str, alt: tuple = ()) -> str:
        """Declare an entity, quoting the first sentence that names it."""
        known = self.w.declared.setdefault(id, (cls, label))
        assert known == (cls, label), f"{id}: {(cls, label)} differs from {known}"
        self.entities.setdefault(id, {"id": id, "class": cls, "label": label, "alt_labels": list(alt), "quote": quote})
        return id

    def fact(self, quote: str, subject: str, *pairs: str) -> None:
        """Triples of one subject, as in Turtle: fact(q, s, p1, o1, p2, o2...). One entry per sentence."""
        triples = [(subject, pairs[n], pairs[n + 1]) for n in range(0, len(pairs), 2)]
        if self.facts and self.facts[-1]["quote"] == quote:
            self.facts[-1]["triples"] += triples
        else:
            self.facts.append({"quote": quote, "triples": triples})

    def obs(self, quote: str, indicator: str, area: str, period: int, unit: str, stated: str, **extra) -> None:
        self.observations.append({"quote": quote, "indicator": indicator, "area": area, "period": period,
                                  "unit": unit, "stated_as": stated, **extra})

    # -- entities --------------------------------------------------------------------------------------------
    def named(self, cls: str, words: str, quote: str, id: str | None = None) -> str:
        """An entity named by ``words``: its label is them capitalized, unless LABELS has another."""
        id = id or slug(words)
        return self.ent(id, cls, LABELS.get(id, cap(words)), quote)

    def province(self, name: str, quote: str) -> str:
        return self.ent(slug(name), "kgo:Province", name, quote, (PROVINCES[name],))

    def org(self, name: str, quote: str) -> str:
        cls = ("kgo:IndustryAssociation" if name in ASSOCIATIONS else "kgo:ResearchInstitution" if name in INSTITUTES
               else "kgo:GovernmentAgency" if name in MINISTRIES or re.search(r"Government|Bureau|Department", name)
               else "kgo:Company")
        return self.ent(slug(name), cls, name, quote)

    def person(self) -> tuple[str, str]:
        while (name := f"{self.rng.choice(SURNAMES)} {self.rng.choice(GIVEN)}") in self.people:
            pass
        self.people.add(name)
        return slug(name), name

    def post(self, quote: str, person: tuple[str, str], role: str, org: str) -> None:
        """A person's post: one post node per organization and role, shared by documents."""
        oid, rid = self.org(org, quote), self.ent(slug(role), "org:Role", cap(role), quote)
        label = f"{cap(role)} of {org if org in self.w.companies else the(org)}"
        self.fact(quote, self.ent(f"{oid}-{rid}", "org:Post", label, quote), "org:postIn", oid, "org:role", rid,
                  "org:heldBy", self.ent(person[0], "kgo:Person", person[1], quote))

    def statement(self, quote: str, speaker: str, label: str, text: str, about: str, occasion: str = "") -> None:
        number = sum(e["class"] == "kgo:Statement" for e in self.entities.values()) + 1
        sid = self.ent(f"{self.key}-statement-{number}", "kgo:Statement", label, quote)
        self.fact(quote, sid, "schema:text", text, "kgo:speaker", speaker, "schema:about", about,
                  *(("kgo:occasion", occasion) if occasion else ()))

    def arrival(self, quote: str, company: str) -> None:
        year = self.w.arrival_year(self.City, company)
        node = self.ent(f"{slug(company)}-arrival-in-{self.city}-{year}", "kgo:CompanyArrival",
                        f"Arrival of {company} in {self.City} ({year})", quote)
        self.fact(quote, node, "kgo:company", self.org(company, quote), "schema:location", self.city,
                  "kgo:eventYear", str(year))

    # -- the article -----------------------------------------------------------------------------------------
    def write(self) -> None:
        r, w = self.rng, self.w
        self.City, self.Prov = r.choice(CITIES)
        self.city, self.Y = slug(self.City), r.randint(2019, 2024)
        self.Conf, self.Title = r.choice(CONFERENCES), r.choice(TITLES)
        self.date = datetime.date(self.Y, r.randint(3, 11), r.randint(1, 28))
        self.ProvLong, self.Dist = PROVINCES[self.Prov], w.district(self.City)
        self.companies = r.sample([c for c in w.companies if c not in w.parent], 3)
        self.components = r.sample(sorted(COMPONENTS), 6)
        self.key = f"d{self.i:03d}-{self.city}"  # the prefix of the document's own entities
        self.slug = f"{self.city}-{slug(self.Title)}-{self.Y}"
        self.source_id, self.people = f"{self.slug}-{self.i:03d}", set()
        self.title = f"{self.City} named {self.Title} at the {self.Y} {self.Conf}"
        self.fillers = [f.format(city=self.City, prov=self.ProvLong, dist=self.Dist) for f in r.sample(FILLERS, 2)]
        for section in (self.award, self.history, self.voices, self.chain, self.plans, self.statistics):
            section()
        news = r.choice(NEWS)
        self.para()
        self.source_quote = self.say(f"(Source: {news}, {self.Y} {self.Conf})")
        self.publisher, self.reports = self.ent(slug(news), "kgo:NewsOrganization", news, self.source_quote), self.conf

    def award(self) -> None:
        """The title, the inspection before it, the conference, the first company."""
        r, City, Y, city = self.rng, self.City, self.Y, self.city
        A1, A2 = r.sample(ASSOCIATIONS, 2)
        self.para()
        q = self.say(f"On {MONTHS[self.date.month - 1]} {self.date.day}, {City} was awarded the title of {self.Title} "
                     f"at the {Y} {self.Conf}, with the {A1} and the {A2} jointly presenting the award.")
        self.ent(city, "kgo:City", City, q)
        self.conf = self.ent(slug(f"{self.Conf} {Y}"), "kgo:Conference", f"{Y} {self.Conf}", q)
        title, self.a1, a2 = self.named("kgo:HonoraryTitle", self.Title, q), self.org(A1, q), self.org(A2, q)
        award = self.ent(f"{self.key}-title-conferral", "kgo:TitleConferral", f"{City} awarded {self.Title} ({Y})", q)
        self.fact(q, award, "kgo:recipient", city, "kgo:awardedTitle", title, "schema:startDate", self.date.isoformat(),
                  "schema:superEvent", self.conf, "kgo:awardedBy", self.a1, "kgo:awardedBy", a2)
        self.fact(q, city, "kgo:holdsTitle", title)
        self.fact(q, self.conf, "kgo:eventYear", str(Y))
        q = self.say(f"Before the award, the {A1} and the {A2} sent a group of experts to inspect {City} in "
                     f"{MONTHS[self.date.month - 2]}.")
        insp = self.ent(f"{self.key}-inspection", "kgo:Inspection", f"Expert inspection of {City} ({Y})", q)
        group = self.ent(f"{self.key}-expert-group", "kgo:ExpertGroup", f"Expert group inspecting {City} ({Y})", q)
        self.fact(q, insp, "schema:organizer", self.a1, "schema:organizer", a2, "kgo:inspected", city,
                  "kgo:conductedBy", group, "kgo:preparedFor", award)
        found, conclusion = r.sample(FINDINGS, 3), f"{City} meets the criteria for the title"
        q = self.say(f"The experts found that {City} has {found[0]}, {found[1]} and {found[2]}, and concluded that "
                     f"{conclusion}.")
        self.fact(q, insp, *[x for f in found for x in ("kgo:finding", f)], "kgo:conclusion", conclusion)
        self.Host = self.w.host(self.Conf, Y)
        q = self.say(f"This year's {self.Conf}, held in {self.Host}, drew {r.randrange(1200, 9000, 100):,} guests "
                     f"from {r.randint(12, 40)} countries and regions.")
        self.fact(q, self.conf, "schema:location", self.ent(slug(self.Host), "kgo:City", self.Host, q))
        first, year = self.companies[0], self.w.arrival_year(City, self.companies[0])
        q = self.say(f"Only {Y - year} years have passed since {first} came to {City} in {year}, the project that "
                     f"put the city on the battery map.")
        self.arrival(q, first)

    def history(self) -> None:
        """The city before batteries, its province and district."""
        r, City, city = self.rng, self.City, self.city
        old, industry, basis = self.w.stable("old-title", City).choice(OLD_TITLES)
        self.para(HEADINGS[0])
        q = self.say(f"For generations {City} was known as {old}, thanks to {basis}.")
        old_id, self.old_industry = self.named("kgo:HonoraryTitle", old, q), industry.lower()
        self.fact(q, city, "kgo:holdsTitle", old_id, "kgo:hasIndustry", self.named("kgo:Industry", industry, q))
        self.fact(q, old_id, "kgo:titleBasis", basis)
        q = self.say(f"When {City} decided to build a power battery industry, investors kept asking whether the city "
                     f"could supply enough engineers and land.")
        self.pbi = self.named("kgo:Industry", "Power battery industry", q)
        self.fact(q, city, "kgo:hasIndustry", self.pbi)
        inst, bureau = r.choice(INSTITUTES), f"{City} Investment Promotion Bureau"
        q = self.say(f"The {bureau} answered by signing talent agreements with {the(inst)} and "
                     f"{r.choice(['two', 'three', 'four'])} vocational colleges.")
        self.org(inst, q)
        self.fact(q, self.org(bureau, q), "kgo:jurisdiction", city)
        self.say(self.fillers[0])
        self.para()
        q = self.say(f"{City} lies in {self.ProvLong}, which has listed the power battery industry among its key "
                     f"industries for the coming {r.choice(['three', 'five'])} years.")
        self.prov = self.province(self.Prov, q)
        self.fact(q, city, "schema:containedInPlace", self.prov)
        self.fact(q, self.prov, "kgo:keyIndustry", self.pbi)
        others = r.sample([p for p in PROVINCES if p != self.Prov], 3)
        q = self.say(f"{self.ProvLong} is now one of China's main battery bases, and investors from {others[0]}, "
                     f"{others[1]} and {others[2]} have followed the money there.")
        self.china = self.ent("china", "kgo:Country", "China", q)
        for other in others:
            self.province(other, q)
        self.fact(q, self.prov, "schema:containedInPlace", self.china)
        q = self.say(f"Most of the new plants stand in the {self.Dist} District, {r.randint(8, 35)} kilometres from "
                     f"the centre of {City}.")
        district = self.ent(f"{city}-{slug(self.Dist)}-district", "kgo:District", f"{self.Dist} District", q)
        self.fact(q, district, "schema:containedInPlace", city)

    def voices(self) -> None:
        """What a city official, a provincial official, a company head and an association official said."""
        r, City, Y, city, prov = self.rng, self.City, self.Y, self.city, self.prov
        parts = [COMPONENTS[c] for c in self.components]
        self.para(HEADINGS[1])
        mayor, role = self.person(), r.choice(["mayor", "deputy mayor"])
        text = r.choice([f"{City} will treat the power battery industry as its first pillar and strengthen every "
                         f"link from {parts[0]} to {parts[1]}.",
                         f"Our goal is simple: every battery made in {City} should one day be recycled in {City}.",
                         f"In {City}, a battery project now goes from signing to production in less than "
                         f"{r.randint(8, 14)} months."])
        press = f"{self.Conf.removesuffix(' Conference')} press conference"
        q = self.say(f"“{text}” {mayor[1]}, {role} of {City}, said at the {Y} {press}.")
        press = self.ent(slug(f"{press} {Y}"), "kgo:PressConference", f"{Y} {press}", q)
        self.fact(q, press, "schema:superEvent", self.conf, "kgo:eventYear", str(Y))
        gov = f"{City} Municipal People's Government"
        self.post(q, mayor, role, gov)
        self.fact(q, self.org(gov, q), "kgo:jurisdiction", city)
        self.statement(q, mayor[0], f"{mayor[1]} on {City}'s battery industry ({Y})", text, city, press)
        official, role = self.person(), r.choice(["director", "deputy director"])
        dept = f"{self.Prov} Provincial Department of " + r.choice(
            ["Economy and Information Technology", "Industry and Information Technology", "Commerce"])
        adv = r.sample(ADVANTAGES, 2)
        text = (f"the province would rely on {adv[0]} and {adv[1]} to draw more battery makers to {City} and its "
                f"neighbours")
        q = self.say(f"{official[1]}, {role} of the {dept}, said {text}.")
        self.post(q, official, role, dept)
        self.fact(q, self.org(dept, q), "kgo:jurisdiction", prov)
        self.fact(q, prov, "kgo:advantage", adv[0], "kgo:advantage", adv[1])
        self.statement(q, official[0], f"{official[1]} on {self.Prov}'s advantages ({Y})", text, prov)
        text = f"Power battery innovation in {self.ProvLong} has never been as active as it is in {Y}."
        q = self.say(f"“{text}” {official[1]} added.")
        self.statement(q, official[0], f"{official[1]} on battery innovation in {self.Prov} ({Y})", text, prov)
        boss, role, first = self.person(), r.choice(["chairman", "president", "general manager"]), self.companies[0]
        text = r.choice([f"We chose {City} for {r.choice(ADVANTAGES)}, and we stayed because the city keeps its "
                         f"promises.",
                         f"Our {City} base is now one of our largest plants, and its second phase starts production "
                         f"next year.",
                         f"Suppliers of {parts[2]} are within an hour's drive of our {City} plant, which saves us "
                         f"time and money."])
        q = self.say(f"“{text}” {boss[1]}, {role} of {first}, told reporters during the conference in {self.Host}.")
        self.post(q, boss, role, first)
        self.statement(q, boss[0], f"{boss[1]} on {first}'s plant in {City}", text, city, self.conf)
        expert, role = self.person(), r.choice(["president", "secretary-general", "vice president"])
        A1 = self.w.declared[self.a1][1]
        text = r.choice([f"a city that has built a complete battery chain in only {r.choice(['five', 'six'])} years",
                         f"one of the most dynamic battery bases in {self.ProvLong}",
                         f"a model for cities that want to move from the {self.old_industry} to new energy"])
        q = self.say(f"{expert[1]}, {role} of the {A1}, described {City} as “{text}”.")
        self.post(q, expert, role, A1)
        self.statement(q, expert[0], f"{expert[1]} on {City} ({Y})", text, city)

    def chain(self) -> None:
        """The components gathered, the closed-loop chain, companies, the cluster."""
        r, City, city, (first, second, third) = self.rng, self.City, self.city, self.companies
        comps, products = self.components, r.sample(sorted(CHAIN_PRODUCTS), r.randint(1, 2))
        value = figure("cny", r.uniform(40, 500))[0]
        self.para(HEADINGS[2])
        q = self.say(f"So far {City} has gathered six major battery components, including "
                     f"{', '.join(COMPONENTS[c] for c in comps[:5])} and {COMPONENTS[comps[5]]}, as well as "
                     f"{' and '.join(CHAIN_PRODUCTS[p] for p in products)} and other industry chain projects with "
                     f"a total investment of over {value}.")
        coll = self.ent(f"{self.key}-components", "skos:Collection", f"Six major battery components of {City}", q)
        scheme = self.ent("power-battery-industry-chain", "skos:ConceptScheme", "Power battery industry chain", q)
        for c in comps:
            self.fact(q, coll, "skos:member", self.named("kgo:BatteryComponent", COMPONENTS[c], q, c))
        for c in products:
            self.named("kgo:ChainProduct", CHAIN_PRODUCTS[c], q, c)
        for c in comps + products:
            self.fact(q, c, "skos:inScheme", scheme)
            self.fact(q, city, "kgo:gathersComponent", c)
        self.obs(q, self.named("kgo:Indicator", "", q, "industry-chain-projects-investment"), city, self.Y,
                 "kgo:CNY", f"over {value}")
        model = r.choice(["1+N", "1+3+N", "2+N", "1+5+N"])
        q = self.say(f"Around {first} the city has formed a “{model}” closed-loop industry chain that runs from "
                     f"raw materials and components to complete vehicles and then to battery recycling.")
        chain = self.ent(f"{self.key}-closed-loop-chain", "kgo:IndustryChain",
                         f"{City}'s \"{model}\" closed-loop power battery industry chain", q)
        stages = self.ent("closed-loop-chain-stages", "skos:ConceptScheme",
                          "Stages of the closed-loop power battery chain", q)
        self.fact(q, city, "kgo:hasChain", chain)
        self.fact(q, chain, "kgo:chainOf", self.pbi, "kgo:chainModel", model,
                  *[x for stage in STAGES for x in ("kgo:hasStage", stage)])
        for n, stage in enumerate(STAGES):
            self.named("kgo:ChainStage", stage.replace("-", " "), q, stage)
            self.fact(q, stage, "kgo:nextStage", STAGES[(n + 1) % 4], "skos:inScheme", stages)
        sub = r.choice(sorted(self.w.parent))
        q = self.say(f"{sub}, a subsidiary of {self.w.parent[sub]}, opened its {City} base in "
                     f"{self.w.arrival_year(City, sub)}, while {second} arrived in "
                     f"{self.w.arrival_year(City, second)}.")
        self.fact(q, self.org(sub, q), "schema:parentOrganization", self.org(self.w.parent[sub], q))
        self.arrival(q, sub)
        self.arrival(q, second)
        q = self.say(f"{third}, which supplies {COMPONENTS[comps[3]]} to carmakers, is building its third line in the "
                     f"{self.Dist} District.")
        self.org(third, q)
        adj = r.choice(["world-class", "national first-class", "global first-class"])
        value = figure("cny", r.uniform(150, 900))[0]
        q = self.say(f"The aim is a {adj} power battery industry cluster in {City} with annual revenue of more than "
                     f"{value} by {self.Y + 3}.")
        cluster = self.ent(f"{self.key}-industry-cluster", "kgo:IndustryCluster",
                           f"{cap(adj)} power battery industry cluster in {City}", q)
        self.fact(q, city, "kgo:buildsCluster", cluster)
        self.fact(q, cluster, "kgo:clusterOf", self.pbi)
        indicator = self.named("kgo:Indicator", "revenue of the whole power battery industry chain", q,
                               "industry-chain-revenue")
        self.obs(q, indicator, city, self.Y + 3, "kgo:CNY", f"more than {value}", status="target")

    def plans(self) -> None:
        """The province's policy, the city's programme and work report, research."""
        r, City, Y, city = self.rng, self.City, self.Y, self.city
        aims, scenarios, count = r.sample(AIMS, 2), r.sample(SCENARIOS, 3), r.randint(5, 16)
        self.para(HEADINGS[3])
        q = self.say(f"{self.ProvLong} introduced the Electric {self.Prov} action plan in {Y - r.randint(1, 3)} to "
                     f"{aims[0]} and {aims[1]}.")
        policy = self.ent(f"electric-{self.prov}-action-plan", "kgo:Policy", f"Electric {self.Prov} action plan", q)
        self.fact(q, policy, "kgo:introducedBy", self.prov, "kgo:implementedIn", self.prov,
                  "kgo:aim", aims[0], "kgo:aim", aims[1])
        q = self.say(f"Under the Electric {City} project, {City} has opened {count} new application scenarios, such "
                     f"as the {scenarios[0]}, {scenarios[1]} and {scenarios[2]}.")
        programme = self.ent(f"electric-{city}-project", "kgo:Programme", f"Electric {City} project", q)
        scheme = self.ent(f"electric-{city}-application-scenarios", "skos:ConceptScheme",
                          f"Electric {City} application scenarios", q)
        self.fact(q, programme, "kgo:implements", policy, "kgo:implementedIn", city)
        for s in scenarios:
            s = self.named("kgo:ApplicationScenario", s, q, "heavy-truck-replacement" if "heavy" in s else None)
            self.fact(q, programme, "kgo:createdScenario", s)
            self.fact(q, s, "skos:inScheme", scheme)
        self.obs(q, self.named("kgo:Indicator", "", q, "new-application-scenarios"), city, Y, "kgo:Count", str(count))
        tasks = [f"adding {r.randint(10, 40)} new battery projects",
                 f"completing the second phase of the {self.Dist} battery park",
                 r.choice(["raising the local supply rate of battery materials",
                           "opening more scenarios for new energy vehicles"])]
        q = self.say(f"According to the {City} {Y} government work report, this year's key tasks include "
                     f"{tasks[0]}, {tasks[1]} and {tasks[2]}.")
        self.report = self.ent(f"{city}-{Y}-government-work-report", "kgo:Report",
                               f"{City} {Y} government work report", q)
        self.fact(q, self.report, "schema:about", city, *[x for t in tasks for x in ("kgo:keyTask", t)])
        topics, projects, patents = r.sample(TOPICS, 3), r.randint(8, 60), r.randint(20, 300)
        q = self.say(f"Backed by academician workstations and the {City} power battery innovation center, {City} "
                     f"has carried out {projects} R&D projects on {topics[0]}, {topics[1]} and {topics[2]}, and "
                     f"obtained {patents} authorized patents.")
        scheme = self.ent(f"{city}-research-topics", "skos:ConceptScheme", f"{City} power battery R&D topics", q)
        center = self.named("kgo:ResearchPlatform", f"{City} power battery innovation center", q)
        self.fact(q, city, "kgo:leverages", self.named("kgo:ResearchPlatform", "academician workstations", q),
                  "kgo:supportsConstruction", center)
        for t in topics:
            self.fact(q, city, "kgo:researchTopic", self.named("kgo:ResearchTopic", t, q))
            self.fact(q, slug(t), "skos:inScheme", scheme)
        for indicator, number in (("rd-projects", projects), ("rd-authorized-patents", patents)):
            self.obs(q, self.named("kgo:Indicator", "", q, indicator), city, Y, "kgo:Count", str(number))
        ministry = r.choice(MINISTRIES)
        q = self.say(f"Two of these projects are funded by the {ministry}, which listed {City} among its pilot "
                     f"cities in {Y - 1}.")
        self.fact(q, self.org(ministry, q), "kgo:jurisdiction", self.china)
        self.say(self.fillers[1])

    def statistics(self) -> None:
        """Eight indicators, two or three sentences each (the last one may be the province's)."""
        City = self.City
        self.para(HEADINGS[4])
        q = self.say(f"The {City} National Economic and Social Development Statistics Bulletin shows how fast the "
                     f"industry has grown since {self.Y - 3}.")
        self.bulletin = self.ent(f"{self.city}-statistics-bulletin", "kgo:Report",
                                 f"{City} National Economic and Social Development Statistics Bulletin", q)
        self.fact(q, self.bulletin, "schema:about", self.city)
        for n, indicator in enumerate(self.rng.sample(INDICATORS, 8)):
            if n in (3, 6):
                self.para()
            self.block(*indicator, province=n == 7 and self.rng.random() < 0.5)

    def block(self, id: str, spec: str, noun: str, province: bool) -> None:
        """Last year's figure and growth, the two years before, maybe a target."""
        r, (kind, low, high, growth) = self.rng, spec.split()
        latest = r.uniform(float(low), float(high))
        texts, nums = zip(*(figure(kind, v) for v in (latest / r.uniform(1.05, 1.6) / r.uniform(0.95, 1.5),
                                                      latest / r.uniform(0.92, 1.6), latest)))
        area, place = (self.prov, self.ProvLong) if province else (self.city, self.City)
        y, unit, up = self.Y - 1, UNITS[kind], nums[2] >= nums[1]
        lead = (r.choice(QUALIFIERS) + " " if r.random() < 0.3 else "") + texts[2]
        change = (f"{abs(nums[2] - nums[1]):.1f} percentage points" if kind == "pct"
                  else f"{abs(nums[2] / nums[1] - 1) * 100:.1f}%")
        tail = ("" if growth == "-" else f", {change} {'more' if up else 'fewer'} than a year earlier"
                if kind == "count" else f", {'up' if up else 'down'} {change} year on year")
        if kind == "count":
            q = self.say(r.choice([f"By the end of {y}, {place} had {lead} {noun}{tail}.",
                                   f"Official figures show {lead} {noun} in {place} at the end of {y}{tail}."]))
        else:
            q = self.say(r.choice([f"In {y}, the {noun} of {place} reached {lead}{tail}.",
                                   f"Official figures put the {noun} of {place} at {lead} for {y}{tail}."]))
        basis = {} if province else {"based_on": self.bulletin}
        self.obs(q, self.named("kgo:Indicator", noun, q, id), area, y, unit, lead, **basis)
        if growth == "+":
            gid, glabel, gunit = growth_indicator(id, kind, noun)
            sign = {} if up else {"value": "-" + change.split()[0].rstrip("%")}
            self.obs(q, self.ent(gid, "kgo:Indicator", glabel, q), area, y, gunit, change, compared_with=y - 1,
                     **basis, **sign)
        if kind == "count":
            q = self.say(r.choice([f"There had been {texts[0]} {noun} in {y - 2} and {texts[1]} in {y - 1}.",
                                   f"For comparison, {place} counted {texts[0]} {noun} in {y - 2} and {texts[1]} a "
                                   f"year later."]))
        else:
            q = self.say(r.choice([f"The {noun} had been {texts[0]} in {y - 2} and {texts[1]} in {y - 1}.",
                                   f"For comparison, the {noun} of {place} was {texts[0]} in {y - 2} and {texts[1]} "
                                   f"a year later."]))
        self.obs(q, id, area, y - 2, unit, texts[0], **basis)
        self.obs(q, id, area, y - 1, unit, texts[1], **basis)
        if not province and r.random() < 0.5:
            target = figure(kind, nums[2] * r.uniform(1.3, 2.2))[0]
            q = self.say(f"Under its {self.Y} government work report, {place} aims to have at least {target} {noun} by "
                         f"{self.Y + 2}." if kind == "count" else f"The {self.Y} government work report of {place} "
                         f"sets a target of at least {target} for the {noun} in {self.Y + 2}.")
            self.obs(q, id, area, self.Y + 2, unit, f"at least {target}", status="target", based_on=self.report)

    # -- output ----------------------------------------------------------------------------------------------
    def text(self) -> str:
        return self.title + "\n\n" + "\n\n".join(" ".join(p) for p in self.paragraphs if p) + "\n"

    def check(self, text: str) -> None:
        """Every quote is in the text once, every stated value in its quote; else a template is at fault."""
        source = SourceText(self.source_id, text)
        for item in [*self.entities.values(), *self.facts, *self.observations]:
            excerpt = source.locate(item["quote"])
            if "stated_as" in item and source.find_within(excerpt, item["stated_as"]) is None:
                raise AssertionError(f"{self.source_id}: {item['stated_as']!r} is not in {item['quote']!r}")

    def yaml(self, file_name: str) -> str:
        """The facts file, laid out as data/facts/000_yibin-power-battery-capital.yaml is."""
        q = lambda s: json.dumps(str(s), ensure_ascii=False)  # noqa: E731  (a JSON string is a YAML scalar)
        obj = lambda o: o if re.fullmatch(r"[a-z][a-z0-9-]*", o) else q(o)  # noqa: E731  (an id, else a literal)
        lines = [f"# Facts of a synthetic article (benchmarks/corpus.py, document {self.i}); the quotes are whole "
                 "sentences.", "", "source:", f"  id: {self.source_id}", f"  file: {file_name}",
                 f"  title: {q(self.title)}", f"  publisher: {self.publisher}", "  language: en",
                 f"  reports: {self.reports}", f"  quote: {q(self.source_quote)}", "", "entities:"]
        for e in self.entities.values():
            lines += [f"  - id: {e['id']}", f"    class: {e['class']}", f"    label: {q(e['label'])}"]
            lines += [f"    alt_labels: [{', '.join(map(q, e['alt_labels']))}]"] if e["alt_labels"] else []
            lines += [f"    quote: {q(e['quote'])}"]
        lines += ["", "facts:"]
        for f in self.facts:
            lines += [f"  - quote: {q(f['quote'])}", "    triples:"]
            lines += [f"      - [{s}, {p}, {obj(o)}]" for s, p, o in f["triples"]]
        lines += ["", "observations:"]
        for o in self.observations:
            lines += [f"  - quote: {q(o['quote'])}"]
            lines += [f"    {k}: {q(v) if k in ('stated_as', 'value') else v}" for k, v in o.items() if k != "quote"]
        return "\n".join(lines) + "\n"


def generate_document(world: World, index: int) -> tuple[Doc, str]:
    """Document ``index`` of the world's corpus: its facts (recorded on the Doc) and its text, checked."""
    doc = Doc(world, index)
    doc.write()
    text = doc.text()
    doc.check(text)
    return doc, text


def generate_corpus(n: int, out_dir: Path, seed: int = 1) -> list[Path]:
    """Write n documents as out_dir/facts/NNN_<slug>.yaml and out_dir/sources/NNN_<slug>.txt; return the paths.

    Raises ValueError if out_dir/facts or out_dir/sources holds files this generator did not write there.
    """
    out_dir = Path(out_dir)
    folders = out_dir / "facts", out_dir / "sources"
    existing = [p for d in folders if d.is_dir() for p in d.iterdir()]
    if existing and not (out_dir / MARKER).is_file():
        raise ValueError(f"{out_dir}: holds files not written by benchmarks/corpus.py; choose an empty folder")
    for path in existing:
        path.unlink()
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text(f"benchmarks/corpus.py: {n} documents, seed {seed}\n")
    world, paths = World(seed), []
    for i in range(n):
        doc, text = generate_document(world, i)
        facts, source = folders[0] / f"{i:03d}_{doc.slug}.yaml", folders[1] / f"{i:03d}_{doc.slug}.txt"
        source.write_text(text, encoding="utf-8")
        facts.write_text(doc.yaml(source.name), encoding="utf-8")
        paths += [facts, source]
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many documents")
    parser.add_argument("out_dir", type=Path, help="the folder to write facts/ and sources/ in")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generator (default 1)")
    parser.add_argument("--build", action="store_true", help="then build and validate the corpus, timed")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("n must be at least 1")
    start = time.perf_counter()
    try:
        paths = generate_corpus(args.n, args.out_dir, args.seed)
    except ValueError as exc:
        sys.exit(f"corpus: error: {exc}")
    print(f"Wrote {args.n} documents to {args.out_dir} in {time.perf_counter() - start:.2f} s")
    import yaml

    files = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths if p.suffix == ".yaml"]
    words = [len(p.read_text(encoding="utf-8").split()) for p in paths if p.suffix == ".txt"]
    mean = lambda items: sum(items) / len(items)  # noqa: E731
    print(f"  words per document   {mean(words):.0f} (min {min(words)}, max {max(words)})")
    print(f"  per document         {mean([len(f['entities']) for f in files]):.1f} entities, "
          f"{mean([sum(len(x['triples']) for x in f['facts']) for f in files]):.1f} fact triples, "
          f"{mean([len(f['observations']) for f in files]):.1f} observations")
    print(f"  distinct entities    {len({e['id'] for f in files for e in f['entities']})}")
    if args.build:
        from kg.build.validate import validate_graph
        from kg.facts.folder import build_graph
        from kg.project import ProjectPaths

        ontology, start = ROOT / "ontology" / "kg.ttl", time.perf_counter()
        graph = build_graph(args.out_dir, ontology)
        built, start = time.perf_counter() - start, time.perf_counter()
        report = validate_graph(graph, ProjectPaths(data_dir=args.out_dir, ontology_path=ontology))
        checked = time.perf_counter() - start
        print(f"  triples              {len(graph)} ({len(graph) / args.n:.0f} per document)")
        print(f"  build                {built:.2f} s")
        print(f"  validate             {checked:.2f} s, "
              f"{'conforms' if report.conforms else f'{len(report.violations)} violation(s)'}")
        for v in report.violations[:10]:
            print(f"    {v.focus} {v.path}: expected {v.expected}, found {v.found}")
        sys.exit(0 if report.conforms else 1)


if __name__ == "__main__":
    main()
