/* generated from share/dictionary.rfc7055 in a real build; empty stub */
