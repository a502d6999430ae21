/* generated from share/dictionary.rfc5904 in a real build; empty stub */
