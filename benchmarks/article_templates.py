"""Synthetic news articles on China's battery and EV industry, for benchmarking `kg extract`.

Sentences come from templates whose ``{slots}`` are filled per article:
cities with their provinces, districts and development zones, companies and
their subsidiaries and joint ventures, people with their posts, agencies,
associations, conferences and titles, and figures with units, qualifiers
and years (relative to the article's dateline). The wording varies the way
real articles do: "up 35.2% year on year" and "an increase of 35.2 percent",
"30 GWh" and "30-gigawatt-hour", straight and typographic quotes, the speaker
before or after the quote. The text is made up; only city and province names
and a few company and association names are real.

    >>> text = generate_article(1, 0)
    >>> text == generate_article(1, 0), 600 <= len(text.split()) <= 1300
    (True, True)
"""

from __future__ import annotations

import datetime
import random
import string

# --- vocabulary ----------------------------------------------------------------

CITIES = [
    ("Changzhou", "Jiangsu"), ("Wuxi", "Jiangsu"), ("Yancheng", "Jiangsu"), ("Suzhou", "Jiangsu"),
    ("Hefei", "Anhui"), ("Wuhu", "Anhui"), ("Chuzhou", "Anhui"), ("Ningde", "Fujian"), ("Xiamen", "Fujian"),
    ("Zhaoqing", "Guangdong"), ("Huizhou", "Guangdong"), ("Zhuhai", "Guangdong"), ("Shenzhen", "Guangdong"),
    ("Suining", "Sichuan"), ("Leshan", "Sichuan"), ("Meishan", "Sichuan"), ("Chengdu", "Sichuan"),
    ("Yichun", "Jiangxi"), ("Xinyu", "Jiangxi"), ("Ganzhou", "Jiangxi"), ("Huzhou", "Zhejiang"),
    ("Quzhou", "Zhejiang"), ("Shaoxing", "Zhejiang"), ("Xiangyang", "Hubei"), ("Jingmen", "Hubei"),
    ("Yichang", "Hubei"), ("Changsha", "Hunan"), ("Xiangtan", "Hunan"), ("Zaozhuang", "Shandong"),
    ("Zibo", "Shandong"), ("Xi'an", "Shaanxi"), ("Guiyang", "Guizhou"), ("Qujing", "Yunnan"),
    ("Yuxi", "Yunnan"), ("Xining", "Qinghai"), ("Golmud", "Qinghai"), ("Liuzhou", "Guangxi"),
]
# Provinces that are not called "X Province".
REGIONS = {"Guangxi": "Guangxi Zhuang Autonomous Region"}
SYLLABLES = ("Xin Bei Jin Tan Long Gang Hua Qiao Dong Nan Shan Hai Tai Ping Feng Yang Lin Chang Ning Yuan "
             "Kai Ming Sheng Tian Rui Heng Fu Jia Cheng Yun Guang Jiang Hong Qing Wen Zhong Xing Da").split()
SURNAMES = ("Li Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Zheng "
            "Liang Xie Tang Han Cao Deng Feng Peng Zeng Ye Su Lu Jiang Cai").split()
GIVEN = ("Wei Min Jun Hong Qiang Lihua Jianping Xiaoming Yan Qing Hui Lei Tao Jing Fang Gang Bo Yong Ping "
         "Xin Zhiqiang Haiyan Dongmei Wenjie Yuqing Shuang Kai Lin Jianguo Xiaohong").split()
REAL_COMPANIES = ["CATL", "BYD", "Gotion High-tech", "Sunwoda", "EVE Energy", "CALB", "SVOLT"]
CORES = ["New Energy Technology", "Lithium Battery", "Power Battery", "New Materials", "Energy Storage Technology",
         "New Energy Vehicle", "Battery Recycling Technology", "Lithium Industry", "Electrolyte Materials"]
GROUP_CORES = ["Lithium", "Energy", "New Energy", "Automobile", "Power", "Materials", "Mining"]
COMPANY_FORMS = ["{name} {core} Co., Ltd.", "{name} {core} Co., Ltd.", "{name} {gcore} Group",
                 "{name} {core} Corporation", "{name} {core} Co Ltd", "{name} {gcore} Group Co., Limited"]
