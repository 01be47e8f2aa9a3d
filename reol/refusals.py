"""The catalogue of refusals: every "no" reol says, in Danish and English, defined once.

Desk, pages, the API and SIP2 all raise `refuse(key, **values)`; the texts live only here.
A key is the refusal's `code` (stable and machine-readable, a contract with API clients and
SIP2 machines), or `code.variant` where one code has more than one wording (a missing title
of a shift and of an event are both `no_title`); the variant never leaves this module.

Texts are `str.format` templates: `refuse("unknown_barcode", barcode="123")`. A value that is
said differently in each language is given as `Both(da, en)`. tests/test_refusals.py checks
that every entry has both texts with the same placeholders, that every key is used and every
used key is here, and that the API's documentation lists every code.
"""

from typing import NamedTuple

from reol.errors import DomainError


class Both(NamedTuple):
    """A value said differently in Danish and English (a duration, a date in words)."""

    da: str
    en: str


def refuse(key: str, **values: object) -> DomainError:
    """The refusal `key` with its placeholders filled in; KeyError for a key not listed here."""
    da, en = REFUSALS[key]
    return DomainError(
        key.partition(".")[0],
        da.format(**{k: v.da if isinstance(v, Both) else v for k, v in values.items()}),
        en.format(**{k: v.en if isinstance(v, Both) else v for k, v in values.items()}),
    )


def codes() -> dict[str, str]:
    """Each public code with its English text (variants joined), for the API's documentation."""
    table: dict[str, list[str]] = {}
    for key, (_da, en) in REFUSALS.items():
        table.setdefault(key.partition(".")[0], []).append(en)
    return {code: " / ".join(texts) for code, texts in sorted(table.items())}


