/* generated from share/dictionary.rfc4849 in a real build; empty stub */