COMPANY_POSTS = ["chairman", "general manager", "president", "vice president", "deputy general manager",
                 "chief technology officer", "chairman and general manager", "secretary of the board"]
CITY_POSTS = ["mayor", "deputy mayor", "vice mayor", "Party secretary"]
AGENCY_POSTS = ["director", "deputy director", "head", "chief engineer"]
ASSOCIATION_POSTS = ["president", "vice president", "secretary-general", "executive vice president"]
BUREAUS = ["Commerce", "Statistics", "Industry and Information Technology", "Economy and Information Technology",
           "Science and Technology", "Ecology and Environment"]
DEPARTMENTS = ["Industry and Information Technology", "Commerce", "Science and Technology",
               "Economy and Information Technology"]
ASSOCIATIONS = ["China Battery Industry Association", "China National Light Industry Council",
                "China Association of Automobile Manufacturers", "China Industrial Association of Power Sources",
                "China Energy Storage Alliance", "China Nonferrous Metals Industry Association"]
CONFERENCES = ["China Lithium Battery Industry Conference", "World Power Battery Conference",
               "China New Energy Vehicle Industry Forum", "China Energy Storage Summit",
               "International Battery Technology Exhibition", "Power Battery Supply Chain Forum"]
TITLES = ["China's Lithium Battery Capital", "China's Energy Storage Capital", "China's New Energy Vehicle City",
          "National New Energy Vehicle Demonstration City", "China Lithium Battery Industry Landmark",
          "China's Battery Recycling Base"]
COMPONENTS = ["cathode materials", "anode materials", "separators", "electrolyte", "copper foil",
              "battery cells", "battery management systems", "lithium hexafluorophosphate", "precursors"]
PRODUCTS = ["lithium iron phosphate batteries", "sodium-ion batteries", "energy storage batteries",
            "power batteries", "solid-state batteries", "battery packs", "large cylindrical cells"]
MONEY_INDICATORS = ["output value of the lithium battery industry", "output value of new energy vehicles",
                    "revenue of the power battery industry chain", "investment in the new energy sector",
                    "exports of lithium batteries", "added value of the new energy industry",
                    "tax revenue from the new energy industry", "R&D spending of battery enterprises"]
COUNT_THINGS = [("new energy vehicles", 20_000, 1_500_000), ("projects", 12, 400), ("invention patents", 40, 3_000),
                ("jobs", 800, 60_000), ("high-tech enterprises", 30, 900), ("public charging piles", 1_000, 90_000),
                ("battery swap stations", 10, 300), ("enterprises in the industry chain", 20, 600)]
GWH_INDICATORS = ["power battery output", "installed battery capacity", "lithium battery production capacity",
                  "energy storage battery shipments"]
TONNE_THINGS = ["lithium carbonate", "cathode materials", "lithium hydroxide", "recycled battery materials"]
# Qualifiers of figures already reached, and of planned ones.
QUALIFIERS = ["more than", "over", "nearly", "almost", "about", "around", "more than", "less than"]
PLAN_QUALIFIERS = ["up to", "more than", "about", "at least", "nearly", "over"]
PLANS = ["start mass production", "double our capacity", "bring our key suppliers here",
         "build a recycling line next to the cell plant", "open a research center with local universities",
         "ship the first cells to carmakers", "hire another thousand engineers"]
TIMEFRAMES = ["before the end of next year", "within three years", "by 2027", "in the second half of this year",
              "as soon as the second phase is finished"]
