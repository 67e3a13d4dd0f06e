"""Names the small English model often misses, typed: looked up as whole words (case as
written) where the model tagged nothing.

Kept unambiguous on purpose: countries and the UK's nations and regions, the cities, regions
and seas world news names most, the news outlets, agencies and picture libraries named in
credits, the public bodies, parties, armed groups and international organisations that British
and international news name most, and the best-known technology companies. A word that is
also a common word or a surname ("Chad", "Jersey", "Shell") is left out. Places standing for
their governments or a trade ("Downing Street", "Whitehall", "the White House", "the Kremlin",
"Wall Street") are places, as in the Russian gold's LocOrg -> LOC. US news adds its states and
cities, federal bodies by name and acronym, outlets, pollsters and best-known companies.
Groupings of states written as acronyms ("BRICS", "G20", "SCO") are organisations, not
places. A short list of the people world news names most is typed PER (see ``_PEOPLE``).
"""

from __future__ import annotations

import re
from functools import cache

_PLACES = """
    Afghanistan|Albania|Algeria|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|
    Bangladesh|Belarus|Belgium|Bolivia|Bosnia|Brazil|Britain|Great Britain|Bulgaria|Cambodia|
    Cameroon|Canada|Chile|China|Colombia|Croatia|Cuba|Cyprus|Czech Republic|Denmark|Egypt|
    England|Eritrea|Estonia|Ethiopia|Europe|Finland|France|Gaza|Germany|Ghana|Greece|Hungary|
    Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Japan|Jordan|Kazakhstan|Kenya|
    Kosovo|Kuwait|Kyrgyzstan|Latvia|Lebanon|Libya|Lithuania|Luxembourg|Malaysia|Mali|Mexico|
    Moldova|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Nepal|Netherlands|New Zealand|
    Nigeria|North Korea|Northern Ireland|Norway|Pakistan|Palestine|Peru|Philippines|Poland|
    Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Scotland|Senegal|Serbia|Singapore|
    Slovakia|Slovenia|Somalia|South Africa|South Korea|Spain|Sri Lanka|Sudan|South Sudan|
    Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Tunisia|Turkey|Turkmenistan|
    Uganda|Ukraine|United Kingdom|UK|United States|USA|US|Uzbekistan|Venezuela|Vietnam|Wales|
    Yemen|Zambia|Zimbabwe|Crimea|Donbas|Africa|Asia|
    London|Moscow|Kyiv|Kiev|Washington|Beijing|Paris|Berlin|Brussels|Tehran|Jerusalem|
    Cairo|Ankara|Istanbul|Edinburgh|Cardiff|Belfast|Manchester|Birmingham|Liverpool|Glasgow|
    Downing Street|Whitehall|Westminster|Cornwall|Devon|Wiltshire|Yorkshire|
    Scottish Highlands|
    New York|Los Angeles|San Francisco|Chicago|Boston|Texas|California|Florida|Tokyo|Delhi|
    New Delhi|Mumbai|Shanghai|Hong Kong|Sydney|Melbourne|Toronto|Rome|Madrid|Vienna|Warsaw|
    Kabul|Baghdad|Damascus|Beirut|Tel Aviv|Riyadh|Dubai|Doha|Islamabad|Karachi|Lagos|Nairobi|
    Johannesburg|Cape Town|Geneva|The Hague|Stockholm|Oslo|Copenhagen|Helsinki|Athens|Lisbon|
    Dublin|Amsterdam|Minsk|Tbilisi|Yerevan|Baku|Kharkiv|Odesa|Mariupol|St Petersburg|
    Middle East|Gaza Strip|West Bank|Latin America|South America|North America|Antarctica|
    Arctic|Scandinavia|Balkans|Caribbean|Pacific|Atlantic|Mediterranean|Black Sea|Red Sea|
    Baltic Sea|Persian Gulf|
    Essex|Surrey|Sussex|East Sussex|West Sussex|Suffolk|Norfolk|Hampshire|Dorset|Somerset|
    Berkshire|Oxfordshire|Buckinghamshire|Hertfordshire|Bedfordshire|Cambridgeshire|
    Northamptonshire|Leicestershire|Nottinghamshire|Derbyshire|Lincolnshire|Staffordshire|
    Shropshire|Worcestershire|Warwickshire|Gloucestershire|Herefordshire|Lancashire|Cheshire|
    Cumbria|Northumberland|Merseyside|Tyneside|West Midlands|East Anglia|
    Ontario|Quebec|Alberta|British Columbia|Manitoba|Saskatchewan|Nova Scotia|New Brunswick|
    Newfoundland|New South Wales|Queensland|Tasmania|Western Australia|South Australia|
    Arizona|Arkansas|Colorado|Connecticut|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|
    Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|
    New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|
    Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Utah|Vermont|Wisconsin|
    Wyoming|Alaska|Hawaii|Idaho|Alabama|
    Punjab|Kerala|Gujarat|Bihar|Orissa|Odisha|Maharashtra|Rajasthan|Uttar Pradesh|Karnataka|
    Tamil Nadu|West Bengal|Andhra Pradesh|Kashmir|Assam|Kolkata|Chennai|Bangalore|Hyderabad|
    White House|Kremlin|Capitol|Capitol Hill|U.S. Capitol|Oval Office|Rose Garden|Camp David|
    Wall Street|Silicon Valley|Mar-a-Lago|Statue of Liberty|Midwest|Normandy|
    Georgia|Virginia|West Virginia|Delaware|Maine|Puerto Rico|Guam|
    Atlanta|Miami|Philadelphia|Detroit|Seattle|Houston|Dallas|Denver|Phoenix|Minneapolis|
    Baltimore|Pittsburgh|Cleveland|Las Vegas|San Diego|Sacramento|Brooklyn|Manhattan|
    New York City|Washington DC|D.C.|Tulsa|Kenosha|Charlottesville|Louisville
    """
