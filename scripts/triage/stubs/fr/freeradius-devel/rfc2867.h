/* generated from share/dictionary.rfc2867 in a real build; empty stub */
