"""Titles, ranks and organisation words that announce a person's name in defence news.

Kept as data in one place so that a missed title is a one-line fix; the regular expressions in
`officials.py` are built from these lists. Each entry is written once, capitalised; the patterns
also accept it with lower-case initials ("the defence minister, Trine Bramsen").
"""

from __future__ import annotations

RANKS = (
    "Field Marshal", "Air Chief Marshal", "Air Vice-Marshal", "Air Marshal", "Division General",
    "Corps General", "Army General", "Lieutenant General", "Lieutenant-General", "Major General",
    "Major-General", "Brigadier General", "Brigadier-General", "Lieutenant Colonel",
    "Lieutenant-Colonel", "Lieutenant Commander", "Rear Admiral", "Vice Admiral", "Admiral",
    "General", "Colonel", "Major", "Captain", "Commodore", "Brigadier", "Lieutenant",
    "Sergeant Major", "Staff Sergeant", "Sergeant", "Corporal", "Warrant Officer",
)  # fmt: skip
RANK_ABBREVIATIONS = (
    "Lt. Gen.", "Maj. Gen.", "Brig. Gen.", "Lt. Col.", "Lt.-Col.", "Gen.", "Col.", "Maj.",
    "Capt.", "Adm.", "Cdr.", "Lt.", "Sgt.", "Brig.",
)  # fmt: skip
HONORIFICS = ("Ambassador", "Mr.", "Mr", "Ms.", "Ms", "Mrs.", "Mrs", "Dr.", "Dr", "H.E.")
HEADS = (
    "Assistant Secretary General", "Assistant Secretary-General", "Deputy Secretary General",
    "Deputy Secretary-General", "Under-Secretary-General", "Secretary General",
    "Secretary-General", "Deputy Prime Minister", "Prime Minister", "Minister of State",
    "Minister", "Secretary of State", "Secretary", "Vice President", "Vice-President",
    "President", "Chancellor", "Ambassador", "High Commissioner", "Commissioner",
    "Special Representative", "Special Envoy", "Envoy", "Representative",
    "Chief of the Defence Staff", "Chief of Defence Staff", "Chief of Defence",
    "Chief of the General Staff", "Chief of General Staff", "Chief of Staff", "Chief",
    "Commander-in-Chief", "Force Commander", "Commander", "Head", "Director-General",
    "Director General", "Director", "Spokesperson", "Spokesman", "Spokeswoman", "Speaker",
    "Chairperson", "Chairman", "Chairwoman", "Governor", "Mayor", "Tánaiste", "Taoiseach",
    "Premier", "Senator", "King", "Queen", "Emir", "Attaché", "Adviser", "Advisor",
    "Inspector General",
)  # fmt: skip
MODIFIERS = (
    "Deputy", "First", "Second", "Vice", "Assistant", "Acting", "Interim", "Former", "Outgoing",
    "Incoming", "New", "Special", "Joint", "Senior", "Principal", "Permanent", "Defence",
    "Defense", "Foreign", "Interior", "Home Affairs", "Cabinet", "Force", "Mission",
    "Parliamentary", "Military", "Army", "Navy", "Air Force", "Armed Forces", "Defence Forces",
    "Prime", "Federal", "State", "Chief", "National", "Regional", "Sector", "Battalion",
    "Brigade", "Contingent", "Task Force", "Executive", "Supreme", "Allied", "Presidential",
    "Finance", "Justice",
)  # fmt: skip
# Lower-case complements that may follow a title without a comma ("minister of defence").
COMPLEMENTS = (
    "of defence", "of defense", "for defence", "of national defence", "of foreign affairs",
    "for foreign affairs", "of the interior", "of interior", "of state", "of finance",
)  # fmt: skip
NAMED_ORGANISATIONS = ("Pentagon", "Kremlin", "White House", "Elysée", "Bundeswehr", "Bundesheer")
# Titles that belong to an international organisation named elsewhere in the sentence.
ORGANISATION_POSTS = ("Secretary General", "Secretary-General", "Special Representative",
                      "Force Commander", "Head of Mission")  # fmt: skip
ORGANISATION_ACRONYMS = ("NATO", "EU", "UN", "AU", "OSCE", "ECOWAS", "SADC")
# Words that end an organisation's name in "of the Hungarian Defence Forces".
ORGANISATION_WORDS = (
    "Army", "Forces", "Force", "Ministry", "Command", "Staff", "Navy", "Police", "Union",
    "Nations", "Alliance", "Commission", "Council", "Assembly", "Parliament", "Brigade",
    "Battalion", "Regiment", "Squadron", "Base", "Contingent", "Mission", "Operation", "Service",
    "Corps", "Division", "Group", "Headquarters", "Guard", "Centre", "Center", "Office",
)  # fmt: skip
# Capitalised words that are never part of a person's name.
NOT_NAMES = (
    "The", "A", "An", "He", "She", "It", "They", "We", "His", "Her", "Its", "Their", "This",
    "That", "These", "Those", "In", "On", "At", "Of", "For", "And", "But", "Or", "With", "From",
    "By", "To", "As", "After", "Before", "During", "Since", "Until", "While", "When", "Where",
    "Who", "Which", "What", "Among", "Both", "All", "Also", "Then", "There", "Here", "However",
    "Meanwhile", "Minister", "Ministry", "Secretary", "General", "President", "Prime", "Deputy",
    "Vice", "Chief", "Commander", "Command", "Colonel", "Major", "Captain", "Lieutenant",
    "Admiral", "Brigadier", "Ambassador", "Defence", "Defense", "Foreign", "Interior", "Affairs",
    "Army", "Navy", "Air", "Force", "Forces", "Staff", "Armed", "National", "Federal",
    "Republic", "Kingdom", "Union", "United", "Nations", "States", "Council", "Committee",
    "Office", "Department", "Agency", "Service", "Services", "Headquarters", "Mission",
    "Operation", "Brigade", "Battalion", "Regiment", "Division", "Corps", "Company",
    "Contingent", "Task", "Group", "Team", "Unit", "Squadron", "Base", "Camp", "Police",
    "Guard", "Security", "Policy", "Political", "Military", "Joint", "Allied", "International",
    "Multinational", "Regional", "Special", "Representative", "Spokesperson", "Spokesman",
    "Spokeswoman", "Head", "Speaker", "Chairperson", "Chairman", "Governor", "Commissioner",
    "High", "Cabinet", "Parliament", "Parliamentary", "Government", "Alliance", "Assembly",
    "Centre", "Center", "Commission", "Sector", "Zone", "Province", "District", "Region",
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
    "Europe", "Africa", "Asia", "America", "Balkans", "Easter", "Christmas", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Blue", "Helmets", "Peacekeeping", "Operations", "Director", "Chancellor",
    "Senator", "Mayor", "Premier", "Envoy", "Adviser", "Advisor", "Sergeant", "Corporal",
    "Commodore", "Field", "Marshal", "Mr", "Ms", "Mrs", "Dr", "Sir", "Acting", "Interim",
    "Former", "Assistant", "First", "Second", "Third", "Supreme", "Executive", "Presidential",
    "Fighting", "Falcons", "Typhoon", "Eurofighter", "Leopard", "Stryker",
)  # fmt: skip
PARTICLES = ("van", "von", "de", "der", "den", "del", "della", "di", "da", "dos", "das", "du",
             "la", "le", "bin", "ibn", "al", "el", "ter", "ten")  # fmt: skip
