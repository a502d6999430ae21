/* generated from share/dictionary.rfc5176 in a real build; empty stub */
