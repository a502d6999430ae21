/* generated from share/dictionary.rfc6911 in a real build; empty stub */
