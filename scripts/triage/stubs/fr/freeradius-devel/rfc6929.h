/* generated from share/dictionary.rfc6929 in a real build; empty stub */