_ORGANISATIONS = """
    NHS|BBC|Reuters|AFP|Getty Images|Alamy|Associated Press|Press Association|PA Media|
    United Nations|UN|Nato|NATO|European Union|EU|World Health Organization|WHO|IMF|
    World Bank|Department of Health|Home Office|Foreign Office|Ministry of Defence|Treasury|
    Met Office|Environment Agency|Conservatives|Liberal Democrats|Lib Dems|SNP|
    Plaid Cymru|Sinn Féin|Sinn Fein|Pentagon|Congress|Senate|
    House of Commons|Commons|House of Lords|Guardian|Financial Times|
    Daily Mail|Interfax|Tass|TASS|RIA Novosti|Ofsted|Ofcom|Gazprom|Rosatom|
    Rosstat|Roskomnadzor|Rospotrebnadzor|Roscosmos|Rostec|FSB|Federation Council|
    Kommersant|Vedomosti|Izvestia|Novaya Gazeta|
    New York Times|Washington Post|Wall Street Journal|Sky News|CNN|Fox News|Al Jazeera|
    Bloomberg|Economist|Telegraph|BBC News|ITV|Channel 4|NPR|
    Google|Microsoft|Facebook|Meta|Twitter|YouTube|Instagram|TikTok|WhatsApp|Telegram|
    McDonald's|McDonald’s|Sainsbury's|Sainsbury’s|Macy's|Macy’s|Kellogg's|Kellogg’s|
    OpenAI|Nvidia|Tesla|Samsung|Huawei|Boeing|Airbus|Rosneft|Lukoil|Sberbank|
    Hamas|Hezbollah|Taliban|Houthis|Labour|Labour Party|Conservative Party|Tories|
    Reform UK|Green Party|Democratic Party|Republican Party|
    FBI|CIA|NASA|Unesco|UNESCO|Unicef|UNICEF|UNHCR|Red Cross|Amnesty International|
    Human Rights Watch|Interpol|Europol|Opec|OPEC|WTO|OECD|IAEA|ICC|
    European Commission|European Parliament|Council of Europe|European Central Bank|
    Bank of England|Federal Reserve|Supreme Court|Metropolitan Police|Met Police|
    Scotland Yard|HMRC|Ofgem|Bundestag|Duma|State Duma|Knesset|Security Council|
    UN Security Council|Red Crescent|World Food Programme|Médecins Sans Frontières|
    Department for Education|Department of Health and Social Care|Cabinet Office|
    Ministry of Justice|Crown Prosecution Service|Care Quality Commission|
    National Audit Office|Royal College of Nursing|British Medical Association|BMA|
    General Medical Council|Public Health England|UK Health Security Agency|UKHSA|MHRA|
    Medicines and Healthcare products Regulatory Agency|
    Office for National Statistics|ONS|Institute for Fiscal Studies|Resolution Foundation|
    Unison|TUC|CBI|National Trust|RSPCA|RSPB|Oxfam|Save the Children|Cancer Research UK|
    Macmillan Cancer Support|Alzheimer's Society|Age UK|Barnardo's|NSPCC|
    University of Oxford|Oxford University|University of Cambridge|Cambridge University|
    Harvard University|Harvard|Stanford University|Imperial College London|
    King's College London|University College London|UCL|London School of Economics|LSE|
    Ministry of Foreign Affairs|State Department|Department of Defense|Justice Department|
    Department of Justice|Homeland Security|European Council|African Union|
    Arab League|Asean|ASEAN|World Trade Organization|Greenpeace|
    GOP|G.O.P.|DNC|RNC|DOJ|DoJ|DHS|ICE|EPA|FDA|CDC|C.D.C.|IRS|NSA|NSC|FCC|FTC|F.B.I.|
    Secret Service|National Guard|Border Patrol|Census Bureau|Postal Service|
    Department of Homeland Security|Department of Labor|Labor Department|Commerce Department|
    Treasury Department|Defense Department|Department of Veterans Affairs|
    Centers for Disease Control and Prevention|National Institutes of Health|
    Food and Drug Administration|Environmental Protection Agency|House of Representatives|
    Politico|Axios|MSNBC|NBC|NBC News|ABC|ABC News|CBS|CBS News|CNBC|PBS|AP|USA Today|
    Los Angeles Times|Chicago Tribune|Newsweek|BuzzFeed|HuffPost|Breitbart|Daily Caller|
    National Review|Washington Examiner|Washington Times|New York Post|Fox|Bloomberg News|
    FiveThirtyEight|Gallup|Ipsos|YouGov|Pew Research Center|Quinnipiac|
    Amazon|Apple|Starbucks|Walmart|Pfizer|Moderna|General Motors|GM|Goldman Sachs|JPMorgan|
    Uber|Disney|Netflix|ExxonMobil|NRA|National Rifle Association|VA|
    Democrats|Republicans|Democrat|Republican|Democratic|Dems|Dem|
    BRICS|G7|G8|G20|SCO|CSTO|EAEU|APEC|OSCE|AUKUS|Mercosur|CIS
    """
