/* generated from share/dictionary.rfc5447 in a real build; empty stub */