# key: (Danish, English). Grouped by the app that says it; sorted within each group.
REFUSALS: dict[str, tuple[str, str]] = {
    # --- catalogue -------------------------------------------------------------------------------
    "bad_type": (
        "Ukendt materialetype: {material_type}.",
        "Unknown material type: {material_type}.",
    ),
    "long_control_number": (
        "Kontrolnummeret (001) er for langt.",
        "The control number (001) is too long.",
    ),
    "no_control_number": (
        "Posten har intet kontrolnummer (001).",
        "The record has no control number (001).",
    ),
    "no_pid": (
        "Posten har intet id.",
        "The record has no identifier.",
    ),
    "no_title.record": (
        "Posten har ingen titel.",
        "The record has no title.",
    ),
    # --- cataloguing (records, copies, authorities, merging, SRU) --------------------------------
    "authority_form_taken": (
        "En anden autoritet har allerede formen: {form}.",
        "Another authority already has the form: {form}.",
    ),
    "bad_authority_kind": (
        "Ukendt slags autoritet.",
        "Unknown kind of authority.",
    ),
    "bad_isbn": (
        "ISBN er forkert (kontrolcifferet passer ikke, eller det er ikke et ISBN): {isbn}.",
        "The ISBN is wrong (its check digit does not match, or it is no ISBN): {isbn}.",
    ),
    "bad_issn": (
        "ISSN er forkert (kontrolcifferet passer ikke, eller det er ikke et ISSN): {issn}.",
        "The ISSN is wrong (its check digit does not match, or it is no ISSN): {issn}.",
    ),
    "bad_language.record": (
        "Ukendt sprogkode: {language}. Skriv en kode fra ISO 639-2, fx dan, eng eller ger.",
        "Unknown language code: {language}. Type an ISO 639-2 code such as dan, eng or ger.",
    ),
    "bad_year.record": (
        "Året skal have fire cifre og må højst være {latest}.",
        "The year must have four digits and be {latest} at the latest.",
    ),
    "barcodes_taken": (
        "Ingen eksemplarer er oprettet: disse stregkoder har andre eksemplarer allerede: "
        "{barcodes}.",
        "No copies were added: other copies already have these barcodes: {barcodes}.",
    ),
    "merge_same": (
        "En post kan ikke flettes med sig selv.",
        "A record cannot be merged with itself.",
    ),
    "merge_types_differ": (
        "Posterne har forskellige materialetyper. Bekræft, at de alligevel er samme udgave.",
        "The records have different material types. Confirm that they are the same edition "
        "all the same.",
    ),
    "no_authority_name": (
        "Autoriteten skal have en foretrukken form.",
        "The authority needs a preferred form.",
    ),
    "no_barcodes": (
        "Skriv eller scan mindst én stregkode.",
        "Type or scan at least one barcode.",
    ),
    "no_query": (
        "Skriv, hvad der skal søges efter.",
        "Type what to search for.",
    ),
    "record_exists": (
        "Posten {pid} findes allerede i kataloget.",
        "The record {pid} is already in the catalogue.",
    ),
    "repeated_barcodes": (
        "Ingen eksemplarer er oprettet: disse stregkoder står der mere end én gang: "
        "{barcodes}.",
        "No copies were added: these barcodes are given more than once: {barcodes}.",
    ),
    "sru_bad_answer": (
        "Det andet biblioteks katalog svarede ikke med SRU ({reason}).",
        "The other library's catalogue did not answer in SRU ({reason}).",
    ),
    "sru_diagnostic": (
        "Det andet biblioteks katalog svarede: {message}",
        "The other library's catalogue answered: {message}",
    ),
    "sru_unreachable": (
        "Det andet biblioteks katalog kunne ikke nås ({reason}).",
        "The other library's catalogue could not be reached ({reason}).",
    ),
    "too_many_copies": (
        "Højst {most} eksemplarer ad gangen.",
        "At most {most} copies at a time.",
    ),
    "unknown_loan_category": (
        "Ukendt udlånskategori.",
        "Unknown loan category.",
    ),
    "unreadable_barcodes": (
        "Ingen eksemplarer er oprettet: disse stregkoder kan ikke læses: {barcodes}.",
        "No copies were added: these barcodes cannot be read: {barcodes}.",
    ),
    "unreadable_marc": (
        "Posten kan ikke læses: {reason}",
        "The record cannot be read: {reason}",
    ),
    # --- sru (SRU server at /sru: the message of each diagnostic) -----------------------
    "sru_boolean": (
        "Den boolske operator {operator} understøttes ikke; brug and, or eller not.",
        "The boolean operator {operator} is not supported; use and, or or not.",
    ),
    "sru_busy": (
        "For mange søgninger fra samme adresse; prøv igen om lidt.",
        "Too many searches from one address; try again in a moment.",
    ),
    "sru_empty_term": (
        "Et tomt søgeord understøttes ikke.",
        "An empty search term is not supported.",
    ),
    "sru_first_record": (
        "Første post ligger efter den sidste af de {count} fundne.",
        "The first record asked for lies past the last of the {count} found.",
    ),
    "sru_index": (
        "Indekset {index} findes ikke; se explain for dem, der gør.",
        "The index {index} is not supported; explain lists those that are.",
    ),
    "sru_masking": (
        "Trunkering med * understøttes ikke.",
        "Masking with * is not supported.",
    ),
    "sru_missing": (
        "Parameteren {name} mangler.",
        "The parameter {name} is missing.",
    ),
    "sru_modifier": (
        "Modifikatoren understøttes ikke.",
        "The modifier is not supported.",
    ),
    "sru_operation": (
        "Operationen {operation} understøttes ikke; kun explain og searchRetrieve.",
        "The operation {operation} is not supported; only explain and searchRetrieve are.",
    ),
    "sru_packing": (
        "Pakningen {packing} understøttes ikke; brug xml eller string.",
        "The record packing {packing} is not supported; use xml or string.",
    ),
    "sru_parameter": (
        "Parameteren {name} understøttes ikke.",
        "The parameter {name} is not supported.",
    ),
    "sru_query_too_long": (
        "Søgningen er for lang (højst {most} tegn).",
        "The query is too long (at most {most} characters).",
    ),
    "sru_relation": (
        "Relationen {relation} understøttes ikke for dette indeks.",
        "The relation {relation} is not supported for this index.",
    ),
    "sru_schema": (
        "Postformatet {schema} understøttes ikke; brug marcxml eller dc.",
        "The record schema {schema} is not supported; use marcxml or dc.",
    ),
    "sru_sort": (
        "Sortering understøttes ikke; posterne kommer efter relevans.",
        "Sorting is not supported; records come by relevance.",
    ),
    "sru_syntax": (
        "Søgningen er ikke gyldig CQL.",
        "The query is not valid CQL.",
    ),
    "sru_value": (
        "Værdien af {name} understøttes ikke.",
        "The value of {name} is not supported.",
    ),
    "sru_version": (
        "SRU-version {version} understøttes ikke; kun 1.2 og 2.0.",
        "SRU version {version} is not supported; only 1.2 and 2.0 are.",
    ),
    "sru_xpath": (
        "Udtræk med XPath understøttes ikke.",
        "XPath retrieval is not supported.",
    ),
    # --- circulation -----------------------------------------------------------------------------
    "already_allocated": (
        "Et eksemplar er allerede på vej; reserveringen kan ikke sættes på pause.",
        "A copy is already on its way; the reservation cannot be paused.",
    ),
    "already_on_its_way": (
        "Materialet er allerede sendt til det gamle afhentningssted.",
        "The item has already been sent to the old pickup place.",
    ),
    "already_on_loan": (
        "Du har allerede materialet lånt.",
        "You already have this on loan.",
    ),
    "already_reserved": (
        "Du har allerede reserveret materialet.",
        "You have already reserved this.",
    ),
    "already_in_work": (
        "Posten hører allerede til det værk.",
        "The record already belongs to that work.",
    ),
    "unknown_work": (
        "Værket findes ikke.",
        "There is no such work.",
    ),
    "no_such_format": (
        "Værket findes ikke i den form.",
        "The work does not come in that format.",
    ),
    "already_yours": (
        "Materialet er allerede udlånt til denne låner; forny det i stedet.",
        "The item is already on loan to this patron; renew it instead.",
    ),
    "bad_birth_date": (
        "Fødselsdatoen skrives ÅÅÅÅ-MM-DD.",
        "The birth date is written YYYY-MM-DD.",
    ),
    "bad_birth_date.future": (
        "Fødselsdatoen ligger i fremtiden.",
        "The birth date is in the future.",
    ),
    "bad_block": (
        "Ukendt spærring: {code}.",
        "Unknown block: {code}.",
    ),
    "bad_card": (
        "Et kortnummer er 4 til 20 bogstaver eller cifre.",
        "A card number has 4 to 20 letters or digits.",
    ),
    "bad_direction": (
        "direction skal være in eller out.",
        "direction must be in or out.",
    ),
    "bad_email": (
        "E-mailadressen er ugyldig.",
        "The email address is not valid.",
    ),
    "bad_fee_policy": (
        "Ukendt gebyrpolitik.",
        "Unknown fee policy.",
    ),
    "bad_field": (
        "Kan ikke ændre: {fields}.",
        "Cannot change: {fields}.",
    ),
    "bad_interest": (
        "Interesseperioden skal være 7 til 730 dage.",
        "The interest period must be 7 to 730 days.",
    ),
    "bad_interest.passed": (
        "Interessedatoen er allerede passeret.",
        "The interest date has already passed.",
    ),
    "bad_language": (
        "Sproget skal være da eller en.",
        "The language must be da or en.",
    ),
    "bad_note": (
        "Noten er højst 200 tegn.",
        "The note has at most 200 characters.",
    ),
    "bad_pause": (
        "Pausen slutter før den begynder.",
        "The pause ends before it starts.",
    ),
    "bad_pickup": (
        "Afhentningsstedet hører ikke til biblioteket.",
        "The pickup branch does not belong to the library.",
    ),
    "bad_pickup.place": (
        "Materialet kan ikke afhentes dér.",
        "That is not a place where reservations can be picked up.",
    ),
    "bad_pickup.stop": (
        "Stoppestedet hører ikke til bogbussen.",
        "That stop is not on the bookmobile's route.",
    ),
    "bad_pickup.your_library": (
        "Afhentningsstedet hører ikke til dit bibliotek.",
        "The pickup branch does not belong to your library.",
    ),
    "bad_pin": (
        "En PIN-kode er 4 til 8 cifre.",
        "A PIN has 4 to 8 digits.",
    ),
    "blocked_fees": (
        "Låneren har ubetalte gebyrer. Kontakt personalet.",
        "The patron has unpaid charges. Please ask staff.",
    ),
    "blocked_lost_card": (
        "Lånerkortet er meldt bortkommet. Kontakt personalet.",
        "The card has been reported lost. Please ask staff.",
    ),
    "blocked_no_self_service": (
        "Låneren må ikke bruge selvbetjening. Kontakt personalet.",
        "The patron may not use self-service. Please ask staff.",
    ),
    "blocked_other": (
        "Lånerkortet er spærret. Kontakt personalet.",
        "The card is blocked. Please ask staff.",
    ),
    "blocked_suspended": (
        "Lånerkortet er spærret. Kontakt personalet.",
        "The card is suspended. Please ask staff.",
    ),
    "card_taken": (
        "Kortnummeret er allerede i brug.",
        "That card number is already in use.",
    ),
    "csrf_failed": (
        "CSRF-kontrollen fejlede: send cookien csrftoken's værdi i headeren X-CSRFToken.",
        "CSRF check failed: send the value of the csrftoken cookie in the X-CSRFToken header.",
    ),
    "deletion_open_fees": (
        "Du skylder biblioteket {owed:.2f} kr. Betal ved skranken, før vi kan slette dine "
        "oplysninger.",
        "You owe the library DKK {owed:.2f}. Pay at the desk before we can delete your data.",
    ),
    "fee_amount": (
        "Beløbet skal være et positivt beløb i kroner med højst to decimaler.",
        "The amount must be a positive sum in kroner with at most two decimals.",
    ),
    "fee_currency": (
        "Betaling modtages kun i danske kroner (DKK).",
        "Payments are taken in Danish kroner (DKK) only.",
    ),
    "fee_method": (
        "Ukendt betalingsmåde.",
        "Unknown way of paying.",
    ),
    "fee_nothing_owed": (
        "Der er intet at betale.",
        "Nothing is owed.",
    ),
    "fee_overpayment": (
        "Der kan højst betales {owed:.2f} kr., det skyldige beløb.",
        "At most DKK {owed:.2f} can be paid: what is owed.",
    ),
    "fee_reason": (
        "Skriv en begrundelse.",
        "Give a reason.",
    ),
    "fee_unknown_charge": (
        "Gebyret findes ikke, eller der er ikke mere at eftergive på det.",
        "There is no such charge, or nothing of it is left to waive.",
    ),
    "fee_waiver_too_much": (
        "Der kan højst eftergives {left:.2f} kr. af dette gebyr.",
        "At most DKK {left:.2f} of this charge can be waived.",
    ),
    "payment_unknown": (
        "Betalingen findes ikke eller er allerede afsluttet.",
        "There is no such payment, or it is already finished.",
    ),
    "payment_signature": (
        "Betalingens signatur er forkert.",
        "The payment's signature is wrong.",
    ),
    "deletion_open_loans": (
        "Du har {open_loans} lån. Aflever dem, før vi kan slette dine oplysninger.",
        "You have {open_loans} loan(s). Return them before we can delete your data.",
    ),
    "insecure_connection": (
        "Kort og PIN modtages kun over en krypteret forbindelse: brug https://.",
        "Card and PIN are accepted only over an encrypted connection: use https://.",
    ),
    "item_elsewhere": (
        "Materialet står på en anden filial og kan kun lånes dér.",
        "The item is at another branch and can only be borrowed there.",
    ),
    "item_in_transit": (
        "Materialet er undervejs til et andet bibliotek.",
        "The item is in transit.",
    ),
    "item_lost": (
        "Materialet er meldt tabt af en låner.",
        "The item has been reported lost by a patron.",
    ),
    "item_damaged": (
        "Materialet er registreret som beskadiget.",
        "The item is registered as damaged.",
    ),
    "item_damaged.checkin": (
        "Materialet er registreret som beskadiget: skift dets status på eksemplarets side.",
        "The item is registered as damaged: change its status on the copy's page.",
    ),
    "item_in_repair": (
        "Materialet er til reparation.",
        "The item is in repair.",
    ),
    "item_in_repair.checkin": (
        "Materialet er til reparation: skift dets status på eksemplarets side, når det er klar.",
        "The item is in repair: change its status on the copy's page when it is ready.",
    ),
    "item_missing": (
        "Materialet er meldt savnet.",
        "The item is registered as missing.",
    ),
    "item_on_loan": (
        "Materialet er allerede udlånt.",
        "The item is already on loan.",
    ),
    "item_withdrawn": (
        "Materialet er kasseret.",
        "The item has been withdrawn.",
    ),
    "item_withdrawn.checkin": (
        "Materialet er kasseret og kan ikke afleveres.",
        "The item has been withdrawn and cannot be checked in.",
    ),
    "loan_limit": (
        "Låneren har nået grænsen på {max_loans} lån.",
        "The patron has reached the limit of {max_loans} loans.",
    ),
    "lost": (
        "Materialet er meldt tabt.",
        "The item has been declared lost.",
    ),
    "no_copies": (
        "Der er ingen eksemplarer, der kan reserveres.",
        "There are no copies that can be reserved.",
    ),
    "name_given": (
        "Biblioteket har allerede dit navn; bed biblioteket om at rette det.",
        "The library already has your name; ask the library to change it.",
    ),
    "no_name.patron": (
        "Låneren skal have et navn.",
        "The patron needs a name.",
    ),
    "not_allowed": (
        "Din rolle giver ikke lov til det.",
        "Your role does not allow that.",
    ),
    "not_allowed.grant_self": (
        "Ingen kan give sig selv en rolle; bed en leder eller netværksadministratoren.",
        "Nobody can give themselves a role; ask a leader or the network administrator.",
    ),
    "not_allowed.network_role": (
        "Kun netværksadministratoren kan give eller tage netværksrollen.",
        "Only the network administrator can give or take the network role.",
    ),
    "not_allowed.roles": (
        "Kun bibliotekets leder eller netværksadministratoren kan give roller her.",
        "Only the library's leader or the network administrator can give roles here.",
    ),
    "not_allowed.loan_rules": (
        "Kun bibliotekets leder kan ændre lånereglerne.",
        "Only the library's leader can change its loan rules.",
    ),
    "not_due": (
        "Lånet er ikke til fornyelse i dag.",
        "The loan is not due for renewal today.",
    ),
    "not_loanable": (
        "Materialet kan ikke lånes med hjem.",
        "This item is not for loan.",
    ),
    "not_on_pull_list": (
        "Eksemplaret står ikke på plukkelisten.",
        "The copy is not on the pull list.",
    ),
    "not_staff": (
        "Kun personale har adgang her.",
        "Only library staff have access here.",
    ),
    "not_staff.no_role": (
        "Du har ingen rolle på et bibliotek.",
        "You have no staff role at any library.",
    ),
    "not_your_library": (
        "Du kan kun handle på vegne af dit eget bibliotek.",
        "You can only act on behalf of your own library.",
    ),
    "other_library_patron": (
        "Låneren hører til et andet bibliotek; kun det kan ændre lånerens kort.",
        "The patron belongs to another library; only that library can change the patron's card.",
    ),
    "renewal_limit": (
        "Kan ikke fornyes: lånet er allerede fornyet {renewals} gange.",
        "Cannot be renewed: the loan has already been renewed {renewals} times.",
    ),
    "renewal_no_gain": (
        "Ikke fornyet: en fornyelse i dag ville ikke give en senere afleveringsdato.",
        "Not renewed: renewing today would not give a later due date.",
    ),
    "renewal_too_early": (
        "Kan endnu ikke fornyes: lån kan fornyes fra {days} dage før afleveringsdatoen, "
        "dette fra {opens}.",
        "Cannot be renewed yet: loans can be renewed from {days} days before the due date, "
        "this one from {opens}.",
    ),
    "reservation_limit": (
        "Du har nået grænsen på {max_reservations} reserveringer.",
        "You have reached the limit of {max_reservations} reservations.",
    ),
    "reserved_by_another": (
        "Materialet er reserveret til en anden låner.",
        "The item is reserved for another patron.",
    ),
    "reserved_by_another.renewal": (
        "Kan ikke fornyes: en anden låner venter på materialet.",
        "Cannot be renewed: another patron is waiting for it.",
    ),
    "rule_exists": (
        "Der er allerede en regel for den celle.",
        "There is already a rule for that cell.",
    ),
    "unknown_barcode": (
        "Stregkoden {barcode} kendes ikke.",
        "The barcode {barcode} is not known.",
    ),
    "unknown_barcode.copy": (
        "Eksemplaret findes ikke på posten.",
        "The record has no such copy.",
    ),
    "unknown_block": (
        "Spærringen findes ikke.",
        "There is no such block.",
    ),
    "unknown_branch": (
        "Filialen {branch} kendes ikke.",
        "The branch {branch} is not known.",
    ),
    "unknown_card": (
        "Lånerkortet kendes ikke.",
        "The library card is not known.",
    ),
    "unknown_guardian": (
        "Værgens kort kendes ikke.",
        "The guardian's card is not known.",
    ),
    "unknown_role": (
        "Rollen {role} findes ikke.",
        "There is no role {role}.",
    ),
    "unknown_staff_user": (
        "Der er ingen bruger med brugernavnet {username}.",
        "No user has the user name {username}.",
    ),
    "unknown_library": (
        "Biblioteket {library} kendes ikke.",
        "The library {library} is not known.",
    ),
    "unknown_loan": (
        "Lånet findes ikke.",
        "There is no such loan.",
    ),
    "unknown_record": (
        "Posten findes ikke.",
        "There is no such record.",
    ),
    "unknown_reservation": (
        "Reserveringen findes ikke.",
        "There is no such reservation.",
    ),
    "unknown_rule": (
        "Reglen findes ikke.",
        "There is no such rule.",
    ),
    "wrong_pin": (
        "Forkert kortnummer eller PIN-kode.",
        "Wrong card number or PIN.",
    ),
    # --- community -------------------------------------------------------------------------------
    "already_signed_up": (
        "Du har allerede taget denne vagt.",
        "You have already taken this shift.",
    ),
    "bad_dropout": (
        "Fristen for afbud skal ligge før vagten begynder.",
        "The drop-out deadline must be before the shift begins.",
    ),
    "bad_email.named": (
        "»{email}« er ikke en gyldig e-mailadresse.",
        "“{email}” is not a valid email address.",
    ),
    "bad_hours": (
        "Timer skal være mellem 0 og 24.",
        "Hours must be between 0 and 24.",
    ),
    "bad_needed": (
        "En vagt skal bruge mindst én frivillig.",
        "A shift needs at least one volunteer.",
    ),
    "bad_people": (
        "Antal hjulpne borgere kan ikke være negativt.",
        "The number of people helped cannot be negative.",
    ),
    "bad_period.exhibition": (
        "Udstillingen skal slutte efter den begynder.",
        "The exhibition must end after it begins.",
    ),
    "bad_times": (
        "Vagten skal slutte efter den begynder.",
        "The shift must end after it begins.",
    ),
    "bad_window": (
        "Tilmeldingen skal åbne før den lukker og lukke senest ved vagtens start.",
        "Sign-up must open before it closes and close by the start of the shift.",
    ),
    "call_closed": (
        "Fristen for at indsende var {when}. Der modtages ikke flere bidrag.",
        "The deadline for submissions was {when}. No more works are taken.",
    ),
    "card_taken.volunteer": (
        "Kortet hører allerede til en anden frivillig.",
        "The card already belongs to another volunteer.",
    ),
    "dropout_deadline_passed": (
        "Fristen for at melde fra var {when}. Kontakt biblioteket, hvis du ikke kan komme.",
        "The deadline for dropping out was {when}. Contact the library if you cannot come.",
    ),
    "image_too_large": (
        "Et billede må højst fylde {mb} MB.",
        "An image may be at most {mb} MB.",
    ),
    "image_too_large.pixels": (
        "Billedet har for mange pixels.",
        "The image has too many pixels.",
    ),
    "lacks_role": (
        "Vagten kræver rollen »{role_name}«, som du ikke har.",
        "The shift needs the role “{role_name}”, which you do not have.",
    ),
    "missing": (
        "Skriv dit navn og værkets titel.",
        "Give your name and the title of the work.",
    ),
    "no_branch": (
        "Vælg hvilken filial vagten hører til.",
        "Choose the branch the shift belongs to.",
    ),
    "no_deadline": (
        "Et åbent kald skal have en frist.",
        "An open call needs a deadline.",
    ),
    "no_email": (
        "Skriv din e-mailadresse, så vi kan svare dig.",
        "Give your email address so that we can answer you.",
    ),
    "no_image": (
        "Vedhæft mindst ét billede af værket.",
        "Attach at least one image of the work.",
    ),
    "no_name.volunteer": (
        "Den frivillige skal have et navn.",
        "The volunteer needs a name.",
    ),
    "no_open_call": (
        "Udstillingen tager ikke imod bidrag.",
        "This exhibition does not take submissions.",
    ),
    "no_title.exhibition": (
        "Udstillingen skal have en titel.",
        "The exhibition needs a title.",
    ),
    "no_title.suggestion": (
        "Skriv titlen på det, du foreslår biblioteket at købe.",
        "Give the title of what you suggest the library buys.",
    ),
    "suggestion_limit": (
        "Du har allerede {most} forslag, som biblioteket ikke har svaret på endnu.",
        "You already have {most} suggestions the library has not answered yet.",
    ),
    "bad_suggestion_answer": (
        "Et forslag kan kun imødekommes eller afslås.",
        "A suggestion can only be accepted or declined.",
    ),
    "suggestion_answered": (
        "Forslaget er allerede besvaret.",
        "The suggestion has already been answered.",
    ),
    "no_reason.suggestion": (
        "Skriv en begrundelse til låneren, når et forslag afslås.",
        "Give the patron a reason when a suggestion is declined.",
    ),
    "over_budget": (
        "Linjen koster {cost} kr., men kontoen {fund} har kun {left} kr. tilbage. "
        "En leder kan godkende, at kontoen overskrides.",
        "The line costs DKK {cost}, but the fund {fund} has only DKK {left} left. "
        "A leader can confirm the overspend.",
    ),
    "order_not_sent": (
        "Ordren er ikke sendt til leverandøren endnu, så der kan ikke modtages noget på den.",
        "The order has not been sent to the vendor yet, so nothing can be received on it.",
    ),
    "order_sent": (
        "Ordren er allerede sendt.",
        "The order has already been sent.",
    ),
    "empty_order": (
        "Ordren har ingen linjer.",
        "The order has no lines.",
    ),
    "receive_too_many": (
        "Der kan modtages 1 til {outstanding} eksemplarer på linjen.",
        "Between 1 and {outstanding} copies can be received on this line.",
    ),
    "barcode_count": (
        "Der skal være én stregkode pr. eksemplar: {copies} eksemplarer, {barcodes} "
        "stregkoder. Lad feltet stå tomt for at danne stregkoderne.",
        "There must be one barcode per copy: {copies} copies, {barcodes} barcodes. Leave "
        "the field empty to have them generated.",
    ),
    "barcode_twice": (
        "Den samme stregkode er skannet to gange.",
        "The same barcode was scanned twice.",
    ),
    "barcode_taken": (
        "Stregkoden {barcode} tilhører allerede et andet eksemplar.",
        "The barcode {barcode} already belongs to another copy.",
    ),
    "no_gln": (
        "Før ordren kan sendes som EDIFACT, skal både biblioteket (i indkøbspolitikken) og "
        "leverandøren have et GLN-nummer (EAN).",
        "Before the order can be sent as EDIFACT, both the library (in its collection "
        "policy) and the vendor need a GLN (EAN location number).",
    ),
    "vendor_exists": (
        "Biblioteket har allerede en leverandør med det navn.",
        "The library already has a vendor of that name.",
    ),
    "fund_exists": (
        "Biblioteket har allerede en konto med den kode i {year}.",
        "The library already has a fund with that code in {year}.",
    ),
    "invoice_exists": (
        "Leverandøren har allerede en faktura med det nummer.",
        "The vendor already has an invoice with that number.",
    ),
    "not_one_library": (
        "Leverandør, konto og titel skal høre til det samme bibliotek.",
        "Vendor, fund and title must belong to the same library.",
    ),
    "unknown_title": (
        "Ingen titel i kataloget har nummeret {wanted}.",
        "No title in the catalogue has the number {wanted}.",
    ),
    "no_title.shift": (
        "Vagten skal have en titel.",
        "The shift needs a title.",
    ),
    "not_a_volunteer": (
        "Du er ikke registreret som frivillig.",
        "You are not registered as a volunteer.",
    ),
    "not_an_image": (
        "Kun billeder i JPEG, PNG eller WebP kan sendes.",
        "Only JPEG, PNG or WebP images can be sent.",
    ),
    "not_signed_up": (
        "Du er ikke tilmeldt vagten.",
        "You are not signed up for the shift.",
    ),
    "overlaps": (
        "Du har en anden vagt på samme tid ({span}).",
        "You have another shift at the same time ({span}).",
    ),
    "shift_cancelled": (
        "Vagten er aflyst.",
        "The shift is cancelled.",
    ),
    "shift_full": (
        "Vagten er fuldt besat.",
        "The shift already has all the volunteers it needs.",
    ),
    "shift_not_begun": (
        "Timer kan først registreres, når vagten er begyndt.",
        "Hours can be logged once the shift has begun.",
    ),
    "shift_started": (
        "Vagten er allerede begyndt.",
        "The shift has already begun.",
    ),
    "signup_closed": (
        "Tilmeldingen lukkede {when}.",
        "Sign-up closed {when}.",
    ),
    "signup_not_open": (
        "Tilmeldingen åbner {when}.",
        "Sign-up opens {when}.",
    ),
    "too_many_images": (
        "Du kan højst sende {max_images} billeder.",
        "You can send at most {max_images} images.",
    ),
    "unknown_card.volunteer": (
        "Kortet {card} findes ikke på biblioteket.",
        "The card {card} is not known at this library.",
    ),
    "unknown_exhibition": (
        "Udstillingen findes ikke.",
        "The exhibition does not exist.",
    ),
    "unknown_library.unnamed": (
        "Biblioteket kendes ikke.",
        "Unknown library.",
    ),
    "unknown_shift": (
        "Vagten findes ikke.",
        "The shift does not exist.",
    ),
    "unknown_signup": (
        "Tilmeldingen findes ikke.",
        "The sign-up does not exist.",
    ),
    "volunteer_inactive": (
        "Din frivilligprofil er ikke aktiv.",
        "Your volunteer profile is not active.",
    ),
    # --- digital (e-books, e-audiobooks, films) ------------------------------------------------
    "digital_already_on_loan": (
        "Du har allerede titlen til låns.",
        "You already have this title on loan.",
    ),
    "digital_already_reserved": (
        "Du har allerede reserveret titlen.",
        "You have already reserved this title.",
    ),
    "digital_budget_spent": (
        "Bibliotekets budget til digitale lån er brugt i denne periode. Indtil det fornyes, "
        "kan du kun låne titler, der er gratis.",
        "The library's budget for digital loans is spent for this period. Until it is "
        "renewed, only titles free of charge can be borrowed.",
    ),
    "bad_ebook_cap": (
        "Grænsen for e-bøger skal være et helt tal fra 0 til {high} om måneden.",
        "The limit for e-books must be a whole number from 0 to {high} a month.",
    ),
    "bad_eaudiobook_cap": (
        "Grænsen for netlydbøger skal være et helt tal fra 0 til {high} om måneden.",
        "The limit for e-audiobooks must be a whole number from 0 to {high} a month.",
    ),
    "bad_film_cap": (
        "Grænsen for film skal være et helt tal fra 0 til {high} om måneden.",
        "The limit for films must be a whole number from 0 to {high} a month.",
    ),
    "bad_digital_period": (
        "Budgettet gælder enten en måned eller et år.",
        "The budget runs either for a month or for a year.",
    ),
    "bad_price_per_loan": (
        "Prisen pr. lån skal være fra 0 til {high} kr. med højst to decimaler.",
        "The price per loan must be from 0 to {high} kr. with at most two decimals.",
    ),
    "digital_cap_reached": (
        "Du har nået dit biblioteks grænse for {kind} denne måned ({cap} om måneden). Du "
        "kan låne igen den 1. i næste måned, og gratis titler kan du altid låne.",
        "You have reached your library's limit for {kind} this month ({cap} a month). You "
        "can borrow again on the 1st of next month, and titles free of charge at any time.",
    ),
    "digital_loan_over": (
        "Lånet er slut, så linket virker ikke længere.",
        "The loan has ended, so the link no longer works.",
    ),
    "digital_no_copy": (
        "Alle bibliotekets eksemplarer er udlånt. Du kan reservere titlen.",
        "Every copy the library has is on loan. You can reserve the title.",
    ),
    "digital_no_queue": (
        "Titlen kan lånes nu og skal ikke reserveres.",
        "The title can be borrowed now and needs no reservation.",
    ),
    "digital_not_yours": (
        "Linket hører til en anden låners lån.",
        "The link belongs to another patron's loan.",
    ),
    "digital_not_on_loan": (
        "Du har ikke titlen til låns.",
        "You do not have this title on loan.",
    ),
    "digital_not_reserved": (
        "Du har ikke reserveret titlen.",
        "You have not reserved this title.",
    ),
    "digital_unknown_title": (
        "Biblioteket har ingen digital titel med identifikationen {identifier}.",
        "The library has no digital title with the identifier {identifier}.",
    ),
    "onix_invalid": (
        "ONIX-filen er ikke gyldig ONIX 3.0: {reason}",
        "The ONIX file is not valid ONIX 3.0: {reason}",
    ),
    # --- events ----------------------------------------------------------------------------------
    "already_registered": (
        "Du er allerede tilmeldt dette arrangement.",
        "You are already registered for this event.",
    ),
    "bad_audience": (
        "Ukendt målgruppe.",
        "Unknown audience.",
    ),
    "bad_capacity": (
        "Antal pladser skal være mindst 1 (eller tomt).",
        "The capacity must be at least 1 (or empty).",
    ),
    "bad_category": (
        "Vælg en kategori.",
        "Choose a category.",
    ),
    "bad_count": (
        "Tallene skal være 0 eller derover pr. aldersgruppe.",
        "Counts must be 0 or more for each age group.",
    ),
    "bad_date.word": (
        "»{word}« er ikke en dato; skriv ÅÅÅÅ-MM-DD.",
        "“{word}” is not a date; write YYYY-MM-DD.",
    ),
    "bad_duration": (
        "Varigheden skal være mellem 1 minut og 14 dage.",
        "The duration must be between 1 minute and 14 days.",
    ),
    "bad_email.example": (
        "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.",
        "Give a valid email address, e.g. name@example.com.",
    ),
    "bad_party_size": (
        "I kan tilmelde 1 til {max_party} personer ad gangen.",
        "You can register 1 to {max_party} people at a time.",
    ),
    "bad_price": (
        "Prisen kan ikke være negativ.",
        "The price cannot be negative.",
    ),
    "bad_recurrence": (
        "Gentagelsesreglen kan ikke læses: {detail}. Skriv fx FREQ=WEEKLY;BYDAY=WE eller "
        "FREQ=MONTHLY;BYDAY=-1SA.",
        "The recurrence rule cannot be read: {detail}. Write e.g. FREQ=WEEKLY;BYDAY=WE or "
        "FREQ=MONTHLY;BYDAY=-1SA.",
    ),
    "bad_scope": (
        "Vælg hvilke gange ændringen gælder.",
        "Choose which occurrences the change applies to.",
    ),
    "bad_sdg": (
        "Verdensmål har numrene 1 til 17.",
        "The Sustainable Development Goals are numbered 1 to 17.",
    ),
    "bad_setup": (
        "Klargøring og oprydning er højst 24 timer.",
        "Setup and teardown are at most 24 hours.",
    ),
    "bad_token": (
        "Linket er ugyldigt. Brug linket fra din e-mail.",
        "The link is not valid. Use the link in your email.",
    ),
    "bad_token.gone": (
        "Tilmeldingen findes ikke længere.",
        "The registration no longer exists.",
    ),
    "event_cancelled": (
        "Arrangementet er aflyst.",
        "The event has been cancelled.",
    ),
    "event_past": (
        "Arrangementet er begyndt eller overstået.",
        "The event has started or is over.",
    ),
    "link_expired": (
        "Linket er for gammelt. Tilmeld dig igen på arrangementets side.",
        "The link has expired. Register again on the event's page.",
    ),
    "no_name": (
        "Skriv dit navn.",
        "Give your name.",
    ),
    "no_place": (
        "Vælg en filial eller skriv stedet, hvor det foregår.",
        "Choose a branch or name the place where it happens.",
    ),
    "no_registration": (
        "Der er ingen tilmelding: bare mød op.",
        "No registration is needed: just come.",
    ),
    "no_title.event": (
        "Arrangementet skal have en titel.",
        "The event needs a title.",
    ),
    "not_yet": (
        "Fremmøde registreres, når arrangementet er begyndt.",
        "Attendance is recorded once the event has begun.",
    ),
    "occurrence_past": (
        "En afholdt gang kan ikke ændres.",
        "An occurrence that has taken place cannot be changed.",
    ),
    "registration_closed": (
        "Tilmeldingen er lukket.",
        "Registration has closed.",
    ),
    "registration_not_open": (
        "Tilmeldingen åbner {when}.",
        "Registration opens {when}.",
    ),
    "too_many_occurrences": (
        "Reglen giver mere end {max_occurrences} gange på et år; tjek FREQ.",
        "The rule gives more than {max_occurrences} occurrences a year; check FREQ.",
    ),
    "unknown_branch.library": (
        "Filialen {branch} hører ikke til {name}.",
        "The branch {branch} is not part of {name}.",
    ),
    "unknown_occurrence": (
        "Arrangementet findes ikke.",
        "The event does not exist.",
    ),
    "unknown_partner": (
        "Partneren {name} kendes ikke.",
        "The partner {name} is not known.",
    ),
    # --- fbi (the national catalogue's GraphQL) --------------------------------------------------
    "graphql_cql": (
        "reol søger kun på ISBN: term.isbn=… (højst {most}, adskilt af OR).",
        "reol searches by ISBN only: term.isbn=… (at most {most}, separated by OR).",
    ),
    "graphql_faust_or_pid": (
        "Angiv enten faust eller pid.",
        "Give either faust or pid.",
    ),
    "graphql_flood": (
        "For mange forespørgsler på kort tid; vent et øjeblik.",
        "Too many requests in a short time; wait a moment.",
    ),
    "graphql_no_query": (
        "Forespørgslen skal være JSON med en query (tekst) og eventuelt variables (et objekt).",
        "The request must be JSON with a query (text) and optionally variables (an object).",
    ),
    "graphql_not_served": (
        "reol svarer ikke på {field}; kun manifestation, manifestations og complexSearch.",
        "reol does not answer {field}; only manifestation, manifestations and complexSearch.",
    ),
    "graphql_page": (
        "limit skal være 1 til {most} og offset 0 eller mere.",
        "limit must be 1 to {most} and offset 0 or more.",
    ),
    "graphql_same_name": (
        "Højst {most} felter med samme navn i ét udvalg.",
        "At most {most} fields under one name in one selection.",
    ),
    "graphql_too_big": (
        "Forespørgslen er for stor.",
        "The request is too large.",
    ),
    "graphql_too_deep": (
        "Forespørgslen er dybere end {most} niveauer.",
        "The query is nested deeper than {most} levels.",
    ),
    "graphql_too_many_ids": (
        "Højst {most} id'er i én forespørgsel.",
        "At most {most} ids in one query.",
    ),
    "graphql_too_wide": (
        "Forespørgslen spørger efter mere end {most} felter.",
        "The query asks for more than {most} fields.",
    ),
    # --- insight ---------------------------------------------------------------------------------
    "already_simulated": (
        "{name} har allerede et simuleret {year} (kørsel {runs}); --force lægger endnu en kørsel "
        "oven i.",
        "{name} already has a simulated {year} (run {runs}); --force adds another run on top of "
        "it.",
    ),
    "bad_date.named": (
        "{name}: skriv datoen som ÅÅÅÅ-MM-DD.",
        "{name}: write the date as YYYY-MM-DD.",
    ),
    "bad_days": (
        "--days skal være mindst 1.",
        "--days must be at least 1.",
    ),
    "bad_group": (
        "Opdel efter month, branch, material_type, audience eller library.",
        "Group by month, branch, material_type, audience or library.",
    ),
    "bad_period": (
        "Perioden skal slutte efter sin start og højst vare tre år.",
        "The period must end after it starts and last at most three years.",
    ),
    "bad_scale": (
        "Skalaen skal være over 0 og højst {max_scale:g}.",
        "The scale must be above 0 and at most {max_scale:g}.",
    ),
    "bad_threshold": (
        "Grænsen skal være et tal større end 0.",
        "The threshold must be a number greater than 0.",
    ),
    "bad_visitors_csv.branch": (
        "Linje {line}: filialen «{code}» kendes ikke.",
        "Line {line}: the branch '{code}' is not known.",
    ),
    "bad_visitors_csv.columns": (
        "Linje {line}: kolonnerne skal være branch,date,visitors.",
        "Line {line}: the columns must be branch,date,visitors.",
    ),
    "bad_visitors_csv.count": (
        "Linje {line}: «{count}» er ikke et helt tal besøgende.",
        "Line {line}: '{count}' is not a whole number of visitors.",
    ),
    "bad_visitors_csv.date": (
        "Linje {line}: datoen «{day}» skal skrives ÅÅÅÅ-MM-DD.",
        "Line {line}: the date '{day}' must be written YYYY-MM-DD.",
    ),
    "bad_visitors_csv.twice": (
        "Linje {line}: {code} {when} står der to gange.",
        "Line {line}: {code} {when} appears twice.",
    ),
    "bad_year": (
        "Året skal ligge fra {first_year} til {year}.",
        "The year must be from {first_year} to {year}: the simulation never runs ahead of today.",
    ),
    "bad_years": (
        "Antal år skal være mellem 1 og 100.",
        "Years must be between 1 and 100.",
    ),
    "no_hours": (
        "{name} har ingen åbningstider i {year}.",
        "{name} keeps no opening hours in {year}; the simulation follows the branch calendars.",
    ),
    "nothing_before_today": (
        "{year} har ingen dage før i dag at simulere.",
        "{year} has no days before today to simulate.",
    ),
    "too_many_runs": (
        "Ti kørsler af samme år er det højeste.",
        "Ten runs of one year is the most.",
    ),
    "unknown_branch.here": (
        "Filialen {branch} kendes ikke her.",
        "The branch {branch} is not known here.",
    ),
    "unknown_library.agency": (
        "Intet bibliotek har agency-nummeret {agency}.",
        "No library with the agency number {agency}.",
    ),
    "unknown_record.pid": (
        "Ingen post har pid {pid}.",
        "No record has the pid {pid}.",
    ),
    # --- oauth (the libraries' apps: tokens, /userinfo) ------------------------------------------
    "api_client_name": (
        "Klientens navn skal være 1 til {longest} tegn.",
        "The client's name must be 1 to {longest} characters.",
    ),
    "bearer_token_invalid": (
        "Adgangsnøglen mangler, er udløbet eller er trukket tilbage.",
        "The access token is missing, expired or revoked.",
    ),
    "patron_token_needed": (
        "Det kræver, at låneren er logget ind (en låners adgangsnøgle).",
        "This needs the patron logged in (a patron's access token).",
    ),
    "unknown_api_client": (
        "Ingen API-klient har det id.",
        "No API client has that id.",
    ),
    # --- rooms -----------------------------------------------------------------------------------
    "bad_date": (
        "Datoen skal skrives som ÅÅÅÅ-MM-DD, fx 2026-11-23.",
        "The date must be written as YYYY-MM-DD, e.g. 2026-11-23.",
    ),
    "bad_slot": (
        "Rummet bookes i hele tidsrum på {slot}.",
        "The room is booked in whole slots of {slot}.",
    ),
    "bad_time": (
        "Tidspunktet for {what} skal skrives som ÅÅÅÅ-MM-DDTtt:mm, fx 2026-11-23T10:00.",
        "The {what} time must be written as YYYY-MM-DDThh:mm, e.g. 2026-11-23T10:00.",
    ),
    "bad_time.order": (
        "Bookingen skal slutte efter den begynder.",
        "A booking must end after it starts.",
    ),
    "bad_time.same_day": (
        "En booking skal begynde og slutte samme dag.",
        "A booking must start and end on the same day.",
    ),
    "closed.day": (
        "Biblioteket har lukket den dag{holiday}.",
        "The library is closed that day{holiday}.",
    ),
    "in_the_past": (
        "Tidspunktet er allerede passeret.",
        "That time has already passed.",
    ),
    "not_active": (
        "Bookingen er allerede aflyst eller afvist.",
        "The booking is already cancelled or declined.",
    ),
    "not_requested": (
        "Bookingen venter ikke på godkendelse.",
        "The booking is not awaiting approval.",
    ),
    "not_your_booking": (
        "Det er ikke din booking.",
        "That is not your booking.",
    ),
    "outside_hours": (
        "Rummet kan kun bookes inden for åbningstiden: {spans}.",
        "The room can only be booked within the opening hours: {spans}.",
    ),
    "over": (
        "Bookingen er overstået.",
        "The booking is over.",
    ),
    "over_limit": (
        "Du kan højst have {n} bookinger af rummet om ugen.",
        "You can have at most {n} bookings of the room per week.",
    ),
    "room_unavailable": (
        "Rummet kan ikke bookes for tiden.",
        "The room cannot be booked at the moment.",
    ),
    "taken": (
        "Rummet er allerede booket på det tidspunkt.",
        "The room is already booked at that time.",
    ),
    "too_far_ahead": (
        "Rummet kan højst bookes {n} dage frem.",
        "The room can be booked at most {n} days ahead.",
    ),
    "too_long": (
        "Rummet kan højst bookes {most} ad gangen.",
        "The room can be booked for at most {most} at a time.",
    ),
    "unknown_booking": (
        "Bookingen findes ikke.",
        "There is no such booking.",
    ),
    "unknown_room": (
        "Rummet findes ikke.",
        "There is no such room.",
    ),
    "who": (
        "Skriv hvem bookingen er til.",
        "Say who the booking is for.",
    ),
    # --- search ----------------------------------------------------------------------------------
    "bad_page": (
        "Sidetallet skal være mellem 1 og {max_page}.",
        "The page must be between 1 and {max_page}.",
    ),
    "bad_page_size": (
        "Antal resultater pr. side skal være mindst 1.",
        "The page size must be at least 1.",
    ),
    "not_a_number": (
        "»{value}« er ikke et tal.",
        "“{value}” is not a number.",
    ),
    "bad_sort": (
        "Der kan sorteres efter relevans, nyeste, titel eller forfatter.",
        "Results can be sorted by relevance, newest, title or creator.",
    ),
    "bad_year_range": (
        "Årstallet »fra« skal være før eller lig med årstallet »til«.",
        "The year “from” must be before or equal to the year “to”.",
    ),
    "bad_year.search": (
        "Årstallet skal være mellem {first} og {last}.",
        "The year must be between {first} and {last}.",
    ),
    "too_many_registrations": (
        "For mange nye lånere på kort tid; prøv igen om lidt.",
        "Too many new patrons in a short time; try again in a moment.",
    ),
    "too_many_suggestions": (
        "For mange forslag på kort tid; vent et øjeblik.",
        "Too many suggestions in a short time; wait a moment.",
    ),
    "query_too_long": (
        "Søgningen er for lang; højst {max_query_length} tegn.",
        "The query is too long; at most {max_query_length} characters.",
    ),
    # --- selfservice -----------------------------------------------------------------------------
    "closed": (
        "Biblioteket er lukket nu.",
        "The library is closed now.",
    ),
    "hold_mode": (
        "Reserveringer kan ikke ændres her.",
        "Reservations cannot be changed here.",
    ),
    "internal": (
        "Der skete en fejl. Kontakt personalet.",
        "Something went wrong. Please ask staff.",
    ),
    "item_update": (
        "Materialets oplysninger ændres af personalet i kataloget, ikke på en automat.",
        "A copy's details are changed by staff in the catalogue, not at a machine.",
    ),
    "no_item": (
        "Scan materialets stregkode.",
        "Please scan the item's barcode.",
    ),
    "not_logged_in": (
        "Automaten er ikke logget ind.",
        "The machine is not logged in.",
    ),
    "not_your_branch": (
        "Døren hører til en anden afdeling.",
        "The door belongs to another branch.",
    ),
    "pin_required": (
        "Indtast din PIN-kode.",
        "Please enter your PIN.",
    ),
    "too_young": (
        "Du skal være {min_age} år for at bruge det åbne bibliotek.",
        "You must be {min_age} to use the open library.",
    ),
    "too_young.consent": (
        "Du skal være {min_age} år eller have din værges samtykke for at bruge det åbne bibliotek.",
        "You must be {min_age} or have your guardian's consent to use the open library.",
    ),
    "unknown_barcode.unnamed": (
        "Stregkoden kendes ikke.",
        "The barcode is not known.",
    ),
    "unreadable_message": (
        "Automatens besked kunne ikke læses. Prøv igen.",
        "The machine's message could not be read. Please try again.",
    ),
    "welcome": (
        "Velkommen.",
        "Welcome.",
    ),
    # --- sharing ---------------------------------------------------------------------------------
    "bad_reason": (
        "Ukendt begrundelse.",
        "Unknown reason.",
    ),
    "grant_columns": (
        "CSV-filen mangler kolonnen/kolonnerne {missing} (forventet: {columns}).",
        "The CSV file lacks the column(s) {missing} (expected: {columns}).",
    ),
    "grant_duplicate": (
        "Linje {line}: »{name}« står der to gange.",
        "Line {line}: “{name}” appears twice.",
    ),
    "grant_empty.regions": (
        "Der er ingen regioner at fordele til.",
        "There are no regions to split the grant among.",
    ),
    "grant_empty.rows": (
        "CSV-filen har ingen rækker.",
        "The CSV file has no rows.",
    ),
    "grant_no_municipalities": (
        "Regionerne har tilsammen ingen kommuner.",
        "The regions have no municipalities between them.",
    ),
    "grant_no_population": (
        "Regionerne har tilsammen intet indbyggertal.",
        "The regions have no population between them.",
    ),
    "grant_number": (
        "»{text}« er ikke et tal.",
        "“{text}” is not a number.",
    ),
    "grant_number.line": (
        "Linje {line}: {column} skal være et helt tal ≥ 0, ikke »{value}«.",
        "Line {line}: {column} must be a whole number ≥ 0, not “{value}”.",
    ),
    "grant_shares": (
        "Andelene skal være tre ikke-negative tal, der tilsammen giver 100.",
        "The shares must be three non-negative numbers that add up to 100.",
    ),
    "grant_total": (
        "Beløbet skal være større end 0.",
        "The total must be more than 0.",
    ),
    "grant_unknown": (
        "Linje {line}: »{name}« er ikke et centralbibliotek.",
        "Line {line}: “{name}” is not a central library.",
    ),
    "ill_bad_copy": (
        "Eksemplaret kan ikke sendes.",
        "That copy cannot be sent.",
    ),
    "ill_exists": (
        "Reserveringen er allerede bestilt som fjernlån.",
        "The reservation is already an interlibrary request.",
    ),
    "ill_no_copy": (
        "Der er intet eksemplar at sende.",
        "There is no copy to send.",
    ),
    "ill_no_renewal": (
        "Fjernlånet kan ikke fornys nu.",
        "The interlibrary loan cannot be renewed now.",
    ),
    "ill_out_of_order": (
        "Fjernlånet kan ikke gå fra {state} til {to}.",
        "The interlibrary loan cannot go from {state} to {to}.",
    ),
    "unknown_ill_request": (
        "Fjernlånet findes ikke.",
        "There is no such interlibrary loan.",
    ),
    # --- throttle --------------------------------------------------------------------------------
    "staff_login_paused": (
        "For mange forkerte adgangskoder. Vent op til {minutes} minutter, eller log ind fra den "
        "maskine, du plejer at bruge.",
        "Too many wrong passwords. Wait up to {minutes} minutes, or log in from the machine you "
        "usually use.",
    ),
    # --- transport -------------------------------------------------------------------------------
    "unknown_hub": (
        "Knudepunktet {hub_code} kendes ikke.",
        "The hub {hub_code} is not known.",
    ),
    "unknown_item": (
        "Stregkoden {barcode} kendes ikke.",
        "The barcode {barcode} is not known.",
    ),
    # --- the life of a copy, stocktaking, weeding (collection) ---------------------------------
    "copy_status_not_by_hand": (
        "Den status kan ikke gives med hånden: udlån, transport og afhentningshylde styres af "
        "udlånet, og \"tabt\" meldes på lånerens lån.",
        "That status cannot be given by hand: loans, transit and the hold shelf follow "
        "lending, and \"lost\" is declared on the patron's loan.",
    ),
    "copy_status_same": (
        "Eksemplaret har allerede den status.",
        "The copy already has that status.",
    ),
    "copy_on_loan": (
        "Eksemplaret er udlånt: aflever det først, eller meld det tabt på lånet.",
        "The copy is on loan: check it in first, or declare it lost on the loan.",
    ),
    "copy_found_at_desk": (
        "Et savnet eller tabt eksemplar, der er fundet, skal afleveres i skranken, så gebyrer og "
        "reserveringer bliver behandlet.",
        "A missing or lost copy that has turned up is checked in at the desk, so charges and "
        "reservations are seen to.",
    ),
    "copy_no_reason": (
        "Skriv en begrundelse for ændringen.",
        "Give a reason for the change.",
    ),
    "bad_stocktake_scope": (
        "Vælg hele filialen, en afdeling eller en hyldeplacering at tælle op.",
        "Choose the whole branch, a section or a shelf location to count.",
    ),
    "stocktake_closed": (
        "Optællingen er allerede bekræftet og kan ikke ændres.",
        "The stocktake has already been confirmed and cannot be changed.",
    ),
    "no_barcodes.file": (
        "Filen indeholder ingen stregkoder (én pr. linje, eller i første kolonne af en CSV-fil).",
        "The file holds no barcodes (one a line, or in the first column of a CSV file).",
    ),
    "unknown_stocktake": (
        "Optællingen findes ikke.",
        "There is no such stocktake.",
    ),
    "unknown_weeding": (
        "Kassationslisten findes ikke.",
        "There is no such weeding list.",
    ),
    "weeding_closed": (
        "Kassationen er afsluttet.",
        "The weeding has been finished.",
    ),
    "no_weeding_copies": (
        "Listen har ingen eksemplarer at kassere.",
        "The list has no copies to weed.",
    ),
    # --- oai (the protocol's error codes: oai/rules.py ERROR_CODES) -----------------------------
    "oai_bad_argument.date": (
        "{value} er ikke en dato (ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTtt:mm:ssZ).",
        "{value} is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).",
    ),
    "oai_bad_argument.exclusive": (
        "resumptionToken kan ikke stå sammen med andre argumenter.",
        "resumptionToken cannot be given with other arguments.",
    ),
    "oai_bad_argument.granularity": (
        "from og until skal have samme præcision.",
        "from and until must have the same granularity.",
    ),
    "oai_bad_argument.illegal": (
        "Argumentet {name} hører ikke til dette verbum.",
        "The argument {name} does not belong to this verb.",
    ),
    "oai_bad_argument.missing": (
        "Argumentet {name} mangler.",
        "The argument {name} is missing.",
    ),
    "oai_bad_argument.range": (
        "from ligger efter until.",
        "from is later than until.",
    ),
    "oai_bad_argument.repeated": (
        "Argumentet {name} er givet mere end én gang.",
        "The argument {name} is given more than once.",
    ),
    "oai_bad_token": (
        "Genoptagelsesnøglen (resumptionToken) er ugyldig.",
        "The resumption token is not valid.",
    ),
    "oai_bad_verb": (
        "Verbet mangler, er gentaget eller findes ikke i OAI-PMH.",
        "The verb is missing, repeated or not an OAI-PMH verb.",
    ),
    "oai_cannot_disseminate": (
        "Formatet {prefix} findes ikke her; brug marc21 eller oai_dc.",
        "The format {prefix} is not offered here; use marc21 or oai_dc.",
    ),
    "oai_no_records": (
        "Ingen poster passer til forespørgslen.",
        "No records match the request.",
    ),
    "oai_too_many": (
        "For mange forespørgsler fra denne adresse; prøv igen om lidt.",
        "Too many requests from this address; try again in a moment.",
    ),
    "oai_unknown_id": (
        "Posten {identifier} findes ikke.",
        "There is no record {identifier}.",
    ),
    # --- web -------------------------------------------------------------------------------------
    "bad_block_link": (
        "En blok kan kun linke til en side på dette websted, fx /events/.",
        "A block can only link to a page on this site, e.g. /events/.",
    ),
    "bad_block_kind": (
        "Den slags blok findes ikke.",
        "There is no such kind of block.",
    ),
    "nul_character": (
        "Forespørgslen indeholder et nul-tegn (0x00), som ingen tekst kan indeholde.",
        "The request holds a NUL character (0x00), which no text may contain.",
    ),
    # A library's data coming in (reol/transfer): each refused row of an import's report.
    "import_missing": (
        "Kolonnen {column} mangler en værdi.",
        "The column {column} has no value.",
    ),
    "import_bad_value": (
        "Kolonnen {column} kan ikke have værdien {value}.",
        "The column {column} cannot have the value {value}.",
    ),
    "import_unknown": (
        "{value} i kolonnen {column} kendes ikke (i dette bibliotek).",
        "{value} in the column {column} is not known (in this library).",
    ),
    "import_twice": (
        "Rækken findes allerede længere oppe i filen.",
        "The row is already in the file, further up.",
    ),
    "import_clash": (
        "Databasen afviser rækken: {detail}",
        "The database refuses the row: {detail}",
    ),
    "import_other_library": (
        "Mappen er biblioteket {agency}, ikke det bibliotek, der er valgt.",
        "The folder holds the library {agency}, not the library chosen.",
    ),
    "import_no_library": (
        "Hvilket bibliotek? Giv --library eller en library.csv.",
        "Which library? Give --library or a library.csv.",
    ),
    "import_no_history": (
        "Låneren har ikke valgt at gemme sin lånehistorik.",
        "The patron has not chosen to keep a loan history.",
    ),
    "import_record": (
        "Posten kan ikke tages ind: {reason}",
        "The record cannot be taken in: {reason}",
    ),
    # The FBS Adapter (reol/fbs): registering the way the libraries' web sites do.
    "bad_cpr": (
        "Det er ikke et gyldigt CPR-nummer.",
        "That is not a valid CPR number.",
    ),
    "guardian_needed": (
        "Et barn under 18 år oprettes af en værge, som er låner her.",
        "A child under 18 is registered by a guardian who is a patron here.",
    ),
    "guardian_needed.adult": (
        "Værgen skal være fyldt 18 år.",
        "The guardian must be 18 or older.",
    ),
    "guardian_needed.other_person": (
        "Værgen og barnet skal være to forskellige personer.",
        "The guardian and the child must be two different people.",
    ),
    "not_your_card": (
        "PIN-koden kan kun skiftes for dit eget kort.",
        "The PIN can only be changed for your own card.",
    ),
}

# A loan rule's values, one code per field (bad_loan_days, …), one wording per kind of field.
for _field in ("loan_days", "renewals", "renewal_window_days", "max_loans", "max_reservations",
               "hold_shelf_days", "interest_days"):
    REFUSALS[f"bad_{_field}"] = ("Værdien skal være et helt tal fra {low} til {high}.",
                                 "The value must be a whole number from {low} to {high}.")
for _field in ("overdue_fee_per_day", "max_overdue_fee", "replacement_charge", "max_owed"):
    REFUSALS[f"bad_{_field}"] = (
        "Beløbet skal være fra 0 til {max_money} kr. med højst to decimaler.",
        "The amount must be from 0 to {max_money} kr. with at most two decimals.")
for _field in ("patron_group", "loan_category", "material_type"):
    REFUSALS[f"bad_{_field}"] = ("Ukendt værdi i reglens celle.",
                                 "Unknown value in the rule's cell.")
