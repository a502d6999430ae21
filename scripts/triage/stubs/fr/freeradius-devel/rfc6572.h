/* generated from share/dictionary.rfc6572 in a real build; empty stub */
