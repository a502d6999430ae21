/* generated from share/dictionary.rfc5090 in a real build; empty stub */