ADVANTAGES = ["a complete supply chain", "cheap green power", "a deep pool of engineers",
              "fast approval of projects", "good transport links to the coast", "rich lithium resources"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

# Slots filled by a plain choice from a list, and slots that count one kind of thing.
CHOICES = {
    "company_post": COMPANY_POSTS, "city_post": CITY_POSTS, "agency_post": AGENCY_POSTS,
    "association_post": ASSOCIATION_POSTS, "association": ASSOCIATIONS, "title": TITLES,
    "indicator": MONEY_INDICATORS, "gwh_indicator": GWH_INDICATORS, "component": COMPONENTS, "product": PRODUCTS,
    "plan": PLANS, "timeframe": TIMEFRAMES, "advantage": ADVANTAGES, "tonne_thing": TONNE_THINGS,
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
}
COUNTED = {"vehicles": (0,), "projects": (1,), "patents": (2,), "jobs": (3,), "new_jobs": (3, PLAN_QUALIFIERS)}
# A slot name ending so asks for a qualified figure: {money_q} "more than 5 billion yuan", {gwh_plan} "up to 30 GWh".
QUALIFIED = {"_q": QUALIFIERS, "_plan": PLAN_QUALIFIERS}


# --- formatting of figures -------------------------------------------------------

def _decimal(rng: random.Random, low: float, high: float) -> str:
    value = rng.uniform(low, high)
    digits = rng.choice([0, 1, 1, 2]) if value < 100 else rng.choice([0, 1])
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def _count(rng: random.Random, low: int, high: int) -> str:
    value = rng.randint(low, high)
    if value >= 1_000_000 and rng.random() < 0.7:
        return f"{value / 1e6:.1f} million".replace(".0 ", " ")
    if value >= 1000:
        value = round(value, -2 if value < 100_000 else -3)
    return f"{value:,}"


def _money(rng: random.Random, high: float = 900) -> str:
    scale = rng.choice(["billion", "billion", "billion", "million"])
    amount = _decimal(rng, 1, high) if scale == "billion" else str(rng.randrange(50, 950, 10))
    form = rng.random()
    if form < 0.75:
        return f"{amount} {scale} yuan"
    if form < 0.9:
        return rng.choice([f"RMB {amount} {scale}", f"RMB{amount} {scale}"])
    return f"{amount} {scale} yuan (about US${float(amount) / 7.1:.2f} {scale})"


def _coined(rng: random.Random) -> str:
    """A made-up two-syllable name: "Jinhua", "Ninggang"."""
    return rng.choice(SYLLABLES) + rng.choice(SYLLABLES).lower()


def _percent(rng: random.Random, low: float = 0.5, high: float = 95) -> str:
    number = f"{rng.uniform(low, high):.1f}"
    return rng.choice([f"{number}%", f"{number}%", f"{number} percent", f"{number} per cent"])


# --- slots ------------------------------------------------------------------------

class Article:
    """The cast of one article: its dateline, main city, companies and people."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.date = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(7 * 365))
        self.year = self.date.year
        self.city, self.province = rng.choice(CITIES)
        self.company = self.new_company()
        self.group = self.new_company(group=True)
        self.people: list[str] = []
        self.used: set[str] = set()

    def new_company(self, group: bool = False) -> str:
        rng = self.rng
        if not group and rng.random() < 0.15:
            return rng.choice(REAL_COMPANIES)
        name = rng.choice([_coined(rng), rng.choice(CITIES)[0]])
        form = "{name} {gcore} Group" if group else rng.choice(COMPANY_FORMS)
        return form.format(name=name, core=rng.choice(CORES), gcore=rng.choice(GROUP_CORES))

    def new_person(self, speaker: bool = True) -> str:
        person = f"{self.rng.choice(SURNAMES)} {self.rng.choice(GIVEN)}"
        if speaker:
            self.people.append(person)
        return person


class Slots(dict):
    """Fills one sentence's ``{slots}``; a slot named twice in a sentence gets one value.

    A trailing digit asks for a second, independent value: ``{money}`` and ``{money2}``.
    """

    def __init__(self, article: Article):
        super().__init__()
        self.a, self.rng = article, article.rng

    def __missing__(self, key: str) -> str:
        base = key.rstrip(string.digits)
        value = self._fill(base)
        for _ in range(5):  # {company2} names another company than {company}
            if base == key or value != self.get(base):
                break
            value = self._fill(base)
        self[key] = value
        return value

    def _fill(self, base: str) -> str:
        if base in CHOICES:
            return self.rng.choice(CHOICES[base])
        if base in COUNTED:
            return self._count_of(*COUNTED[base])
        for suffix, qualifiers in QUALIFIED.items():
            if base.endswith(suffix):
                return f"{self.rng.choice(qualifiers)} {self._fill(base.removesuffix(suffix))}"
        return getattr(self, "s_" + base)()

    # places
    def s_city(self) -> str:
        return self.a.city if self.rng.random() < 0.75 else self.rng.choice(CITIES)[0]

    def s_province_name(self) -> str:
        return next((p for c, p in CITIES if c == self["city"]), self.a.province)

    def s_province(self) -> str:
        return REGIONS.get(self["province_name"], f"{self['province_name']} Province")

    def s_district(self) -> str:
        return f"{_coined(self.rng)} District"

    def s_zone(self) -> str:
        kind = self.rng.choice(["Economic and Technological Development Zone", "High-tech Industrial Development Zone",
                                "High-tech Zone", "Industrial Park", "New Area", "Lithium Battery Industrial Park"])
        return f"{self['city']} {kind}"

    def s_new_area(self) -> str:
        return f"{_coined(self.rng)} New Area"

    # organizations
    def s_company(self) -> str:
        return self.a.company if self.rng.random() < 0.7 else self.a.new_company()

    def s_group(self) -> str:
        return self.a.group

    def s_subsidiary(self) -> str:
        short = self["group"].removesuffix(" Group")
        return f"{short} ({self['city']}) {self.rng.choice(CORES)} Co., Ltd."

    def s_jv(self) -> str:
        return f"{self['city']} {_coined(self.rng)} {self.rng.choice(CORES)} Co., Ltd."

    def s_agency(self) -> str:
        rng, city = self.rng, self["city"]
        return rng.choice([f"{city} Municipal Bureau of {rng.choice(BUREAUS)}",
                           f"{city} Municipal Development and Reform Commission",
                           f"{self['province_name']} Provincial Department of {rng.choice(DEPARTMENTS)}"])

    def s_government(self) -> str:
        return self.rng.choice([f"{self['city']} Municipal People's Government", f"{self['province_name']} provincial government",
                                "Ministry of Industry and Information Technology", f"{self['city']} municipal government"])

    def s_university(self) -> str:
        province = self["province_name"]
        return self.rng.choice([f"{province} University", f"{self['city']} University of Technology",
                                "Tsinghua University", f"Institute of Energy Storage, {province} Academy of Sciences",
                                f"{self['city']} Institute of Advanced Battery Materials"])

    def s_conference(self) -> str:
        return f"{self.a.year} {self.rng.choice(CONFERENCES)}"

    # people and posts
    def s_person(self) -> str:
        return self.a.new_person()

    def s_surname(self) -> str:
        # Someone the article has already introduced, as real articles do.
        return (self.a.people[-1] if self.a.people else self["person"]).split()[0]

    def s_City_post(self) -> str:
        return self["city_post"].title()

    # time, relative to the dateline
    def s_month(self) -> str:
        return self.rng.choice(MONTHS[1: max(self.a.date.month - 1, 2)])

    def s_last_year(self) -> str:
        return self.rng.choice(["last year", "last year", f"in {self.a.year - 1}"])

    def s_this_year(self) -> str:
        early = self.a.date.month < 3  # "from January to February" needs a dateline from March on
        return self.rng.choice(["this year", "so far this year", f"in the first three quarters of {self.a.year}",
                                "this year" if early else f"from January to {self['month']}"])

    def s_year(self) -> str:
        return str(self.a.year - 1)

    def s_prev(self) -> str:
        return str(self.a.year - 2)

    def s_target_year(self) -> str:
        return str(self.a.year + self.rng.randint(1, 6))

    # figures
    def s_money(self) -> str:
        return _money(self.rng)

    def s_invest(self) -> str:
        return _money(self.rng, 40)

    def s_money_adj(self) -> str:
        return f"{_decimal(self.rng, 1, 60)}-billion-yuan"

    def s_usd(self) -> str:
        return self.rng.choice([f"US${_decimal(self.rng, 0.1, 9)} billion", f"${self.rng.randrange(50, 950, 5)} million"])

    def s_pct(self) -> str:
        return _percent(self.rng)

    def s_share(self) -> str:
        return _percent(self.rng, 5, 75)

    def s_pp(self) -> str:
        return f"{_decimal(self.rng, 0.3, 12)} percentage points"

    def s_times(self) -> str:
        return self.rng.choice([f"{_decimal(self.rng, 1.1, 6)} times", f"{self.rng.choice(NUMBER_WORDS[:4])}fold"])

    def s_fold(self) -> str:
        return f"a {_decimal(self.rng, 1.1, 4)}-fold increase"

    def s_yoy(self) -> str:
        pct = self["pct"]
        return self.rng.choice([f"up {pct} year on year", f"an increase of {pct} over the previous year",
                                f"a year-on-year rise of {pct}", f"up {pct} from a year earlier",
                                f"down {pct} year on year", f"a year-on-year increase of {pct}"])

    def s_gwh(self) -> str:
        number = _decimal(self.rng, 2, 120)
        return self.rng.choice([f"{number} GWh", f"{number} GWh", f"{number}GWh", f"{number} gigawatt-hours"])

    def s_gwh_adj(self) -> str:
        return self.rng.choice([f"{self.rng.randint(2, 80)}-GWh", f"{self.rng.randint(2, 80)}-gigawatt-hour"])

    def s_tonnes(self) -> str:
        return f"{self.rng.randrange(5_000, 300_000, 5_000):,} {self.rng.choice(['tonnes', 'tons', 'metric tons'])}"

    def _count_of(self, index: int, qualifiers: list[str] = QUALIFIERS) -> str:
        thing, low, high = COUNT_THINGS[index]
        qualifier = self.rng.choice(qualifiers) + " " if self.rng.random() < 0.5 else ""
        return f"{qualifier}{_count(self.rng, low, high)} {thing}"

    def s_counted(self) -> str:
        return self._count_of(self.rng.randrange(4, len(COUNT_THINGS)))

    def s_number(self) -> str:
        return str(self.rng.randint(3, 40))

    def s_day(self) -> str:
        return str(self.rng.randint(1, 28))

    # words
    def s_quote(self) -> str:
        return self.rng.choice([
            "We will {plan} {timeframe}", "{city} offers {advantage}, which is why we chose it",
            "The industry is moving from scale to quality, and {city} has to move with it",
            "This project will bring in suppliers of {component} from across the country",
            "Our goal is to make {city} a place where every part of a battery can be made",
            "Demand for energy storage is growing faster than anyone expected",
            "Without {advantage}, none of this would have happened so quickly",
        ]).format_map(self)

    def s_reported(self) -> str:
        return self.rng.choice([
            "the city would {plan2} {timeframe2}", "the company planned to {plan2}",
            "{city} had become one of the country's most important battery bases",
            "local suppliers of {component2} had grown quickly since the project arrived",
            "the province would support {city} in building a complete industry chain",
        ]).format_map(self).replace(" our ", " its ")


# --- templates --------------------------------------------------------------------

THEMES: dict[str, list[str]] = {
    "investment": [
        "{company} will build a production base for {product} in {city}, {province}, with a total investment of {invest} and an annual capacity of {gwh}.",
        "The project, located in the {zone}, is expected to create {new_jobs} when it reaches full production.",
        "With a total investment of {invest_plan}, the plant is designed to turn out {gwh} of {product} a year.",
        "{company} signed an agreement with the {city} government on {weekday} to invest {invest} in a {gwh_adj} project for {product}.",
        "The first phase, worth {invest}, will have a capacity of {gwh} and is due to start production in {target_year}.",
        "Once completed, the base will have an annual output value of {money_plan}.",
        "The {money_adj} project covers {number} hectares in {district} and will be built in three phases.",
        "Its capacity will reach {gwh_plan} when all production lines are running.",
        "The company plans to add {tonnes} of {tonne_thing} capacity a year at the site.",
        "The plant is located in {district}, {city}, close to the suppliers of {component} that serve it.",
    ],
    "corporate": [
        "The base will be run by {subsidiary}, a wholly-owned subsidiary of {group}.",
        "{subsidiary}, a subsidiary of {group}, was set up in {year} to serve carmakers in {province}.",
        "{company} and {company2} will set up a joint venture, {jv}, with a registered capital of {invest}.",
        "{company} will hold {share} of the joint venture and {company2} the rest.",
        "{group}, headquartered in {city2}, makes {product} and {component}.",
        "Founded in {prev} in {city2}, {company} supplies {component} to battery makers across the country.",
        "{jv} is a joint venture between {company} and {company2}.",
        "The company is a holding subsidiary of {group}, which is listed in Shenzhen.",
        "{group} is headquartered in the {new_area} of {city}.",
    ],
    "people": [
        "\"{quote},\" said {person}, {company_post} of {company}.",
        "\u201c{quote},\u201d said {person}, {city_post} of {city}.",
        "{person}, {company_post} of {company}, said that {reported}.",
        "\"{quote},\" {surname} said, adding that {reported}.",
        "According to {person}, {agency_post} of the {agency}, {reported}.",
        "{city} {City_post} {person} told reporters: \u201c{quote}.\u201d",
        "{city}'s {city_post}, {person}, said {reported}.",
        "{person}, who is {agency_post} of the {agency}, said the figures showed that {reported}.",
        "\u201c{quote},\u201d {person}, {company_post} of {company}, told a press conference in {city} on {weekday}.",
        "Speaking at the opening ceremony, {person}, {association_post} of the {association}, said {reported}.",
    ],
    "title": [
        "{city} was awarded the title of \"{title}\" at the {conference}, which opened in the city on {weekday}.",
        "The title was jointly conferred by the {association} and the {association2}.",
        "At the {conference}, the {association} named {city} \u201c{title}\u201d.",
        "{city} has been named {title} by the {association}.",
        "The {conference} opened in {city} on {month} {day} and drew hundreds of delegates from home and abroad.",
        "Agreements for {projects} worth {money} were signed during the {conference}.",
        "An expert panel from the {association} inspected {city} before the title was awarded.",
    ],
    "statistics": [
        "{last_year}, the {indicator} of {city} reached {money}, {yoy}.",
        "In {year}, {city}'s {indicator} was {money}, {yoy}, and {gwh_indicator} reached {gwh}.",
        "The city produced {vehicles} {last_year}, {yoy}.",
        "{city} signed {projects} {last_year}, with a total investment of {money_q}.",
        "The industry now provides {jobs} and accounts for {share} of the city's industrial output value. "
        "That share was {pp} higher than in {prev}.",
        "The city produced {vehicles} in {year}, {fold} on {prev}.",
        "The {indicator} grew {times} over the previous year to {money}.",
        "{this_year}, the {indicator} of {city} has reached {money}, {yoy}.",
        "The city's {gwh_indicator}, {indicator} and new projects in {year} were {gwh}, {money} and {number} "
        "respectively. In {prev}, the above three figures were {gwh2}, {money2} and {number2}.",
        "In {year}, {city}'s {indicator} and {indicator2} reached {money} and {money2}, {pct} and {pct2} higher than "
        "a year earlier respectively.",
        "Exports of {product} totaled {usd} in {year}, {yoy}.",
        "{city} has built {counted} and obtained {patents} in the past three years.",
        "Growth of industrial investment slowed by {pp} compared with {prev}.",
    ],
    "policy": [
        "{city} aims to lift the {indicator} above {money} by {target_year}.",
        "The {government} has issued an action plan to build an industry cluster for {product} worth {money_plan} by {target_year}.",
        "Under the plan, the city will set aside {invest} of special funds for the industry.",
        "{city} is located in {province} and is one of the country's main bases for {component}.",
        "The {zone} is home to {counted}, according to the {agency}.",
        "The province wants the industry chain to cover everything from {component} to {component2} and recycling.",
        "Researchers from {university} will work with local companies on {component} and battery safety.",
    ],
    "narrative": [
        "Ten years ago, few people outside the province had heard of {city}.",
        "Trucks loaded with {component} now queue outside the factory gates every morning.",
        "Many of the engineers came from the coast, drawn by lower housing costs and new schools.",
        "The change is visible on the city's roads, where green number plates are now common.",
        "Not every project has gone smoothly, and some smaller suppliers have struggled with falling prices.",
        "Local officials describe the industry as the city's most important source of growth.",
        "Workers in blue uniforms check each cell before it moves down the line.",
        "Analysts say competition among cities for battery projects has become intense.",
        "The city has also opened training courses for technicians at its vocational colleges.",
    ],
}
THEME_WEIGHTS = {"investment": 3, "corporate": 2, "people": 3, "title": 1, "statistics": 4, "policy": 2, "narrative": 2}
HEADLINES = ["{company} to build {gwh_adj} battery base in {city}", "{city} named {title}",
             "{city}'s new energy industry grows {pct} in {year}", "{city} unveils plan for battery industry cluster",
             "Joint venture to make {product} in {city}", "{city} signs {number} projects at battery conference"]


def _dateline(article: Article) -> str:
    d, city, rng = article.date, article.city, article.rng
    return rng.choice([
        f"{city.upper()}, {MONTHS[d.month - 1]} {d.day}, {d.year} \u2014 ",
        f"Updated: {d.isoformat()} {rng.randint(7, 22):02d}:{rng.randrange(0, 60, 5):02d}\n\n",
        f"By {article.new_person(speaker=False)} in {city} | {d.isoformat()}\n\n",
        f"{city.upper()}, {MONTHS[d.month - 1][:3]}. {d.day}, {d.year} (Xinhua) -- ",
        f"{city}, {article.province} | {MONTHS[d.month - 1]} {d.day}, {d.year}\n\n",
    ])


def _sentence(article: Article, template: str, **preset: str) -> str:
    slots = Slots(article)
    slots.update(preset)
    text = template.format_map(slots).replace("Ltd..", "Ltd.")
    return text[0].upper() + text[1:]


def generate_article(seed: int, index: int, min_words: int = 600, max_words: int = 1200) -> str:
    """Article ``index`` of the run with ``seed``: the same text for the same pair, whatever the run's length."""
    rng = random.Random(seed * 1_000_003 + index)
    article = Article(rng)
    target = rng.randint(min_words, max_words - 60)
    head = _dateline(article)
    headline = _sentence(article, rng.choice(HEADLINES), city=article.city)
    paragraphs: list[str] = []
    words = len(headline.split()) + len(head.split())
    while words < target:
        # Each template once per article while it lasts, so no paragraph repeats itself.
        fresh = {theme: [t for t in THEMES[theme] if t not in article.used] for theme in THEME_WEIGHTS}
        open_themes = [theme for theme in THEME_WEIGHTS if len(fresh[theme]) >= 3]
        if not open_themes:
            article.used.clear()
            continue
        pool = fresh[rng.choices(open_themes, [THEME_WEIGHTS[t] for t in open_themes])[0]]
        picked = rng.sample(pool, min(rng.randint(3, 6), len(pool)))
        narrative = [t for t in fresh["narrative"] if t not in picked]
        if narrative and rng.random() < 0.3:
            picked.insert(rng.randrange(len(picked) + 1), rng.choice(narrative))
        article.used.update(picked)
        sentences = []
        for template in picked:
            sentences.append(_sentence(article, template))
            words += len(sentences[-1].split())
            if words >= target:
                break
        paragraphs.append(" ".join(sentences))
    if head.endswith("\n\n"):
        return f"{head}{headline}\n\n" + "\n\n".join(paragraphs) + "\n"
    return f"{headline}\n\n{head}" + "\n\n".join(paragraphs) + "\n"
