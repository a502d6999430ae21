/* generated from share/dictionary.rfc6930 in a real build; empty stub */