# People world news names most (heads of state and government of the great powers and their
# best-known ministers), by surname too: the small model, trained on older text, reads "Trump"
# as a company and "Putin" as a place. Only surnames no common word or place shares.
_PEOPLE = """
    Donald Trump|Trump|Joe Biden|Biden|Barack Obama|Obama|Vladimir Putin|Putin|Sergei Lavrov|
    Sergey Lavrov|Lavrov|Volodymyr Zelensky|Volodymyr Zelenskyy|Zelensky|Zelenskyy|Xi Jinping|
    Emmanuel Macron|Macron|Angela Merkel|Merkel|Olaf Scholz|Scholz|Recep Tayyip Erdogan|Erdogan|
    Erdoğan|Benjamin Netanyahu|Netanyahu|Narendra Modi|Modi|Keir Starmer|Starmer|Rishi Sunak|
    Sunak|Boris Johnson|Nancy Pelosi|Pelosi|Kamala Harris|Mike Pence|Pence|Dmitry Peskov|
    Peskov|Maria Zakharova|Zakharova|Dmitry Medvedev|Medvedev|Kim Jong-un|Kim Jong Un|
    Antonio Guterres|Guterres|Justin Trudeau|Trudeau
    """


def _entries(text: str, kind: str) -> dict[str, str]:
    return {name.strip(): kind for name in "".join(text.split("\n")).split("|") if name.strip()}


NAMES: dict[str, str] = {
    **_entries(_PLACES, "LOC"),
    **_entries(_ORGANISATIONS, "ORG"),
    **_entries(_PEOPLE, "PER"),
}
# Places that stand for a government or parliament: typed LOC, they still speak for it ("the
# White House said", "according to the Kremlin").
SEATS = frozenset(
    "White House|Kremlin|Downing Street|Whitehall|Westminster|Capitol Hill|Capitol".split("|")
)
# "WHO" and "US" only as written in capitals, and not "US" in an all-caps headline line
_CAPS_ONLY = frozenset({"WHO", "US", "UN", "EU", "UK", "ICE", "AP", "ABC", "NBC", "CBS", "GM"})


@cache
def _pattern() -> re.Pattern[str]:
    r"""``(?<![\w'’-])(?=[A-ZÀ-Þ])(?:name|name|...)(?![\w-])``, longest names first, written
    as one branch per first letter, each with the look-behind after that letter: the same
    matches, but a pattern opening with literals lets the engine skip to the places where one
    of them stands (a third of the time over a text)."""
    groups: dict[str, list[str]] = {}
    for name in sorted(NAMES, key=lambda n: (-len(n), n)):
        if "A" <= name[0] <= "Z" or "À" <= name[0] <= "Þ":
            groups.setdefault(name[0], []).append(re.escape(name[1:]))
    first = [
        rf"{re.escape(c)}(?<![\w'’-]{re.escape(c)})(?:{'|'.join(rest)})"
        for c, rest in groups.items()
    ]
    return re.compile(rf"(?:{'|'.join(first)})(?![\w-])")


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, type) of every gazetteer name in ``text`` (longest first where they nest)."""
    out = []
    for match in _pattern().finditer(text):
        name = match.group()
        if name in _CAPS_ONLY and _shouting(text, match.start(), match.end()):
            continue
        out.append((match.start(), match.end(), NAMES[name]))
    return out


def _shouting(text: str, start: int, end: int) -> bool:
    """Whether the name sits among capitals ("THE US ECONOMY": a shouted headline)."""
    before = text[max(0, start - 12) : start].split()
    after = text[end : end + 12].split()
    near = [w for w in (before[-1:] + after[:1]) if any(ch.isalpha() for ch in w)]
    return bool(near) and all(w.isupper() for w in near)
