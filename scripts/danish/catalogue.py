"""Danish for the catalogue's clean data and covers (issue 15)."""

DANISH = {
    "Cover: %(title)s by %(creator)s": "Omslag: %(title)s af %(creator)s",
    "Cover: %(title)s": "Omslag: %(title)s",
    "Genre and form": "Genre og form",
    "Subject area": "Fagområde",
    "Change the cover": "Skift omslaget",
    "The record has its generated cover again.": "Posten har sit tegnede omslag igen.",
    "The cover is saved.": "Omslaget er gemt.",
    "Choose an image to upload.": "Vælg et billede at lægge op.",
    "Cover": "Omslag",
    "Cover of %(title)s": "Omslag til %(title)s",
    "An image (JPEG, PNG or WebP, at most %(max_mb)s MB)":
        "Et billede (JPEG, PNG eller WebP, højst %(max_mb)s MB)",
    "Upload cover": "Læg omslaget op",
    "Use the generated cover": "Brug det tegnede omslag",
    "Back to the record": "Tilbage til posten",
}
