/* generated from share/dictionary.rfc7930 in a real build; empty stub */
