/* generated from share/dictionary.rfc4072 in a real build; empty stub */
