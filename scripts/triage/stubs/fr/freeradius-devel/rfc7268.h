/* generated from share/dictionary.rfc7268 in a real build; empty stub */
