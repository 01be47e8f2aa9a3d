# Danish: "søndag den 6. december 2026", "søn 6. dec 14:00" (Django's M would say "Dec").
DAY_FORMAT = r"l \d\e\n j. F Y"
DAY_MONTH_FORMAT = r"l \d\e\n j. F"
DAY_TIME_FORMAT = r"l \d\e\n j. F Y, \k\l. H:i"
DATE_TIME_FORMAT = r"j. F Y, \k\l. H:i"
MONTH_DAY_TIME_FORMAT = r"j. F, \k\l. H:i"
SHORT_DAY_FORMAT = "D j. b"
SHORT_DAY_TIME_FORMAT = "D j. b H:i"
