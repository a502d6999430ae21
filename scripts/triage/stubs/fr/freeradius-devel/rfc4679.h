/* generated from share/dictionary.rfc4679 in a real build; empty stub */
