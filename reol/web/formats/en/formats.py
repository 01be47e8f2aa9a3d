# English as a Danish library writes it: day before month, 24-hour clock. Django's own
# DATE_FORMAT ("Dec. 2, 2026") stays for the notices that already use it.
DAY_FORMAT = "l j F Y"
DAY_MONTH_FORMAT = "l j F"
DAY_TIME_FORMAT = "l j F Y, H:i"
DATE_TIME_FORMAT = "j F Y, H:i"
MONTH_DAY_TIME_FORMAT = "j F, H:i"
SHORT_DAY_FORMAT = "D j M"
SHORT_DAY_TIME_FORMAT = "D j M H:i"
