/* generated from share/dictionary.rfc5607 in a real build; empty stub */
