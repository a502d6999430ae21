/* generated from share/dictionary.rfc6519 in a real build; empty stub */
