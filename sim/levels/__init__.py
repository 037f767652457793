"""Level files on the PC: the thorough checker and the playtest."""
