/* generated from share/dictionary.freeradius.internal in a real build; empty stub */
