"""``linja sample``: synthetic contact records for the five Helse Vest trusts."""
