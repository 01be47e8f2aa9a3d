"""Danish for works: the search list by work, the work page, reserving a work in a format,
the staff page that splits and joins works, and asking before a reservation is cancelled."""

DANISH = {
    # search and the work page
    "Formats": "Former", "on the shelf": "på hylden", "Editions": "Udgaver",
    "Every edition and format of this work": "Alle udgaver og former af værket",
    "No copy can be reserved right now.": "Intet eksemplar kan reserveres lige nu.",
    # reserving a work in a format
    "%(counter)s patron waiting": ("%(counter)s låner venter", "%(counter)s lånere venter"),
    "copies on loan due back": "udlånte eksemplarer afleveres",
    "You have reserved this.": "Du har reserveret den.",
    "Reserve as %(format)s (any edition)": "Reservér som %(format)s (enhver udgave)",
    "Want one particular edition? Open it below and reserve it there.":
        "Vil du have en bestemt udgave? Åbn den nedenfor, og reservér den dér.",
    "You cannot reserve right now:": "Du kan ikke reservere lige nu:",
    "You have reserved “%(title)s” (%(format)s, any edition). %(where)s":
        "Du har reserveret »%(title)s« (%(format)s, enhver udgave). %(where)s",
    "You are number %(n)d in the queue.": "Du er nummer %(n)d i køen.",
    "%(format)s, any edition": "%(format)s, enhver udgave",
    # Min side: cancelling asks first
    "Cancel it? Your place in the queue is lost.": "Vil du afbestille? Du mister din plads i køen.",
    "Yes, cancel the reservation": "Ja, afbestil reserveringen",
    # staff: split and join
    "Work": "Værk", "Record": "Post",
    "Records are grouped into works by rules. Split a record off when it is another work; "
    "join it to the right work by the work's number or a record's pid. A record you split or "
    "join stays where you put it until you let the rules decide again.":
        "Poster samles i værker efter regler. Skil en post fra, når den er et andet værk; "
        "føj den til det rigtige værk med værkets nummer eller en posts pid. En post, du "
        "skiller fra eller føjer til, bliver, hvor du satte den, til du lader reglerne "
        "bestemme igen.",
    "The work's public page": "Værkets offentlige side",
    "placed by staff": "placeret af personalet", "Split off": "Skil fra",
    "Join to work (number or pid)": "Føj til værk (nummer eller pid)", "Join": "Føj til",
    "Let the rules decide": "Lad reglerne bestemme",
    # the API
    "No work has the id %(id)s.": "Intet værk har id'et %(id)s.",
}
