"""The patterns of the relation families (``relations``): people and posts, speech, titles, plants, ownership.

Each reads the words of a sentence only; none names any particular place, company or person.
"""

from __future__ import annotations

import re

PERSON = r"(?P<person>[A-Z][\w'’]+(?:[ \-](?:[A-Z]\.|[A-Z][\w'’]+)){1,3})"
ROLE_WORDS = (  # any case: "founder and Chairman of X"
    r"(?i:(?:(?:deputy|vice|executive|general|chief|honorary|former|acting|first|senior|party|managing|founding|co-|"
    r"prime|board)[ \-])*(?:director(?:-general)?|chairman|chairwoman|chairperson|chair|president|manager|"
    r"general manager|secretary|chief (?:[a-z]+ )?officer|"
    r"mayor|governor|minister|head|chief executive(?: officer)?|CEO|CTO|CFO|founder|spokesperson|spokesman|"
    r"spokeswoman|engineer|chief engineer|professor|dean|researcher|analyst|partner|official|leader|"
    r"academician|member|commissioner|party secretary|executive(?: officer)?|premier|senator|chancellor|CEO|COO)"
    r"(?: of the board(?: of directors)?)?)"  # "secretary of the board of directors of X"
)
ROLES = ROLE_WORDS + r"(?: (?:and|&) " + ROLE_WORDS + r")?"
POST = re.compile(PERSON + r", (?:the )?(?P<role>" + ROLES + r") (?:of|for|at) (?:the )?(?P<org>[A-Z][^,;.]*?|(?:[a-z]+ ){0,4}"
                  r"(?:bureau|department|commission|committee|office|government|administration) of (?:the )?"
                  r"[A-Z][^,;.]*?)(?=,| said|;|\.| \(|$)")
POST_BEFORE = re.compile(r"(?P<org>[A-Z][\w&\- ]*?)(?:['’]s (?P<role_>" + ROLES + r"),|(?:['’]s)? (?P<role>" + ROLES
                         + r"(?: \([a-z][a-z ]{2,40}\))?)) " + PERSON + r"\b")  # "Acme deputy chief executive officer (investment development) X",
# "Acme chairman and CEO X", "Acme's chief executive, X,"
SAID = re.compile(r"\b(?:said|says|noted|stated|added|explained|told|mentioned|stressed|pointed out|believes|"
                  r"according to)\b", re.I)
# A quotation closes with its mark, or at the end of a paragraph that the next opens with a mark again (a quotation
# that runs over paragraphs: '"First paragraph.\n\n"Second paragraph."').
QUOTATION = re.compile(r"[\"“„](?P<text>[^\"“”„\n]{12,}?)(?:[\"”“]|(?=\n\s*\n\s*[\"“„]))")
REPORTED = re.compile(r"\b(?:said|says|noted|stated|added|stressed|pointed out|told reporters)(?:[^.;\"“„]{0,80}? that "
                      r"| (?:(?:at|in|on|during) [^,]{3,60}?,? )?)(?P<text>(?:the|it|they|he|she|we|its|this|these|those|our|there|more|"
                      r"[A-Z][a-z]+) [^;]{10,}?)[.;]?$")
PRONOUNS = re.compile(r"^(?:He|She)\b")
AWARDED = re.compile(r"\b(?:was|were|has been|had been|is) (?:awarded|named|honored|honoured|granted|conferred|recognized)"
                     r"(?: as| the title of| the title| with the title of)?\b")
KNOWN_AS = re.compile(r"\b(?:was|is|has been) (?:known|called|dubbed|hailed) as\b")
CONFERRED_BY = re.compile(r"\b(?:title|honou?r|award|medal|plaque) (?:was|were|has been) (?:jointly )?(?:conferred|awarded|"
                          r"granted|presented|given|issued) by\b")
JOINTLY = re.compile(r"\b(?:jointly )?(?:award(?:ed|ing)?|confer(?:red|ring)?|grant(?:ed|ing)?)\b")
INSPECT = re.compile(r"\bto (?:inspect|evaluate|assess|review) (?P<target>[A-Z]\w+)")
EXPERTS = re.compile(r"\b(?:a group of experts|an? expert (?:group|panel|team)|the expert (?:group|panel|team))\b", re.I)
ARRIVAL = re.compile(r"\b(?:the )?introduction of (?P<company>[A-Z][\w&\-]*(?: [A-Z][\w&\-]*)*)(?: in (?P<year>(?:19|20)\d\d))?")
SUBSIDIARY = re.compile(r"(?:a|an|the) (?:wholly[- ]owned |holding |majority-owned |fully[- ]owned )?subsidiary of (?:the )?"
                        r"(?P<parent>[A-Z][\w&.,\- ]*?)(?=[,;.]| and | that | which |$)")
OWNED_BY = re.compile(r"(?P<parent>[A-Z][\w&\-]*(?: [A-Z][\w&\-]*)*)['’]s (?:wholly[- ]owned |holding |majority-owned )?"
                      r"subsidiary,? (?P<child>[A-Z][\w&.,()\- ]*?(?:Co\., Ltd\.|Ltd\.|Group|Corporation|Inc\.|Company))")
JOINT_VENTURE = re.compile(r"\bjoint venture (?:between|of|by) (?P<a>[A-Z][\w&.\- ]*?) and (?P<b>[A-Z][\w&.\- ]*?)(?=[,;.]| to | that |$)")
CHAIN_STAGES = re.compile(r"\bfrom (?P<a>[a-z][a-z\- ]{2,40}?)(?:, (?P<b>[a-z][a-z\- ]{2,40}?))? to (?P<c>[a-z][a-z\- ]{2,40}?)"
                          r"(?:,? and (?:then )?to (?P<d>[a-z][a-z\- ]{2,40}?))?(?=[,.;]|$)")
CLUSTER = re.compile(r"\b(?:a|an|the) (?P<name>(?:[a-z][a-z\-]+ ){1,5}industry cluster)\b")
DATE = re.compile(r"\b(?:On |on )?(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
                  r"December) (?P<day>\d{1,2})(?:, (?P<year>(?:19|20)\d\d))?\b")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
