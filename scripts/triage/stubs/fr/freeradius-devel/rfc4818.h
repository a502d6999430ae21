/* generated from share/dictionary.rfc4818 in a real build; empty stub */
