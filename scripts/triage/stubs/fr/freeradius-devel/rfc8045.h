/* generated from share/dictionary.rfc8045 in a real build; empty stub */
