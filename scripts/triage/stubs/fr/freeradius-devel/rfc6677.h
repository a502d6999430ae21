/* generated from share/dictionary.rfc6677 in a real build; empty stub */
