/* generated from share/dictionary.freeradius in a real build; empty stub */
