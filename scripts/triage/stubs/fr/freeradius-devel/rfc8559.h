/* generated from share/dictionary.rfc8559 in a real build; empty stub */
