"""Date formats beyond Django's per language (FORMAT_MODULE_PATH), named so templates say
what they show: `{{ day|date:"DAY_FORMAT" }}` is "søndag den 6. december 2026" in Danish and
"Sunday 6 December 2026" in English. Django's own formats fill in everything not named here.
Numbers are grouped where they are counts (`floatformat:"0g"`: 1.133 and 1,133), not
everywhere (USE_THOUSAND_SEPARATOR would print years and ids as 2.026)."""
