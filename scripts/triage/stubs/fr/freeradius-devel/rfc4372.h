/* generated from share/dictionary.rfc4372 in a real build; empty stub */
