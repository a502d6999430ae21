/* generated from share/dictionary.rfc7499 in a real build; empty stub */
