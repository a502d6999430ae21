/* generated from share/dictionary.rfc7155 in a real build; empty stub */
