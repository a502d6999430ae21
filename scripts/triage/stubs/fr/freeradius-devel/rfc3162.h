/* generated from share/dictionary.rfc3162 in a real build; empty stub */
